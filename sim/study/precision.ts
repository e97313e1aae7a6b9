// The optional stopping rule of a replicated run (`--precision p`): replications are added until
// the 95% interval of every stopping metric is within ±p of its mean (relative half-width ≤ p),
// or the cap is reached.
// Stopping metrics: the summary values the scenario's SLO targets are judged on (slo: { ttft:
// { p99 } } → ttftSeconds.p99; goodput → goodput.fractionMeetingSlo), else p95 TTFT, p95 TPOT and
// the fraction of requests meeting the SLO. A caller may name others by path into the Summary
// ("e2eSeconds.p99").
// Invariants: the decision is a function of the replications' values in replication order only,
// never of how they were batched: precisionMet(prefix) is evaluated for each prefix length in
// turn, so the replication count it stops at does not depend on --jobs. A metric with no value in
// any replication (NaN throughout, e.g. TPOT when every output is one token) has nothing to
// estimate and is skipped; a NaN in some replications but not all keeps the rule unmet.
// NOTE: stopping on the observed half-width biases coverage slightly below nominal at small n
// (Law & Kelton §9.5.3); the minimum start (the --replications count, default 5 with
// --precision) keeps that small.

import { sloTargets, type SloTarget, type Summary } from '../metrics/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { relativeHalfWidth, tInterval } from './interval.ts';

/** p95 TTFT, p95 TPOT and the goodput fraction. */
export const DEFAULT_PRECISION_METRICS: readonly string[] = ['ttftSeconds.p95', 'tpotSeconds.p95', 'goodput.fractionMeetingSlo'];

const LATENCY_PATH = { ttft: 'ttftSeconds', tpot: 'tpotSeconds', e2e: 'e2eSeconds', itl: 'itlSeconds' } as const;

/** The summary path a target reads (sloValue's field, as a path). */
function targetPath(t: SloTarget): string {
  return t.metric === 'goodput' ? 'goodput.fractionMeetingSlo' : `${LATENCY_PATH[t.metric]}.${t.percentile}`;
}

/** The stopping metrics of a scenario: its SLO targets' paths (once each), else the defaults. */
export function precisionMetricsOf(scenario: Scenario): readonly string[] {
  const paths = [...new Set(sloTargets(scenario.config.slo).map(targetPath))];
  return paths.length > 0 ? paths : DEFAULT_PRECISION_METRICS;
}

/** The value at a dotted path of a summary ("ttftSeconds.p95"), NaN when absent or not a number. */
export function summaryValue(summary: Summary, path: string): number {
  let node: unknown = summary;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return NaN;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'number' ? node : NaN;
}

export interface PrecisionCheck {
  metric: string;
  relativeHalfWidth: number;
  /** false when the metric had no value in any replication (skipped). */
  considered: boolean;
}

/** Each stopping metric's relative half-width over `summaries`. */
export function precisionChecks(summaries: readonly Summary[], metrics: readonly string[] = DEFAULT_PRECISION_METRICS): PrecisionCheck[] {
  return metrics.map((metric) => {
    const values = summaries.map((s) => summaryValue(s, metric));
    const considered = values.some((v) => !Number.isNaN(v));
    return { metric, relativeHalfWidth: considered ? relativeHalfWidth(tInterval(values)) : NaN, considered };
  });
}

/** True when every considered metric's relative half-width is at most `target`. */
export function precisionMet(checks: readonly PrecisionCheck[], target: number): boolean {
  return checks.every((c) => !c.considered || c.relativeHalfWidth <= target);
}
