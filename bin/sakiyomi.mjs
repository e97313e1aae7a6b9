#!/usr/bin/env node
// Entry point for the `sakiyomi` command: registers the TypeScript loader (tsx) and runs sim/cli.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../sim/cli.ts');
process.exitCode = await main(process.argv.slice(2));
