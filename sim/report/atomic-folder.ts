// Landing files atomically: a folder of files (prepareFolder: a fresh draft folder beside the
// target, renamed into place on commit) or a single file (writeText/writeJson: a temporary file
// renamed over the target), confined to the path asked for and never following a link. The
// file-system half of report/write.ts, which says which files each report holds.
// Invariants (the guarantees write.ts's header states for every report):
// - reportFolder(parent, name) accepts only a plain single-segment name resolved directly inside
//   `parent`; every other failure of a path is an OutputPathError (exit 2), raised before the run;
// - files are created with O_EXCL ('wx') inside a fresh `.<name>.sakiyomi-tmp-<hex>` draft, and a
//   commit renames target → `.<name>.sakiyomi-old-<hex>`, draft → target, then removes the old:
//   a kill leaves the previous complete folder or the new one (or, for microseconds between the
//   two renames, the previous one in the backup, which the next prepare restores);
// - leftover drafts and backups of a target are swept by its next prepare, except this process's
//   live drafts.
// NOTE: not durable against power loss (no fsync); not safe against two processes writing the
// same target at once.

import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An output path that cannot be used (empty, a file, a link, outside its parent, not writable): exit 2. */
export class OutputPathError extends Error {}

const TMP = '.sakiyomi-tmp-';
const OLD = '.sakiyomi-old-';
/** Drafts this process created and has not committed or aborted: never swept as leftovers. */
const liveDrafts = new Set<string>();

const REASONS: Readonly<Record<string, string>> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  ENAMETOOLONG: 'a name in the path is too long',
  ENOENT: 'a part of the path cannot be created',
  ELOOP: 'too many symbolic links in the path',
};

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  return REASONS[code] !== undefined ? `${REASONS[code]} (${code})` : (e as Error)?.message ?? String(e);
}

/** Refuses an empty path or one holding a NUL. */
function checkPathText(path: string, what: string): void {
  if (path === '') throw new OutputPathError(`the ${what} path is empty; expected a path such as reports/my-run`);
  if (path.includes('\0')) throw new OutputPathError(`the ${what} path contains a NUL character; expected a plain path`);
}

/**
 * The report folder `name` inside `parent`: resolve(parent, name), after checking that name is
 * one plain path segment and the result sits directly inside parent. Throws OutputPathError otherwise.
 */
export function reportFolder(parent: string, name: string): string {
  const bad = name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name);
  const parentPath = resolve(parent);
  const path = bad ? '' : resolve(parentPath, name);
  if (bad || dirname(path) !== parentPath || basename(path) !== name) {
    throw new OutputPathError(
      `unsafe report folder name '${name}': a scenario name becomes one folder inside ${parent}, so it must be a plain name ` +
        `(letters, digits, '.', '_', '-'; no '/', '\\', '..' or NUL); rename the scenario (its \`name\` field or file name)`,
    );
  }
  return join(parent, name);
}

export async function lstatOrUndefined(path: string): Promise<Awaited<ReturnType<typeof lstat>> | undefined> {
  try {
    return await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') throw new OutputPathError(`cannot use ${path}: ${reason(e)}`);
    throw e;
  }
}

/**
 * mkdir -p without { recursive: true }: creates each missing folder of `path` in turn, from the
 * nearest existing ancestor (followed if it is a link: the user's own path). Node's recursive
 * mkdir loops forever under /proc (`--out /proc/x/y` hung); this one fails with ENOENT instead.
 */
async function makeFolders(path: string): Promise<void> {
  const missing: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    try {
      if (!(await stat(p)).isDirectory()) throw Object.assign(new Error(`${p} is not a folder`), { code: 'ENOTDIR' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(p) === p) throw e;
      missing.push(p);
    }
  }
  for (const p of missing.reverse()) await mkdir(p);
}

/** Repairs what a killed writer of `target` left: restores a backup when the target is missing, removes stale drafts and backups. */
async function sweepLeftovers(target: string): Promise<void> {
  const parent = dirname(target);
  const base = basename(target);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  const mine = names.filter((n) => n.startsWith(`.${base}${TMP}`) || n.startsWith(`.${base}${OLD}`)).sort();
  const backups = mine.filter((n) => n.startsWith(`.${base}${OLD}`));
  if (backups.length > 0 && (await lstatOrUndefined(target)) === undefined) {
    await rename(join(parent, backups[0]), target);
  }
  for (const n of mine) {
    const path = join(parent, n);
    if (!liveDrafts.has(path)) await rm(path, { recursive: true, force: true });
  }
}

/** A draft folder beside its target: files go in `dir`; commit renames it into place. */
export interface FolderDraft {
  readonly dir: string;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Checks `outDir` (not empty, not a file or a link, holding only `allowed` names), creates its
 * parent and a fresh draft folder beside it. Every failure is an OutputPathError.
 */
export async function prepareFolder(outDir: string, allowed: readonly string[], what: string): Promise<FolderDraft> {
  checkPathText(outDir, what);
  const target = resolve(outDir);
  const parent = dirname(target);
  try {
    await makeFolders(parent);
  } catch (e) {
    throw new OutputPathError(`cannot create the ${what} ${outDir}: ${reason(e)}; choose a writable folder`);
  }
  await sweepLeftovers(target);
  const st = await lstatOrUndefined(target);
  if (st !== undefined) {
    if (st.isSymbolicLink()) throw new OutputPathError(`the ${what} ${outDir} is a symbolic link; give a real folder (reports never follow links)`);
    if (!st.isDirectory()) throw new OutputPathError(`the ${what} ${outDir} is an existing file; expected a folder (or a path that does not exist yet)`);
    const foreign = (await readdir(target)).filter((n) => !allowed.includes(n)).sort();
    if (foreign.length > 0) {
      const shown = foreign.slice(0, 3).map((n) => `'${n}'`).join(', ');
      throw new OutputPathError(
        `the ${what} ${outDir} holds files that are not part of a report (${shown}${foreign.length > 3 ? ', …' : ''}); ` +
          'a report replaces its whole folder, so choose an empty or new folder',
      );
    }
  }
  const suffix = randomBytes(6).toString('hex');
  const dir = join(parent, `.${basename(target)}${TMP}${suffix}`);
  try {
    await mkdir(dir);
  } catch (e) {
    throw new OutputPathError(`cannot write the ${what} ${outDir}: ${reason(e)}; choose a writable folder`);
  }
  liveDrafts.add(dir);
  return {
    dir,
    async commit() {
      const current = await lstatOrUndefined(target);
      if (current === undefined) {
        await rename(dir, target);
      } else {
        if (!current.isDirectory()) throw new OutputPathError(`the ${what} ${outDir} changed into a file or link while simulating; nothing was replaced`);
        const backup = join(parent, `.${basename(target)}${OLD}${suffix}`);
        await rename(target, backup);
        try {
          await rename(dir, target);
        } catch (e) {
          await rename(backup, target);
          throw e;
        }
        await rm(backup, { recursive: true, force: true });
      }
      liveDrafts.delete(dir);
    },
    async abort() {
      liveDrafts.delete(dir);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Writes text as a new file (O_EXCL: fails rather than follow or reuse anything at the path). */
export async function createText(path: string, text: string): Promise<void> {
  await writeFile(path, text, { encoding: 'utf8', flag: 'wx' });
}

/** Streams text chunks into a new file, honouring back-pressure. */
export async function createChunks(path: string, chunks: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks), createWriteStream(path, { encoding: 'utf8', flags: 'wx' }));
}

export const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Checks an output file path before anything is simulated, and makes its parent folder: its
 * resolved path. OutputPathError when the path is empty, ends with a separator, is a folder, or
 * its folder cannot be made (writeText checks the same again when it writes).
 */
export async function prepareOutputFile(path: string): Promise<string> {
  checkPathText(path, 'output file');
  if (/[\\/]$/.test(path)) throw new OutputPathError(`the output file ${path} ends with a path separator; expected a file path (e.g. ${path.replace(/[\\/]+$/, '')}.json)`);
  const target = resolve(path);
  try {
    await makeFolders(dirname(target));
  } catch (e) {
    throw new OutputPathError(`cannot create the output file ${path}: ${reason(e)}; choose a writable path`);
  }
  const st = await lstatOrUndefined(target);
  if (st?.isDirectory() === true) throw new OutputPathError(`the output file ${path} is a folder; expected a file path`);
  return target;
}

/**
 * Writes text as UTF-8 to a file atomically: a fresh temporary file beside it, renamed over the
 * target (a symlink at the target is replaced, never followed); creates the parent if missing.
 * OutputPathError when the path is empty, a folder, or cannot be written.
 */
export async function writeText(path: string, text: string): Promise<void> {
  const target = await prepareOutputFile(path);
  await sweepLeftovers(target);
  const tmp = join(dirname(target), `.${basename(target)}${TMP}${randomBytes(6).toString('hex')}`);
  try {
    await createText(tmp, text);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new OutputPathError(`cannot write the output file ${path}: ${reason(e)}; choose a writable path`);
  }
  try {
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Writes a value as 2-space-indented JSON with a trailing newline, atomically (as writeText). */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeText(path, json(value));
}
