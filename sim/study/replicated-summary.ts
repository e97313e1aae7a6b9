// The summary of R replications: the run Summary's shape, with every number replaced by its
// Student t interval over the replications' values beside those values.
//   ttftSeconds.p95 → { mean, ciLow, ciHigh, halfWidth, relativeHalfWidth, n, values }
// where values[i] is replication i's p95 TTFT (so the interval of a quantile is over
// per-replication quantiles, of a mean over per-replication means).
// Invariants: fields are visited in order of first appearance over the replications (replication
// 0's order first), so the JSON is byte-stable; a field some replication lacks (an optional block
// such as overloadEvidence) counts as NaN there; a boolean (overloaded)
// becomes the interval of its 0/1 values — mean = the fraction of replications where it held;
// a string (speculative.method, generation.kind) is configuration, the same in every
// replication, and is kept as replication 0's.
// `slo.verdicts` (an array) is not replicated field by field: its verdicts are judged again on
// the replicated intervals (replicated-slo.ts) — the fleet's, and with declared classes each
// class's (summary.classes[name].slo, against the class's own targets), while every other field
// of summary.classes[name] is replicated as above.
// `windows` (an array of per-window rows) is replication 0's, verbatim (numbers, not intervals):
// the same rows as the report's windows.csv and windows chart, which are replication 0's too.
// Means per window are not given: replications end at different instants (and may widen their
// windows differently), so their last windows do not align.
// NOTE: generic over the Summary's tree, so a field added to Summary is replicated without a
// change here.

import type { ClassSummary, SloVerdict, Summary, WindowRow } from '../metrics/index.ts';
import { replicatedSloVerdicts } from './replicated-slo.ts';
import { relativeHalfWidth, tInterval, type Interval } from './interval.ts';

/** One metric over the replications. */
export interface ReplicatedMetric extends Interval {
  /** halfWidth / |mean| (see interval.ts). */
  relativeHalfWidth: number;
  /** The replications' values, in replication order. */
  values: number[];
}

/** T with every number and boolean replaced by a ReplicatedMetric. */
export type Replicated<T> = T extends number | boolean
  ? ReplicatedMetric
  : T extends string
    ? T
    : T extends object
      ? { [K in keyof T]: Replicated<T[K]> }
      : T;

/** A class's section: every number replicated; `slo` holds its verdicts on the replicated intervals. */
export type ReplicatedClassSummary = Omit<Replicated<ClassSummary>, 'slo'> & { slo: { verdicts: SloVerdict[] } };

/**
 * Every number replicated; `slo` (and each class's) holds the verdicts on the replicated
 * intervals (replicated-slo.ts); `windows` is replication 0's rows.
 */
export type ReplicatedSummary = Omit<Replicated<Summary>, 'slo' | 'classes' | 'windows'> & {
  slo?: { verdicts: SloVerdict[] };
  classes?: Record<string, ReplicatedClassSummary>;
  windows?: WindowRow[];
};

/** The ReplicatedMetric of `values` (95% interval). */
export function replicatedMetric(values: readonly number[]): ReplicatedMetric {
  const { mean, ciLow, ciHigh, halfWidth, n } = tInterval(values);
  return { mean, ciLow, ciHigh, halfWidth, relativeHalfWidth: relativeHalfWidth({ mean, halfWidth }), n, values: [...values] };
}

function asNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return NaN;
}

function replicate(nodes: readonly unknown[]): unknown {
  // The first replication that has this field says what it is (an optional block may be absent in some).
  const present = nodes.find((n) => n !== null && n !== undefined);
  if (typeof present === 'number' || typeof present === 'boolean') return replicatedMetric(nodes.map(asNumber));
  if (present === null || present === undefined || typeof present !== 'object' || Array.isArray(present)) return present ?? nodes[0];
  const out: Record<string, unknown> = {};
  // Keys in order of first appearance over the replications: an optional block (overloadEvidence)
  // that only some replications have is kept, with NaN where it is absent.
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const node of nodes) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) continue;
    for (const key of Object.keys(node)) {
      if (!seen.has(key) && (node as Record<string, unknown>)[key] !== undefined) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  for (const key of keys) {
    out[key] = replicate(nodes.map((node) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined)));
  }
  return out;
}

/** The replicated summary of the replications' summaries (at least one), in replication order. */
export function replicatedSummary(summaries: readonly Summary[]): ReplicatedSummary {
  if (summaries.length === 0) throw new RangeError('replicatedSummary: no replications');
  const first = summaries[0];
  const out = replicate(summaries) as ReplicatedSummary;
  if (first.slo !== undefined) out.slo = { verdicts: replicatedSloVerdicts(summaries) };
  if (first.classes !== undefined && out.classes !== undefined) {
    for (const name of Object.keys(first.classes)) {
      // Every replication declares the same classes (one scenario), so every one has the section.
      const sections = summaries.map((s, i) => {
        const section = s.classes?.[name];
        if (section === undefined) throw new Error(`internal: replication ${i} has no class '${name}'`);
        return section;
      });
      out.classes[name].slo = { verdicts: replicatedSloVerdicts(sections) };
    }
  }
  if (first.windows !== undefined) out.windows = first.windows;
  return out;
}
