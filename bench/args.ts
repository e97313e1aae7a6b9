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

/** Bad input to a bench script (an option, a file): "error: <message>", exit 2, no stack. */
export class ScriptInputError extends Error {}

/**
 * Makes bad input end the script as the CLI does: ScriptInputError, node:util parseArgs' errors,
 * a file that cannot be read, and what `isInput` also accepts (e.g. ValidationInputError) print
 * "error: <message>" and exit 2; anything else is a bug and keeps its stack (exit 1). Call it
 * before parsing the arguments.
 */
export function exitOnInputErrors(isInput: (e: unknown) => boolean = () => false): void {
  process.on('uncaughtException', (e: NodeJS.ErrnoException) => {
    const code = typeof e?.code === 'string' ? e.code : '';
    if (e instanceof ScriptInputError || code.startsWith('ERR_PARSE_ARGS') || ['ENOENT', 'EISDIR', 'EACCES', 'ENOTDIR'].includes(code) || isInput(e)) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${e?.stack ?? String(e)}\n`);
    process.exit(1);
  });
}
