// The results file of a plan (JSON lines): a header line naming the plan and a hash of its
// configurations and options, then one line per finished configuration (a PointResult), in the
// order they finished, and, for a screened plan (plan-screen.ts), one line per screened
// configuration tagged `"phase":"screen"`. Appended line by line and fsynced (report/plan-results-file.ts), so a
// process killed at any moment (even kill -9) leaves whole lines plus at most one partial last
// line, which resume ignores (and cuts off before appending).
// Invariants: a result line is JSON.stringify of the PointResult as runPlan keeps it (already a
// JSON round trip, so the resumed and the uninterrupted result are the same values); the hash
// covers every configuration's key, resolved config and skip reason, and the plan options — not
// the shard, so every shard of one plan carries the same hash and merge can check them.
// NOTE: pure: the text in, values out; the file is read and written by the report room.

import { createHash } from 'node:crypto';
import type { Plan, PointResult } from './plan-types.ts';
import type { Shard } from './plan-shard.ts';

export const PLAN_RESULTS_FORMAT = 'sakiyomi-plan-results/1';

export interface PlanResultsHeader {
  format: typeof PLAN_RESULTS_FORMAT;
  plan: string;
  /** The plan file as given on the command line (merge reloads it from there unless told otherwise). */
  file: string;
  hash: string;
  /** Configurations in the whole plan (every shard). */
  configurations: number;
  /** "i/n" when written by a shard. */
  shard?: string;
}

/** A results file that cannot be used (corrupt, another plan's, another shard's): bad input, exit 2. */
export class PlanResultsError extends Error {}

/** sha256 (hex) of the plan's options and configurations (key, resolved config, skip reason). */
export function planHash(plan: Plan): string {
  const body = {
    options: plan.options,
    points: plan.points.map((p) => ({ index: p.index, key: p.key, config: p.scenario?.config ?? null, skipped: p.skipped ?? null })),
  };
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

export function planResultsHeader(plan: Plan, shard?: Shard): PlanResultsHeader {
  return {
    format: PLAN_RESULTS_FORMAT,
    plan: plan.name,
    file: plan.file,
    hash: planHash(plan),
    configurations: plan.points.length,
    ...(shard === undefined ? {} : { shard: `${shard.index}/${shard.count}` }),
  };
}

/** The phase tag of a screening-pass line. */
export const SCREEN_PHASE = 'screen';

/** A line of the file: a final result, or a screening result tagged with its phase. */
export type ResultLine = PointResult & { phase?: typeof SCREEN_PHASE };

/** One line of the file, newline included. */
export const jsonLine = (value: unknown): string => `${JSON.stringify(value)}\n`;

/** The value runPlan keeps and writes: a JSON round trip (NaN → null, undefined keys dropped). */
export const asWritten = (r: PointResult): PointResult => JSON.parse(JSON.stringify(r)) as PointResult;

export interface ParsedResults {
  header: PlanResultsHeader;
  /** The configurations' final results (lines without a phase). */
  results: PointResult[];
  /** The screening pass's results (lines with phase 'screen', plan-screen.ts): resume skips them, merge ignores them. */
  screens: PointResult[];
  /** Length in UTF-8 bytes of the whole lines (a partial last line starts there). */
  wholeBytes: number;
  /** A partial last line (no newline) was found and ignored. */
  partial: boolean;
}

function isPointResult(v: unknown): v is PointResult {
  const r = v as PointResult;
  return r !== null && typeof r === 'object' && Number.isSafeInteger(r.index) && typeof r.key === 'string' && (r.status === 'ok' || r.status === 'skipped') && Array.isArray(r.curve) && typeof r.simulations === 'number';
}

/** Parses a results file's text; `file` names it in messages. A last line without its newline is ignored as partial. */
export function parseResultsText(file: string, text: string): ParsedResults {
  const end = text.lastIndexOf('\n') + 1;
  const partial = end < text.length;
  const lines = text.slice(0, end).split('\n').slice(0, -1);
  if (lines.length === 0) {
    throw new PlanResultsError(`${file}: no header line (not a sakiyomi plan results file, or killed before its first line); delete it to start afresh`);
  }
  const parse = (line: string, n: number): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      throw new PlanResultsError(`${file}: line ${n} is not JSON; expected one plan result per line (a file edited by hand?); delete the line or the file`);
    }
  };
  const header = parse(lines[0], 1) as PlanResultsHeader;
  if (header === null || typeof header !== 'object' || header.format !== PLAN_RESULTS_FORMAT || typeof header.hash !== 'string') {
    throw new PlanResultsError(`${file}: line 1 is not a header of format ${PLAN_RESULTS_FORMAT}; expected a results file written by \`sakiyomi plan\``);
  }
  const all = lines.slice(1).map((line, i) => {
    const v = parse(line, i + 2);
    if (!isPointResult(v)) throw new PlanResultsError(`${file}: line ${i + 2} is not a plan result (index, key, status, curve, simulations); delete the line or the file`);
    return v as ResultLine;
  });
  const results = all.filter((r) => r.phase === undefined);
  const screens = all.filter((r) => r.phase === SCREEN_PHASE).map(({ phase: _, ...r }) => r);
  return { header, results, screens, wholeBytes: Buffer.byteLength(text.slice(0, end), 'utf8'), partial };
}

/** Refuses to resume from a file written for another plan or shard; the message says what differs and the way out. */
export function checkResumable(file: string, found: PlanResultsHeader, expected: PlanResultsHeader): void {
  if (found.hash !== expected.hash) {
    throw new PlanResultsError(
      `${file} holds results of a different plan (${found.plan}, ${found.configurations} configurations, hash ${found.hash.slice(0, 12)}; ` +
        `this plan: ${expected.plan}, ${expected.configurations} configurations, hash ${expected.hash.slice(0, 12)}): the plan file changed since; ` +
        'delete the results file to start afresh, or give another with --results',
    );
  }
  if ((found.shard ?? '') !== (expected.shard ?? '')) {
    throw new PlanResultsError(`${file} holds results of ${found.shard === undefined ? 'the whole plan' : `shard ${found.shard}`}, not ${expected.shard === undefined ? 'the whole plan' : `shard ${expected.shard}`}; give each shard its own --results file`);
  }
}
