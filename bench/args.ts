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

/** A file argument that cannot be read, by its error code. */
const FILE_ERRORS: Record<string, string> = { ENOENT: 'no such file', EISDIR: 'is a directory, not a file', EACCES: 'permission denied', ENOTDIR: 'a part of the path is not a directory' };

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
    if (e instanceof ScriptInputError || code.startsWith('ERR_PARSE_ARGS') || Object.hasOwn(FILE_ERRORS, code) || isInput(e)) {
      const file = Object.hasOwn(FILE_ERRORS, code) && typeof e.path === 'string' ? `${e.path}: ${FILE_ERRORS[code]}` : undefined;
      process.stderr.write(`error: ${file ?? e.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${e?.stack ?? String(e)}\n`);
    process.exit(1);
  });
}
