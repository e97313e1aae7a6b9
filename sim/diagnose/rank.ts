// The ranking of simulated remedies. Each remedy's replications are compared with the
// baseline's (study/compare: paired differences on the same seeds, 95% intervals); its tier:
//   fixes     a significant improvement of at least GAIN_MATERIAL of a bottleneck metric (PRIMARY_METRICS of the named
//             bottleneck) and no SLO target missed (replicated verdicts; an undecided one is not missed);
//   improves  the same improvement of a bottleneck metric, but some SLO target still missed;
//   no-effect no such improvement and nothing worse (a significant improvement under
//             GAIN_MATERIAL counts as none);
//   worsens   breaks an SLO target the baseline did not miss, or makes a bottleneck metric
//             significantly worse (by any amount: no materiality threshold on the way down)
//             without improving another.
// Order: by tier; within a tier (1) the cost class — significantly and materially cheaper per 1k
// output tokens than the baseline (paired interval excludes 0 and |change| ≥ COST_MATERIAL),
// unchanged, or costlier — so the cheapest fix comes first and a costlier remedy with no gain
// sinks; (2) remedies that address the named bottleneck before those proposed for a secondary
// one (removing the cause before compensating for it); (3) the larger mean gain over the
// bottleneck metrics (each metric's material, significant relative improvement, else 0); (4) the
// proposal order.
// NOTE: cost is at the scenario's own load: a remedy that makes each GPU faster serves the same
// traffic on the same GPUs, so its cost per token only moves with the fleet's size and price (or
// when the baseline is overloaded); its capacity gain shows in the latencies (and in `sakiyomi
// plan`'s max rate), not here.
// Invariants: pure; ranks are 1..n in that order; ties keep the proposal order.

import type { CompareResult, MetricResult } from '../study/index.ts';
import { HEADLINE_METRICS, compareMetric, replicatedSloVerdicts } from '../study/index.ts';
import type { Summary } from '../metrics/index.ts';
import { formatSignificant3 } from '../report/index.ts';
import type { BottleneckKind, Effect, Prescription, Remedy, Tier } from './types.ts';

/** The metrics each bottleneck is judged on: the ones a remedy for it must move. */
export const PRIMARY_METRICS: Readonly<Record<BottleneckKind, readonly string[]>> = {
  'kv-capacity': ['kv.preemptions', 'e2eSeconds.p95', 'tpotSeconds.p95', 'queueSeconds.p95'],
  'compute-bound-prefill': ['ttftSeconds.p95'],
  'bandwidth-bound-decode': ['tpotSeconds.p95'],
  queueing: ['queueSeconds.p95', 'ttftSeconds.p95'],
  'step-overhead': ['tpotSeconds.p95'],
  'draft-overhead': ['tpotSeconds.p95', 'throughput.outputTokensPerSecond'],
  'unbalanced-replicas': ['ttftSeconds.p95', 'e2eSeconds.p95'],
  interconnect: ['tpotSeconds.p95', 'ttftSeconds.p95'],
  'unbalanced-pools': ['ttftSeconds.p95', 'e2eSeconds.p95'],
  'transfer-link': ['ttftSeconds.p95', 'e2eSeconds.p95'],
  'cold-start': ['ttftSeconds.p95', 'queueSeconds.p95'],
  'failure-recovery': ['ttftSeconds.p95', 'e2eSeconds.p95', 'goodput.fractionMeetingSlo'],
  none: ['cost.usdPer1kTokens'],
};

const TIER_ORDER: readonly Tier[] = ['fixes', 'improves', 'no-effect', 'worsens'];

const TIER_WORDS: Readonly<Record<Tier, string>> = {
  fixes: 'improves the bottleneck and meets the SLO',
  improves: 'improves the bottleneck, SLO still missed',
  'no-effect': 'no significant effect on the bottleneck',
  worsens: 'makes things worse',
};

/** The missed SLO targets of replicated summaries, as 'ttft p95'. */
export function sloMissed(summaries: readonly Summary[]): string[] {
  return replicatedSloVerdicts(summaries)
    .filter((v) => v.verdict === 'missed')
    .map((v) => `${v.metric} ${v.percentile}`);
}

/**
 * A cost change smaller than 5% is not material: the window's edges (tokens emitted just before
 * its end) move the cost per token by a few percent between remedies that change no GPU.
 */
const COST_MATERIAL = 0.05;

/** −1 cheaper, 0 unchanged, +1 costlier than the baseline (significant and material). */
function costClass(baseline: readonly number[], value: readonly number[]): -1 | 0 | 1 {
  const c = compareMetric(baseline, value);
  if (!c.significant || !(Math.abs(c.relDiff) >= COST_MATERIAL)) return 0;
  return c.diff < 0 ? -1 : 1;
}

const meanOf = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * An improvement smaller than 5% of the baseline is no remedy, however narrow its interval (common
 * random numbers make tiny differences significant).
 */
const GAIN_MATERIAL = 0.05;

/** Improvement of a metric as a positive fraction when significant, material and in its better direction, else 0. */
function gainOf(m: MetricResult): number {
  if (!m.significant || m.better === 'neither') return 0;
  const g = m.better === 'lower' ? -m.relDiff : m.relDiff;
  if (!Number.isFinite(g)) return m.better === 'lower' ? (m.diff < 0 ? 1 : 0) : m.diff > 0 ? 1 : 0;
  return g >= GAIN_MATERIAL ? g : 0;
}

function isWorse(m: MetricResult): boolean {
  return m.significant && m.better !== 'neither' && (m.better === 'lower' ? m.diff > 0 : m.diff < 0);
}

function effectOf(m: MetricResult): Effect {
  return { baseline: m.baseline, value: m.value, diff: m.diff, relDiff: m.relDiff, ciLow: m.ciLow, ciHigh: m.ciHigh, significant: m.significant };
}

function percentChange(x: number, base: number): string {
  if (!(base > 0) || !Number.isFinite(x)) return 'n/a';
  const p = ((x - base) / base) * 100;
  return `${p >= 0 ? '+' : ''}${Math.abs(p) >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/**
 * The prescriptions, ranked: remedies[k] was simulated as comparison.scenarios[k], with its
 * replications' summaries in summaries[k]; baseline the baseline's summaries.
 */
export function rankPrescriptions(
  bottleneck: BottleneckKind,
  remedies: readonly Remedy[],
  comparison: CompareResult,
  baseline: readonly Summary[],
  summaries: readonly (readonly Summary[])[],
): Prescription[] {
  const primary = PRIMARY_METRICS[bottleneck];
  const baselineMissed = new Set(sloMissed(baseline));
  const baseUsd = meanOf(baseline.map((s) => s.cost.usdPer1kOutputTokens));
  const shown = [...new Set([...primary, ...HEADLINE_METRICS, 'queueSeconds.p95', 'kv.preemptions'])];
  const scored = remedies.map((remedy, k) => {
    const c = comparison.scenarios[k];
    const metrics = primary.map((name) => c.metrics[name]);
    const gains = metrics.map(gainOf);
    // Tier: any bottleneck metric improved; order: the mean gain over all of them.
    const improved = gains.some((g) => g > 0);
    const gain = gains.reduce((sum, g) => sum + g, 0) / gains.length;
    const worse = metrics.some(isWorse);
    const missed = sloMissed(summaries[k]);
    const broken = missed.filter((t) => !baselineMissed.has(t));
    const usd = meanOf(summaries[k].map((s) => s.cost.usdPer1kOutputTokens));
    const cost = costClass(baseline.map((s) => s.cost.usdPer1kOutputTokens), summaries[k].map((s) => s.cost.usdPer1kOutputTokens));
    const targeted = remedy.addresses.includes(bottleneck) ? 0 : 1;
    const tier: Tier = broken.length > 0 || (worse && !improved) ? 'worsens' : improved ? (missed.length === 0 ? 'fixes' : 'improves') : 'no-effect';
    const moved = metrics.filter((m) => m.significant).map((m) => m.verdict);
    const slo = missed.length === 0 ? 'meets every SLO target' : `misses ${missed.join(', ')}${broken.length > 0 ? ` (newly: ${broken.join(', ')})` : ''}`;
    const verdict = [
      `${TIER_WORDS[tier]}`,
      moved.length > 0 ? moved.join('; ') : `${primary.map((n) => c.metrics[n].label).join(', ')} unchanged within the intervals`,
      slo,
      `$${formatSignificant3(usd)} per 1k output tokens (${percentChange(usd, baseUsd)} vs baseline)`,
    ].join('; ');
    const effect: Record<string, Effect> = {};
    for (const name of shown) effect[name] = effectOf(c.metrics[name]);
    const p: Omit<Prescription, 'rank'> = { ...remedy, tier, effect, usdPer1kOutputTokens: usd, sloMissed: missed, verdict, warnings: c.warnings };
    return { p, gain, cost, targeted, k };
  });
  scored.sort((a, b) => {
    const t = TIER_ORDER.indexOf(a.p.tier) - TIER_ORDER.indexOf(b.p.tier);
    if (t !== 0) return t;
    return a.cost - b.cost || a.targeted - b.targeted || b.gain - a.gain || a.k - b.k;
  });
  return scored.map((s, i) => ({ rank: i + 1, ...s.p }));
}
