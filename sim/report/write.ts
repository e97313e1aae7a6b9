// The one file writer of sakiyomi: a run's report folder, the journey's folder, compare's and plan's folders and single files
// (the JSON Schema), each landed atomically; the only file of the report room that touches the
// file system.
// Invariants:
// - Confined: a report is written only to the folder it was asked for. reportFolder(parent, name)
//   accepts only a plain single-segment name (no '/', '\', '..', '.', '', NUL), resolved and
//   checked to sit directly inside `parent`, whatever the schema lets through.
// - Never follows links: nothing is ever written into an existing folder. Every file is created
//   with O_EXCL ('wx') inside a fresh draft folder `.<name>.sakiyomi-tmp-<hex>` beside the target
//   (same parent, so rename(2) is atomic), and the draft is renamed into place. A symlink planted
//   in an old report folder is removed with that folder (rm unlinks links, never follows them);
//   a target that is itself a symlink, a file, or a folder holding anything but report files is
//   refused with an OutputPathError (exit 2) before any simulation.
// - Old or new, never a mix: rename(2) cannot replace a non-empty folder, so commit does
//   target → `.<name>.sakiyomi-old-<hex>`, draft → target, then removes the backup. A process
//   killed at any moment leaves either the previous complete report or the new complete one at
//   the target — except in the microseconds between the two renames, when the target is absent
//   and the previous complete report sits in the backup. The next prepare of the same target
//   repairs that (restores the backup when the target is missing) and removes leftover drafts
//   and backups. Single files (writeText/writeJson) are written to `.<name>.sakiyomi-tmp-<hex>`
//   and renamed over the target (rename replaces a symlink at the target; it never follows it).
// - Every file is a deterministic function of its input, so re-running regenerates
//   byte-identical reports; JSON is 2-space indented with a trailing newline; requests.csv is
//   streamed chunk by chunk (or by the run itself into draft.requestsCsvPath), never held whole.
// NOTE: not durable against power loss (no fsync); not safe against two sakiyomi processes
// writing the same target at once (the later prepare removes the earlier one's draft).
// NOTE: summary.json is the stable contract other tools read: { scenario, seed,
// simulatedSeconds, events, summary, replicas, notes, sakiyomiVersion?, resolved? } — add keys,
// never rename. JSON has no NaN: a metric without samples (NaN) is written as null. A replicated
// run (`run --replications`) writes study/'s replicated object instead (commit's `summary`), with
// the same provenance keys last, beside replication 0's requests.csv and charts.

import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TopLevelSpec } from 'vega-lite';
import type { ReplicaReport, RunResult, Summary } from '../metrics/index.ts';
import { latencyCdfSpec, timelineSpec } from './charts.ts';
import { requestsCsvChunks } from './csv.ts';
import { journeyCsv, journeyMarkdown, type JourneyRow } from './journey-table.ts';
import { renderSvg } from './render-svg.ts';

/** The files of a report directory, in the order writeReport returns them. */
export const REPORT_FILES = [
  'summary.json',
  'requests.csv',
  'latency-cdf.vl.json',
  'latency-cdf.svg',
  'timeline.vl.json',
  'timeline.svg',
] as const;

/** The files `sakiyomi journey` writes, in the order writeJourney returns them. */
export const JOURNEY_FILES = ['journey.md', 'journey.csv', 'journey.json'] as const;

/** The files `sakiyomi compare` writes, in the order prepareCompare's commit returns them. */
export const COMPARE_FILES = ['compare.json', 'compare.vl.json', 'compare.svg'] as const;

/** The files `sakiyomi plan` and `merge` write, in the order preparePlan's commit returns them. */
export const PLAN_FILES = ['plan.json', 'load.vl.json', 'load.svg', 'cost.vl.json', 'cost.svg'] as const;

/** An output path that cannot be used (empty, a file, a link, outside its parent, not writable): exit 2. */
export class OutputPathError extends Error {}

/** What was simulated, recorded in summary.json after the run's own keys (built by the caller from the resolved scenario). */
export interface SummaryProvenance {
  sakiyomiVersion: string;
  /** The resolved scenario: model, GPU, tp/pp/replicas, precision, engine settings in force, workload, SLO. */
  resolved: unknown;
}

/** The content of summary.json. */
export interface SummaryFile {
  scenario: string;
  seed: number;
  simulatedSeconds: number;
  events: number;
  summary: Summary;
  replicas: ReplicaReport[];
  notes: string[];
  sakiyomiVersion?: string;
  resolved?: unknown;
}

/** The summary.json object of a run (key order fixed here; provenance keys last, when given). */
export function summaryFile(result: RunResult, provenance?: SummaryProvenance): SummaryFile {
  return {
    scenario: result.scenarioName,
    seed: result.seed,
    simulatedSeconds: result.simulatedSeconds,
    events: result.events,
    summary: result.summary,
    replicas: result.replicas,
    notes: result.notes,
    ...(provenance === undefined ? {} : { sakiyomiVersion: provenance.sakiyomiVersion, resolved: provenance.resolved }),
  };
}

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

async function lstatOrUndefined(path: string): Promise<Awaited<ReturnType<typeof lstat>> | undefined> {
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
interface FolderDraft {
  readonly dir: string;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Checks `outDir` (not empty, not a file or a link, holding only `allowed` names), creates its
 * parent and a fresh draft folder beside it. Every failure is an OutputPathError.
 */
async function prepareFolder(outDir: string, allowed: readonly string[], what: string): Promise<FolderDraft> {
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
async function createText(path: string, text: string): Promise<void> {
  await writeFile(path, text, { encoding: 'utf8', flag: 'wx' });
}

/** Streams text chunks into a new file, honouring back-pressure. */
async function createChunks(path: string, chunks: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks), createWriteStream(path, { encoding: 'utf8', flags: 'wx' }));
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export interface ReportDraft {
  /** requests.csv inside the draft folder; a run may stream rows into it before commit. */
  readonly requestsCsvPath: string;
  /**
   * Writes every other report file (and requests.csv from result.requests when the run did not
   * stream it, i.e. the file does not exist yet), then moves the folder into place atomically;
   * returns the final paths in REPORT_FILES order. `summary`, when given, is written as
   * summary.json instead of the run's own (a replicated run's object; provenance keys appended).
   */
  commit(result: RunResult, summary?: Record<string, unknown>): Promise<string[]>;
  /** Removes the draft folder (on error or interruption). */
  abort(): Promise<void>;
}

/**
 * Checks outDir (OutputPathError: empty, a file, a link, a folder of other files, not writable)
 * and creates the draft folder beside it; called BEFORE simulating. `provenance`, when given,
 * is recorded in summary.json.
 */
export async function prepareReport(outDir: string, provenance?: SummaryProvenance): Promise<ReportDraft> {
  const folder = await prepareFolder(outDir, REPORT_FILES, 'report folder');
  const inDraft = (name: string): string => join(folder.dir, name);
  const requestsCsvPath = inDraft('requests.csv');
  return {
    requestsCsvPath,
    async commit(result, summary) {
      try {
        const file = summary === undefined ? summaryFile(result, provenance) : { ...summary, ...(provenance === undefined ? {} : { sakiyomiVersion: provenance.sakiyomiVersion, resolved: provenance.resolved }) };
        await createText(inDraft('summary.json'), json(file));
        const streamed = (await lstatOrUndefined(requestsCsvPath)) !== undefined;
        if (!streamed) {
          if (result.requests === undefined) throw new Error('requests.csv was neither streamed by the run nor given in result.requests');
          await createChunks(requestsCsvPath, requestsCsvChunks(result.requests));
        }
        const cdf = latencyCdfSpec(result);
        await createText(inDraft('latency-cdf.vl.json'), json(cdf));
        await createText(inDraft('latency-cdf.svg'), `${await renderSvg(cdf)}\n`);
        const timeline = timelineSpec(result);
        await createText(inDraft('timeline.vl.json'), json(timeline));
        await createText(inDraft('timeline.svg'), `${await renderSvg(timeline)}\n`);
        await folder.commit();
      } catch (e) {
        await folder.abort();
        throw e;
      }
      return REPORT_FILES.map((name) => join(outDir, name));
    },
    abort: () => folder.abort(),
  };
}

/** prepareReport + commit, for tests and library users: the report of a run in outDir; the paths in REPORT_FILES order. */
export async function writeReport(result: RunResult, outDir: string, provenance?: SummaryProvenance): Promise<string[]> {
  return (await prepareReport(outDir, provenance)).commit(result);
}

/** The journey's output folder, checked and drafted before the steps run. */
export interface JourneyDraft {
  /** Writes journey.md, journey.csv and journey.json ({ rows }) and moves the folder into place; the paths in JOURNEY_FILES order. */
  commit(rows: readonly JourneyRow[]): Promise<string[]>;
  abort(): Promise<void>;
}

/** Checks outDir as prepareReport does (for JOURNEY_FILES) and creates the draft; called before simulating. */
export async function prepareJourney(outDir: string): Promise<JourneyDraft> {
  const folder = await prepareFolder(outDir, JOURNEY_FILES, 'journey folder');
  return {
    async commit(rows) {
      try {
        await createText(join(folder.dir, 'journey.md'), journeyMarkdown(rows));
        await createText(join(folder.dir, 'journey.csv'), journeyCsv(rows));
        await createText(join(folder.dir, 'journey.json'), json({ rows }));
        await folder.commit();
      } catch (e) {
        await folder.abort();
        throw e;
      }
      return JOURNEY_FILES.map((name) => join(outDir, name));
    },
    abort: () => folder.abort(),
  };
}

/** Writes journey.md, journey.csv and journey.json ({ rows }) into outDir; returns their paths in JOURNEY_FILES order. */
export async function writeJourney(rows: readonly JourneyRow[], outDir: string): Promise<string[]> {
  return (await prepareJourney(outDir)).commit(rows);
}

/** The compare report folder, checked and drafted before the replications run. */
export interface CompareDraft {
  /** Writes compare.json (`json`), compare.vl.json and compare.svg (`chart`) and moves the folder into place; the paths in COMPARE_FILES order. */
  commit(json: unknown, chart: TopLevelSpec): Promise<string[]>;
  abort(): Promise<void>;
}

/** Checks outDir as prepareReport does (for COMPARE_FILES) and creates the draft; called before simulating. */
export async function prepareCompare(outDir: string): Promise<CompareDraft> {
  const folder = await prepareFolder(outDir, COMPARE_FILES, 'compare folder');
  return {
    async commit(value, chart) {
      try {
        await createText(join(folder.dir, 'compare.json'), json(value));
        await createText(join(folder.dir, 'compare.vl.json'), json(chart));
        await createText(join(folder.dir, 'compare.svg'), `${await renderSvg(chart)}\n`);
        await folder.commit();
      } catch (e) {
        await folder.abort();
        throw e;
      }
      return COMPARE_FILES.map((name) => join(outDir, name));
    },
    abort: () => folder.abort(),
  };
}

/** The plan report folder, checked and drafted before the configurations run. */
export interface PlanDraft {
  /** Writes plan.json (`result`), load.vl.json/svg and cost.vl.json/svg and moves the folder into place; the paths in PLAN_FILES order. */
  commit(result: unknown, loadChart: TopLevelSpec, costChart: TopLevelSpec): Promise<string[]>;
  abort(): Promise<void>;
}

/** Checks outDir as prepareReport does (for PLAN_FILES) and creates the draft; called before simulating. */
export async function preparePlan(outDir: string): Promise<PlanDraft> {
  const folder = await prepareFolder(outDir, PLAN_FILES, 'plan folder');
  return {
    async commit(result, loadChart, costChart) {
      try {
        await createText(join(folder.dir, 'plan.json'), json(result));
        await createText(join(folder.dir, 'load.vl.json'), json(loadChart));
        await createText(join(folder.dir, 'load.svg'), `${await renderSvg(loadChart)}\n`);
        await createText(join(folder.dir, 'cost.vl.json'), json(costChart));
        await createText(join(folder.dir, 'cost.svg'), `${await renderSvg(costChart)}\n`);
        await folder.commit();
      } catch (e) {
        await folder.abort();
        throw e;
      }
      return PLAN_FILES.map((name) => join(outDir, name));
    },
    abort: () => folder.abort(),
  };
}

/**
 * Writes text as UTF-8 to a file atomically: a fresh temporary file beside it, renamed over the
 * target (a symlink at the target is replaced, never followed); creates the parent if missing.
 * OutputPathError when the path is empty, a folder, or cannot be written.
 */
export async function writeText(path: string, text: string): Promise<void> {
  checkPathText(path, 'output file');
  const target = resolve(path);
  try {
    await makeFolders(dirname(target));
  } catch (e) {
    throw new OutputPathError(`cannot create the output file ${path}: ${reason(e)}; choose a writable path`);
  }
  await sweepLeftovers(target);
  const st = await lstatOrUndefined(target);
  if (st?.isDirectory() === true) throw new OutputPathError(`the output file ${path} is a folder; expected a file path`);
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
