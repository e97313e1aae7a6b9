// The command-line arguments of a bench script: what follows the script's own path in argv,
// however it was started (`node bin/run-ts.mjs bench/x.ts …`, `npx tsx bench/x.ts …`), for
// node:util parseArgs.

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function scriptArgs(metaUrl: string): string[] {
  const self = fileURLToPath(metaUrl);
  const at = process.argv.findIndex((arg) => resolve(arg) === self);
  return process.argv.slice(at === -1 ? 2 : at + 1);
}
