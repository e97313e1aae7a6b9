// A metric's comparison in words: "fast lowers p95 TTFT by 38% [31%, 44%] (better)",
// "output tokens/s unchanged within ±1.2%".
// Invariants: a pure function of (name of B, metric, comparison); the words follow the interval —
// "lowers"/"raises" only when it excludes 0 (significant), "unchanged within ±h" otherwise, with h
// the half-width relative to A's mean; "(better)"/"(worse)" from the metric's direction, none for
// metrics that are neither; percentages with 2 significant digits below 10% (1.2%) and whole
// percent above (38%); absolute figures (when A's mean is 0, so no relative figure exists) with 3
// significant digits in the metric's own unit.
// NOTE: the bracket of a significant change shows magnitudes, smaller first: a decrease of
// [−44%, −31%] reads "lowers … by 38% [31%, 44%]".

import { formatSignificant3 } from '../report/index.ts';
import type { CompareMetric } from './compare-metrics.ts';
import type { MetricComparison } from './compare-stats.ts';

function percent(x: number): string {
  const p = Math.abs(x) * 100;
  return `${p >= 10 ? p.toFixed(0) : p.toPrecision(2)}%`;
}

const UNIT_SUFFIX: Readonly<Record<CompareMetric['unit'], string>> = { seconds: ' s', perSecond: '/s', fraction: '', count: '', usd: ' USD', joules: ' J' };

function absolute(x: number, metric: CompareMetric): string {
  return `${formatSignificant3(Math.abs(x))}${UNIT_SUFFIX[metric.unit]}`;
}

/** The verdict on one metric of B against the baseline, in words. */
export function metricVerdict(name: string, metric: CompareMetric, c: MetricComparison): string {
  if (!(c.n >= 2) || Number.isNaN(c.halfWidth)) return `${metric.label}: too few replications with a value to compare (${c.n})`;
  const relative = Number.isFinite(c.relDiff) && Number.isFinite(c.relCiLow) && Number.isFinite(c.relCiHigh);
  if (!c.significant) {
    const within = relative ? `±${percent(c.halfWidth / Math.abs(c.baseline))}` : `±${absolute(c.halfWidth, metric)}`;
    return `${metric.label} unchanged within ${within}`;
  }
  const verb = c.diff < 0 ? 'lowers' : 'raises';
  const [lo, hi] = relative ? [c.relCiLow, c.relCiHigh] : [c.ciLow, c.ciHigh];
  const [small, large] = Math.abs(lo) <= Math.abs(hi) ? [lo, hi] : [hi, lo];
  const show = (x: number): string => (relative ? percent(x) : absolute(x, metric));
  const judged = metric.better === 'neither' ? '' : (c.diff < 0) === (metric.better === 'lower') ? ' (better)' : ' (worse)';
  return `${name} ${verb} ${metric.label} by ${show(relative ? c.relDiff : c.diff)} [${show(small)}, ${show(large)}]${judged}`;
}
