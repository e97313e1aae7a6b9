// A replicated run: R independent replications of one scenario (seeds replicationSeed(base, i)),
// simulated on the worker pool, summarised as intervals; optionally extended until the
// precision target is met (precision.ts) or the cap is reached.
// Invariants: the same (scenario, base seed, options other than jobs) gives the same
// ReplicatedRun whatever `jobs` is — results come back in replication order and the stopping
// decision looks at prefixes in order; replications run past the stopping point in the last
// batch are discarded. Memory: only replication 0's full RunResult is kept (its charts and
// replica table go in the report); of the others, their summaries and a few facts.
// NOTE: requests.csv of a replicated report is replication 0's alone (requestsCsvPath streams
// it); the R − 1 others are summarised, never listed.

import type { RunResult, Summary } from '../metrics/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { precisionChecks, precisionMet, precisionMetricsOf, type PrecisionCheck } from './precision.ts';
import { replicatedSummary, type ReplicatedSummary } from './replicated-summary.ts';
import { createJobRunner, defaultJobs } from './run-many.ts';
import { replicationSeed } from './seeds.ts';

/** --max-replications when not given. */
export const DEFAULT_MAX_REPLICATIONS = 50;
/** The first batch with --precision and no --replications. */
export const DEFAULT_PRECISION_START = 5;

export interface ReplicationOptions {
  /** Replications to run (with `precision`: the first batch, at least 2). */
  replications: number;
  /** Base seed (default: the scenario's). */
  seed?: number;
  /** Worker threads (runMany). */
  jobs?: number;
  /** Target relative half-width of the stopping metrics; absent: exactly `replications`. */
  precision?: number;
  /** Cap on replications under `precision` (default DEFAULT_MAX_REPLICATIONS). */
  maxReplications?: number;
  /** Summary paths the precision rule watches (default: the SLO targets' values, else DEFAULT_PRECISION_METRICS). */
  precisionMetrics?: readonly string[];
  /** Stream replication 0's requests.csv to this new file. */
  requestsCsvPath?: string;
  /** Progress: (replications finished, replications planned so far). */
  onDone?: (done: number, total: number) => void;
}

/** What one replication leaves besides its summary. */
export interface ReplicationRecord {
  seed: number;
  overloaded: boolean;
  simulatedSeconds: number;
  events: number;
  notes: string[];
}

export type StopReason = 'replications' | 'precision' | 'max-replications';

export interface ReplicatedRun {
  scenarioName: string;
  baseSeed: number;
  /** seeds[i] = replicationSeed(baseSeed, i). */
  seeds: number[];
  summary: ReplicatedSummary;
  replications: ReplicationRecord[];
  /** Why the study stopped, and the precision rule's last checks when it had one. */
  stop: { reason: StopReason; precision?: number; maxReplications?: number; checks?: PrecisionCheck[] };
  /** Replication 0's full result (without requests): the report's charts and replica table. */
  first: RunResult;
  /** The replications' summaries, in order (for callers that compute their own statistics). */
  summaries: Summary[];
}

export async function runReplications(scenario: Scenario, options: ReplicationOptions): Promise<ReplicatedRun> {
  const baseSeed = options.seed ?? scenario.config.seed;
  const { replications: start, precision } = options;
  const cap = precision === undefined ? start : Math.max(start, options.maxReplications ?? DEFAULT_MAX_REPLICATIONS);
  const jobs = options.jobs ?? defaultJobs();
  const metrics = options.precisionMetrics ?? precisionMetricsOf(scenario);
  let first: RunResult | undefined;
  const summaries: Summary[] = [];
  const records: ReplicationRecord[] = [];
  let planned = start;

  const runBatch = async (from: number, count: number): Promise<void> => {
    const batch = Array.from({ length: count }, (_, k) => ({
      scenario,
      seed: replicationSeed(baseSeed, from + k),
      ...(from + k === 0 && options.requestsCsvPath !== undefined ? { requestsCsvPath: options.requestsCsvPath } : {}),
    }));
    const results = await runner.run(batch, (done) => options.onDone?.(from + done, planned));
    for (const r of results) {
      if (first === undefined) first = r;
      summaries.push(r.summary);
      records.push({ seed: r.seed, overloaded: r.summary.overloaded, simulatedSeconds: r.simulatedSeconds, events: r.events, notes: r.notes });
    }
  };

  // Threads for at most the replications that can run at once; one runner (one pool) for every batch.
  const runner = createJobRunner(Math.max(1, Math.min(jobs, cap)));
  let reason: StopReason = 'replications';
  let checks: PrecisionCheck[] | undefined;
  try {
    await runBatch(0, start);
    // Judge each prefix length in order (never a batch as a whole), so the stop is the same for any --jobs.
    for (let next = start; precision !== undefined; ) {
      for (; next <= summaries.length; next++) {
        checks = precisionChecks(summaries.slice(0, next), metrics);
        if (precisionMet(checks, precision)) break;
      }
      if (next <= summaries.length) {
        reason = 'precision';
        summaries.length = next;
        records.length = next;
        break;
      }
      if (summaries.length >= cap) {
        reason = 'max-replications';
        break;
      }
      const count = Math.min(jobs, cap - summaries.length);
      planned = summaries.length + count;
      await runBatch(summaries.length, count);
    }
  } finally {
    await runner.close();
  }
  return {
    scenarioName: scenario.name,
    baseSeed,
    seeds: records.map((r) => r.seed),
    summary: replicatedSummary(summaries),
    replications: records,
    stop: { reason, ...(precision === undefined ? {} : { precision, maxReplications: cap, checks }) },
    first: first!,
    summaries,
  };
}
