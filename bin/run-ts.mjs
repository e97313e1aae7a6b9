#!/usr/bin/env node
// Runs one TypeScript file (the benchmark) through the tsx loader: `node bin/run-ts.mjs bench/bench.ts`.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

register();
await import(pathToFileURL(resolve(process.argv[2])).href);
