// Reading a user-supplied input file safely: only a regular file (a symlink is followed to its
// target, which must be regular too), no bigger than a cap that is checked on the open file
// descriptor BEFORE anything is read, so /dev/zero, a FIFO, a directory or a 50 MB file fail fast
// with a one-line ScenarioError (the CLI's exit 2) instead of hanging or eating memory.
// Invariants: the file is opened once (O_NONBLOCK, so opening a FIFO cannot block) and the checks
// are made on that descriptor, so the file checked is the file read; at most maxBytes + 1 bytes
// are ever read (a file that grows after fstat is refused, not read to its end); a leading UTF-8
// BOM is dropped, so JSON with a BOM parses as YAML with one already did.
// NOTE: the caps are per kind of input (scenario, Hugging Face config, measurement CSV): each is
// about a thousand times the largest real file of its kind, and small enough that parsing the
// biggest accepted file takes at most a few seconds.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ScenarioError } from './errors.ts';

/**
 * Scenario files: the bundled ones are 1–3 KiB; an empirical length list of ~150k values fits.
 * Measured: a 2.6 MiB scenario (an empirical list of 560k lengths) takes 9.7 s and 830 MB to
 * load (YAML and zod), so 1 MiB keeps the worst accepted file to about 4 s; longer length
 * samples belong in a trace file (its own reader and cap).
 */
export const MAX_SCENARIO_BYTES = 2 ** 20;
/** Hugging Face config.json: real ones are 1–10 KiB. */
export const MAX_HF_CONFIG_BYTES = 2 ** 20;
/** Measurement CSVs: the shipped ones are a few hundred rows (tens of KiB). */
export const MAX_MEASUREMENTS_BYTES = 16 * 2 ** 20;

export interface ReadInputOptions {
  /** What the file is, for messages ("scenario", "Hugging Face config", "measurements CSV"). */
  what: string;
  maxBytes: number;
}

/** The file's text (UTF-8, BOM dropped); a ScenarioError naming `path` when it is not a readable regular file within the cap. */
export function readInputFile(path: string, { what, maxBytes }: ReadInputOptions): string {
  const fail = (message: string): never => {
    throw new ScenarioError(path, [{ path: '', message: `cannot read the ${what}: ${message}` }]);
  };
  if (path.includes('\0')) fail('the path contains a NUL character');
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return fail(errnoText(e));
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) fail(`not a regular file (${kindOf(stat)})`);
    if (stat.size > maxBytes) fail(`${formatBytes(stat.size)} is over the ${formatBytes(maxBytes)} limit for a ${what}`);
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) fail(`it grew past the ${formatBytes(maxBytes)} limit for a ${what} while being read`);
      if (length === buffer.length) break;
    }
    const text = buffer.toString('utf8', 0, length);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    return fail(errnoText(e));
  } finally {
    closeSync(fd);
  }
}

function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'not a regular file (a directory)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ENOTDIR':
      return 'a component of the path is not a directory';
    default:
      return code ?? (e as Error).message;
  }
}

function kindOf(stat: { isDirectory(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

function formatBytes(n: number): string {
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(n % 2 ** 20 === 0 ? 0 : 1)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(n % 2 ** 10 === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}
