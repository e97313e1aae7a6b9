// SLO verdicts: the targets of a scenario's `slo` section (per metric and percentile, plus a
// minimum goodput fraction), the value each reads from a Summary, and a verdict per target from
// an estimate and its confidence interval; checkExitCode turns the verdicts into `run --check`'s
// exit code.
// Direction: latency targets (ttft, tpot, e2e, itl) are upper bounds, met when value ≤ target;
// the goodput fraction is a lower bound, met when value ≥ target. Equality is on the good side
// (met), as a request whose TTFT equals ttftSeconds meets it (request-outcomes.ts).
// With an interval [ciLow, ciHigh]: met when the whole interval is on the good side (equality
// included), missed when the whole interval is on the bad side, undecided when it straddles the
// target (more replications needed). NaN bounds (a single run, no interval): met or missed on the
// value alone. A NaN value (no estimate at all) is undecided.
// Invariants: pure; sloTargets lists targets in a fixed order (metric: ttft, tpot, e2e, itl,
// goodput; then percentile: mean, p50, p90, p95, p99, fraction), so verdicts and their JSON are
// deterministic whatever the order of the scenario file.
// NOTE: `max` is not a target percentile: one slow request decides it, so it is not an SLO.

import type { LatencyStats, Summary } from './types.ts';

export type SloMetric = 'ttft' | 'tpot' | 'e2e' | 'itl' | 'goodput';
export type SloPercentile = 'mean' | 'p50' | 'p90' | 'p95' | 'p99' | 'fraction';
/** The percentiles a latency target may name. */
export type LatencyPercentile = Exclude<SloPercentile, 'fraction'>;

export interface SloTarget {
  metric: SloMetric;
  percentile: SloPercentile;
  target: number;
}

export interface SloVerdict extends SloTarget {
  value: number;
  /** The interval's bounds; NaN (null in JSON) for a single run. */
  ciLow: number;
  ciHigh: number;
  verdict: 'met' | 'missed' | 'undecided';
}

/** The fleet-level targets of a resolved `slo` section (scenario/schema.ts has the file format). */
export interface SloTargetsConfig {
  ttft?: Partial<Record<LatencyPercentile, number>>;
  tpot?: Partial<Record<LatencyPercentile, number>>;
  e2e?: Partial<Record<LatencyPercentile, number>>;
  itl?: Partial<Record<LatencyPercentile, number>>;
  goodput?: { fraction?: number };
}

export const SLO_LATENCY_METRICS = ['ttft', 'tpot', 'e2e', 'itl'] as const satisfies readonly SloMetric[];
export const SLO_METRICS = [...SLO_LATENCY_METRICS, 'goodput'] as const satisfies readonly SloMetric[];
export const SLO_LATENCY_PERCENTILES = ['mean', 'p50', 'p90', 'p95', 'p99'] as const satisfies readonly LatencyPercentile[];

/** The targets of a resolved scenario's slo section, in a fixed order. */
export function sloTargets(slo: SloTargetsConfig): SloTarget[] {
  const out: SloTarget[] = [];
  for (const metric of SLO_LATENCY_METRICS) {
    const targets = slo[metric];
    if (targets === undefined) continue;
    for (const percentile of SLO_LATENCY_PERCENTILES) {
      const target = targets[percentile];
      if (target !== undefined) out.push({ metric, percentile, target });
    }
  }
  const fraction = slo.goodput?.fraction;
  if (fraction !== undefined) out.push({ metric: 'goodput', percentile: 'fraction', target: fraction });
  return out;
}

const LATENCY_FIELD = {
  ttft: 'ttftSeconds',
  tpot: 'tpotSeconds',
  e2e: 'e2eSeconds',
  itl: 'itlSeconds',
} as const satisfies Record<Exclude<SloMetric, 'goodput'>, keyof Summary>;

/**
 * What a target reads its value from: a run's Summary, or a class's section of it (ClassSummary:
 * no itlSeconds, so an ITL target reads NaN there).
 */
export type SloValueSource = Pick<Summary, 'ttftSeconds' | 'tpotSeconds' | 'e2eSeconds' | 'goodput'> & Partial<Pick<Summary, 'itlSeconds'>>;

/** The value a target reads from a Summary (e.g. ttftSeconds.p95; goodput.fractionMeetingSlo). */
export function sloValue(summary: SloValueSource, target: SloTarget): number {
  const { metric, percentile } = target;
  if (metric === 'goodput') {
    if (percentile !== 'fraction') throw new Error(`internal: goodput has no percentile '${percentile}'`);
    return summary.goodput.fractionMeetingSlo;
  }
  if (percentile === 'fraction') throw new Error(`internal: ${metric} has no 'fraction'`);
  const stats: LatencyStats | undefined = summary[LATENCY_FIELD[metric]];
  return stats === undefined ? NaN : stats[percentile];
}

/** True for targets met by values at or above them (the goodput fraction); latencies are met at or below. */
export function isLowerBound(target: SloTarget): boolean {
  return target.metric === 'goodput';
}

/** A verdict from an estimate and its interval (NaN bounds: a single run, judged on the value). */
export function sloVerdict(target: SloTarget, estimate: { value: number; ciLow: number; ciHigh: number }): SloVerdict {
  const { value, ciLow, ciHigh } = estimate;
  const base = { metric: target.metric, percentile: target.percentile, target: target.target, value, ciLow, ciHigh };
  // "good(x)": x is on the met side of the target.
  const good = isLowerBound(target) ? (x: number): boolean => x >= target.target : (x: number): boolean => x <= target.target;
  if (Number.isNaN(ciLow) || Number.isNaN(ciHigh)) {
    if (Number.isNaN(value)) return { ...base, verdict: 'undecided' };
    return { ...base, verdict: good(value) ? 'met' : 'missed' };
  }
  const lo = Math.min(ciLow, ciHigh);
  const hi = Math.max(ciLow, ciHigh);
  if (good(lo) && good(hi)) return { ...base, verdict: 'met' };
  if (!good(lo) && !good(hi)) return { ...base, verdict: 'missed' };
  return { ...base, verdict: 'undecided' };
}

/** Single-run verdicts of a summary's own values (no interval): what `run` reports. */
/**
 * The single-run verdicts of a summary. `samples(metric)` (when given) counts the latencies behind
 * a latency target: with none (every request rejected, or warm-up covering every arrival) the
 * summary's 0 is no measurement, so the value is NaN and the verdict `missed` — nothing served
 * meets an SLO.
 */
export function sloVerdictsOf(summary: Summary, targets: readonly SloTarget[], samples?: (metric: Exclude<SloMetric, 'goodput'>) => number): SloVerdict[] {
  return targets.map((t) => {
    if (samples !== undefined && t.metric !== 'goodput' && samples(t.metric) === 0) return { ...t, value: NaN, ciLow: NaN, ciHigh: NaN, verdict: 'missed' };
    return sloVerdict(t, { value: sloValue(summary, t), ciLow: NaN, ciHigh: NaN });
  });
}

/** --check's exit code: 0 all met (and not overloaded), 3 any missed or overloaded, 4 any undecided (and none missed). */
export function checkExitCode(verdicts: readonly SloVerdict[], overloaded: boolean): 0 | 3 | 4 {
  if (overloaded || verdicts.some((v) => v.verdict === 'missed')) return 3;
  if (verdicts.some((v) => v.verdict === 'undecided')) return 4;
  return 0;
}
