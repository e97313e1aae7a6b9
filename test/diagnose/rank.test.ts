// rankPrescriptions on hand-built comparisons (no simulation): each remedy's metrics are given as
// a baseline mean, a remedy mean and the paired 95% interval of the difference (significant ⇔ the
// interval excludes 0, as study/compare-stats.ts has it); the replications' summaries carry only
// what the ranking reads from them (cost per 1k output tokens, the SLO targets and the values
// they are judged on). The rule under test is the one in sim/diagnose/rank.ts's header:
//   tier: fixes (a bottleneck metric significantly better by ≥ 5%, every SLO target met) <
//         improves (the same, some target missed) < no-effect < worsens (a target newly missed,
//         or a bottleneck metric significantly worse and none better);
//   within a tier: cheaper (significant, ≥ 5%) < unchanged < costlier; then remedies that
//   address the bottleneck before the others; then the larger mean gain; then proposal order.
import { describe, expect, it } from 'vitest';
import { rankPrescriptions, type BottleneckKind, type Remedy } from '../../sim/diagnose/index.ts';
import type { SloVerdict, Summary } from '../../sim/metrics/index.ts';
import { COMPARE_METRICS, type CompareResult, type MetricResult, type ScenarioComparison } from '../../sim/study/index.ts';

/** [remedy mean, ciLow, ciHigh] of the paired difference, against the baseline mean in BASE. */
type Figure = [value: number, ciLow: number, ciHigh: number];

/** Baseline means of the metrics a ranking shows (the bottleneck's and the headline ones). */
const BASE: Record<string, number> = {
  'ttftSeconds.p95': 0.4,
  'tpotSeconds.p95': 0.1,
  'e2eSeconds.p95': 10,
  'queueSeconds.p95': 0.2,
  'throughput.outputTokensPerSecond': 1000,
  'goodput.fractionMeetingSlo': 0.5,
  'cost.usdPer1kTokens': 0.001,
  'kv.preemptions': 10,
};

function metric(name: string, [value, ciLow, ciHigh]: Figure): MetricResult {
  const def = COMPARE_METRICS.find((m) => m.name === name)!;
  const baseline = BASE[name];
  const diff = value - baseline;
  return {
    label: def.label,
    unit: def.unit,
    better: def.better,
    verdict: `${def.label} ${diff < 0 ? 'lower' : 'higher'}`,
    baseline,
    value,
    diff,
    relDiff: diff / baseline,
    ciLow,
    ciHigh,
    halfWidth: (ciHigh - ciLow) / 2,
    relCiLow: ciLow / baseline,
    relCiHigh: ciHigh / baseline,
    significant: ciLow > 0 || ciHigh < 0,
    halfWidthUnpaired: ciHigh - ciLow,
    crnHalfWidthRatio: 2,
    n: 3,
  };
}

/** A remedy's comparison: the given figures; every other shown metric unchanged (value = baseline, interval ±1% around 0). */
function compared(name: string, figures: Record<string, Figure>): ScenarioComparison {
  const metrics: Record<string, MetricResult> = {};
  for (const [key, base] of Object.entries(BASE)) metrics[key] = metric(key, figures[key] ?? [base, -0.01 * base, 0.01 * base]);
  return { name, differsIn: [], differences: [], verdict: '', warnings: [`${name} warning`], metrics, overloadedReplications: 0 };
}

/** Three replications' summaries: p95 TPOT and p95 TTFT against targets 0.05 s and 0.5 s, and the cost per 1k output tokens. */
function replications(tpot: readonly number[], usd: readonly number[], ttft: readonly number[] = [0.3, 0.3, 0.3]): Summary[] {
  return tpot.map((t, i) => {
    const verdicts: SloVerdict[] = [
      { metric: 'ttft', percentile: 'p95', target: 0.5, value: ttft[i], ciLow: NaN, ciHigh: NaN, verdict: ttft[i] <= 0.5 ? 'met' : 'missed' },
      { metric: 'tpot', percentile: 'p95', target: 0.05, value: t, ciLow: NaN, ciHigh: NaN, verdict: t <= 0.05 ? 'met' : 'missed' },
    ];
    return { ttftSeconds: { p95: ttft[i] }, tpotSeconds: { p95: t }, cost: { usdPer1kOutputTokens: usd[i] }, slo: { verdicts } } as unknown as Summary;
  });
}

// Per-replication SLO values, judged on the Student t interval of three (t(0.975, 2) = 4.303):
// 0.04, 0.041, 0.042: mean 0.041 ± 4.303 · 0.001/√3 = ±0.0025 → all below 0.05: met.
// 0.08, 0.081, 0.082: all above 0.05: missed. TTFT 0.6, 0.61, 0.62 against 0.5: missed.
const MET = [0.04, 0.041, 0.042];
const MISSED = [0.08, 0.081, 0.082];
// Costs: the baseline's 1.00, 1.01, 1.02 (mean 1.01). Paired differences constant → interval of
// zero width, significant when ≠ 0: −0.5 (−49.5%: cheaper), +1 (+99%: costlier), +0.02 (+2%: under
// the 5% that makes a cost change material: unchanged).
const USD = [1, 1.01, 1.02];
const CHEAPER = [0.5, 0.51, 0.52];
const COSTLIER = [2, 2.01, 2.02];
const SLIGHTLY = [1.02, 1.03, 1.04];

function remedy(id: string, addresses: BottleneckKind[] = ['bandwidth-bound-decode']): Remedy {
  return { remedy: id, title: id, changes: {}, addresses, why: `because ${id}` };
}

function rank(bottleneck: BottleneckKind, cases: { remedy: Remedy; figures: Record<string, Figure>; summaries: Summary[] }[], baseline = replications(MISSED, USD)) {
  const comparison: CompareResult = {
    baseline: 'base',
    replications: 3,
    seeds: [1, 2, 3],
    confidence: 0.95,
    baselineOverloadedReplications: 0,
    scenarios: cases.map((c) => compared(c.remedy.remedy, c.figures)),
  };
  return rankPrescriptions(
    bottleneck,
    cases.map((c) => c.remedy),
    comparison,
    baseline,
    cases.map((c) => c.summaries),
  );
}

// Bottleneck bandwidth-bound-decode: judged on p95 TPOT alone (PRIMARY_METRICS), baseline 0.1 s.
const TPOT_20 = { 'tpotSeconds.p95': [0.08, -0.025, -0.015] as Figure }; // −20%, significant
const TPOT_50 = { 'tpotSeconds.p95': [0.05, -0.055, -0.045] as Figure }; // −50%, significant

describe('rankPrescriptions', () => {
  it('tiers: fixes, improves, no-effect, worsens — whatever the proposal order', () => {
    const ranked = rank('bandwidth-bound-decode', [
      // Significantly worse (+20%), nothing better: worsens.
      { remedy: remedy('worse'), figures: { 'tpotSeconds.p95': [0.12, 0.015, 0.025] }, summaries: replications(MISSED, USD) },
      // The interval straddles 0: no significant change.
      { remedy: remedy('straddles'), figures: { 'tpotSeconds.p95': [0.09, -0.02, 0.001] }, summaries: replications(MISSED, USD) },
      // −20% but the TPOT target still missed (as the baseline missed it): improves.
      { remedy: remedy('improves'), figures: TPOT_20, summaries: replications(MISSED, USD) },
      // −50% and every target met: fixes.
      { remedy: remedy('fixes'), figures: TPOT_50, summaries: replications(MET, USD) },
    ]);
    expect(ranked.map((p) => [p.rank, p.remedy, p.tier])).toEqual([
      [1, 'fixes', 'fixes'],
      [2, 'improves', 'improves'],
      [3, 'straddles', 'no-effect'],
      [4, 'worse', 'worsens'],
    ]);
    expect(ranked[1].sloMissed).toEqual(['tpot p95']);
    expect(ranked[0].sloMissed).toEqual([]);
    // An undecided target is not missed: p95 TPOT 0.045, 0.05, 0.055 → 0.05 ± 4.303 · 0.005/√3 =
    // [0.0376, 0.0624], straddling 0.05.
    const [undecided] = rank('bandwidth-bound-decode', [{ remedy: remedy('undecided'), figures: TPOT_50, summaries: replications([0.045, 0.05, 0.055], USD) }]);
    expect(undecided.tier).toBe('fixes');
    expect(undecided.sloMissed).toEqual([]);
  });

  it('a significant improvement under 5% is no effect; breaking a target the baseline met is worse, however much it improves', () => {
    const ranked = rank('bandwidth-bound-decode', [
      // −3% with a narrow interval: significant, not material (GAIN_MATERIAL 5%).
      { remedy: remedy('tiny'), figures: { 'tpotSeconds.p95': [0.097, -0.0031, -0.0029] }, summaries: replications(MET, USD) },
      // −50% on TPOT, but p95 TTFT 0.6–0.62 misses the 0.5 s target the baseline (0.3) met.
      { remedy: remedy('breaks-ttft'), figures: TPOT_50, summaries: replications(MET, USD, [0.6, 0.61, 0.62]) },
    ]);
    expect(ranked.map((p) => [p.remedy, p.tier])).toEqual([
      ['tiny', 'no-effect'],
      ['breaks-ttft', 'worsens'],
    ]);
    expect(ranked[1].sloMissed).toEqual(['ttft p95']);
    expect(ranked[1].verdict).toContain('misses ttft p95 (newly: ttft p95)');
  });

  it('any significant worsening of a bottleneck metric worsens, unless another bottleneck metric improves', () => {
    // queueing: p95 queue time and p95 TTFT (baselines 0.2 s and 0.4 s).
    const ranked = rank('queueing', [
      // TTFT +1% with a narrow interval, queue unchanged: worse by an immaterial amount, still worsens.
      { remedy: remedy('slightly-worse', ['queueing']), figures: { 'ttftSeconds.p95': [0.404, 0.0039, 0.0041] }, summaries: replications(MET, USD) },
      // TTFT +10% but queue −50%: one improved, so not 'worsens' (fixes: targets met).
      { remedy: remedy('trade', ['queueing']), figures: { 'ttftSeconds.p95': [0.44, 0.03, 0.05], 'queueSeconds.p95': [0.1, -0.11, -0.09] }, summaries: replications(MET, USD) },
    ]);
    expect(ranked.map((p) => [p.remedy, p.tier])).toEqual([
      ['trade', 'fixes'],
      ['slightly-worse', 'worsens'],
    ]);
  });

  it('within a tier: cheaper before unchanged before costlier, even against a larger gain; a cost change under 5% is unchanged', () => {
    const ranked = rank('bandwidth-bound-decode', [
      // All fix TPOT; mean gains: costlier 0.5, same 0.2, slightly 0.5, cheaper 0.2.
      { remedy: remedy('costlier'), figures: TPOT_50, summaries: replications(MET, COSTLIER) },
      { remedy: remedy('same'), figures: TPOT_20, summaries: replications(MET, USD) },
      { remedy: remedy('slightly'), figures: TPOT_50, summaries: replications(MET, SLIGHTLY) },
      { remedy: remedy('cheaper'), figures: TPOT_20, summaries: replications(MET, CHEAPER) },
    ]);
    // cheaper (class −1) first; then 'slightly' (+2%: class 0) before 'same' (class 0) by the
    // larger gain (0.5 > 0.2); costlier (+99%: class +1) last despite its 0.5.
    expect(ranked.map((p) => p.remedy)).toEqual(['cheaper', 'slightly', 'same', 'costlier']);
    expect(ranked.every((p) => p.tier === 'fixes')).toBe(true);
    // Mean cost per 1k output tokens over the replications: (0.5 + 0.51 + 0.52) / 3 = 0.51.
    expect(ranked[0].usdPer1kOutputTokens).toBeCloseTo(0.51, 12);
    // (0.51 − 1.01) / 1.01 = −49.5% → '-50%' (whole percent from 10% on).
    expect(ranked[0].verdict).toContain('(-50% vs baseline)');
    // (1.03 − 1.01) / 1.01 = +1.98% → '+2.0%'.
    expect(ranked[1].verdict).toContain('(+2.0% vs baseline)');
  });

  it('then remedies addressing the named bottleneck before those for a secondary one, then the larger mean gain, then proposal order', () => {
    const ranked = rank('bandwidth-bound-decode', [
      { remedy: remedy('secondary-big', ['queueing']), figures: TPOT_50, summaries: replications(MET, USD) },
      { remedy: remedy('small-first'), figures: TPOT_20, summaries: replications(MET, USD) },
      { remedy: remedy('big'), figures: TPOT_50, summaries: replications(MET, USD) },
      { remedy: remedy('small-second'), figures: TPOT_20, summaries: replications(MET, USD) },
    ]);
    // Targeted: big (0.5), then the two 0.2 gains in proposal order; the remedy for a secondary
    // bottleneck last in its tier, though its gain (0.5) ties the largest.
    expect(ranked.map((p) => p.remedy)).toEqual(['big', 'small-first', 'small-second', 'secondary-big']);
    expect(ranked.map((p) => p.rank)).toEqual([1, 2, 3, 4]);
    // The cost class comes before the targeting: a cheaper fix for a secondary bottleneck ranks
    // above a fix of the named one at the baseline's cost.
    const byCost = rank('bandwidth-bound-decode', [
      { remedy: remedy('targeted-same-cost'), figures: TPOT_50, summaries: replications(MET, USD) },
      { remedy: remedy('secondary-cheaper', ['queueing']), figures: TPOT_20, summaries: replications(MET, CHEAPER) },
    ]);
    expect(byCost.map((p) => p.remedy)).toEqual(['secondary-cheaper', 'targeted-same-cost']);
  });

  it('the gain is the mean over the bottleneck\'s metrics, each counted only when significant and material', () => {
    // queueing: p95 queue time and p95 TTFT (baselines 0.2 s and 0.4 s).
    const ranked = rank('queueing', [
      // queue −50% (0.5), TTFT −3% (not material: 0) → mean 0.25.
      { remedy: remedy('queue-only', ['queueing']), figures: { 'queueSeconds.p95': [0.1, -0.11, -0.09], 'ttftSeconds.p95': [0.388, -0.013, -0.011] }, summaries: replications(MET, USD) },
      // queue −20% (0.2), TTFT −40% (0.4) → mean 0.3.
      { remedy: remedy('both', ['queueing']), figures: { 'queueSeconds.p95': [0.16, -0.05, -0.03], 'ttftSeconds.p95': [0.24, -0.17, -0.15] }, summaries: replications(MET, USD) },
    ]);
    expect(ranked.map((p) => p.remedy)).toEqual(['both', 'queue-only']);
  });

  it('carries the remedy, the shown effects with their intervals, the warnings and the verdict in words', () => {
    const [p] = rank('bandwidth-bound-decode', [{ remedy: remedy('fp8'), figures: TPOT_20, summaries: replications(MET, CHEAPER) }]);
    expect(p).toMatchObject({ rank: 1, remedy: 'fp8', title: 'fp8', why: 'because fp8', addresses: ['bandwidth-bound-decode'], tier: 'fixes', warnings: ['fp8 warning'] });
    expect(p.effect['tpotSeconds.p95']).toEqual({ baseline: 0.1, value: 0.08, diff: 0.08 - 0.1, relDiff: (0.08 - 0.1) / 0.1, ciLow: -0.025, ciHigh: -0.015, significant: true });
    // Shown: the bottleneck's metrics, the headline ones, p95 queue time and preemptions.
    expect(Object.keys(p.effect)).toEqual(['tpotSeconds.p95', 'ttftSeconds.p95', 'e2eSeconds.p95', 'throughput.outputTokensPerSecond', 'goodput.fractionMeetingSlo', 'cost.usdPer1kTokens', 'queueSeconds.p95', 'kv.preemptions']);
    expect(p.verdict).toBe('improves the bottleneck and meets the SLO; p95 TPOT lower; meets every SLO target; $0.51 per 1k output tokens (-50% vs baseline)');
  });
});
