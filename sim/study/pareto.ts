// Which configurations of a plan are worth a look: the Pareto frontiers and the best one.
// paretoFlags: on the frontier of (usdPer1kOutputTokens, p95TtftSeconds, p95TpotSeconds), all
// minimised, among the 'ok' results that have all three (finite); a result is on it when no
// other such result is at least as good in all three and strictly better in one. Equal results
// are all on it (none dominates the other). Skipped or incomplete results: false.
// capacityParetoFlags: the same over (GPUs of the fleet the max rate belongs to — maxRateGpus,
// else gpus — minimised; maxRatePerSecond, maximised).
// pickBest: with a target (some result has minReplicas): the cheapest (usdPer1kOutputTokens) of
// the results that meet the SLO at the target, ties to fewer GPUs, then to plan order. Without a
// target: the cheapest per 1k output tokens at its own max rate (the configuration that serves
// tokens most cheaply when loaded as far as the SLO allows), ties to the higher max rate, then
// plan order. undefined when no result qualifies.
// Screened-out results (plan-screen.ts: the screening pass's figures only) are on no frontier and
// never best: their evidence is weaker than the fully searched ones'.
// Invariants: pure; flags[i] belongs to results[i]; O(n²) comparisons (plans have hundreds of
// configurations, not millions).

import type { PointResult } from './plan-types.ts';

/** One objective: a value (undefined/NaN: not comparable) and whether lower is better. */
type Objective = (r: PointResult) => number | undefined;

function frontier(results: readonly PointResult[], objectives: readonly Objective[]): boolean[] {
  const vectors = results.map((r) => {
    if (r.status !== 'ok' || r.screened === true) return undefined;
    const v = objectives.map((f) => f(r));
    return v.every((x): x is number => x !== undefined && Number.isFinite(x)) ? v : undefined;
  });
  return vectors.map((a, i) => {
    if (a === undefined) return false;
    return !vectors.some((b, j) => j !== i && b !== undefined && b.every((x, k) => x <= a[k]) && b.some((x, k) => x < a[k]));
  });
}

export function paretoFlags(results: readonly PointResult[]): boolean[] {
  return frontier(results, [(r) => r.usdPer1kOutputTokens, (r) => r.p95TtftSeconds, (r) => r.p95TpotSeconds]);
}

export function capacityParetoFlags(results: readonly PointResult[]): boolean[] {
  return frontier(results, [(r) => r.maxRateGpus ?? r.gpus, (r) => (r.maxRatePerSecond === undefined ? undefined : -r.maxRatePerSecond)]);
}

export function pickBest<T extends PointResult>(results: readonly T[]): T | undefined {
  const ok = results.filter((r) => r.status === 'ok' && r.screened !== true && r.usdPer1kOutputTokens !== undefined && Number.isFinite(r.usdPer1kOutputTokens));
  const withTarget = ok.filter((r) => r.minReplicas !== undefined);
  if (results.some((r) => r.minReplicas !== undefined)) {
    return withTarget.reduce<T | undefined>((best, r) => {
      if (best === undefined) return r;
      const byCost = r.usdPer1kOutputTokens! - best.usdPer1kOutputTokens!;
      if (byCost !== 0) return byCost < 0 ? r : best;
      const byGpus = (r.gpus ?? Infinity) - (best.gpus ?? Infinity);
      if (byGpus !== 0) return byGpus < 0 ? r : best;
      return r.index < best.index ? r : best;
    }, undefined);
  }
  return ok
    .filter((r) => r.maxRatePerSecond !== undefined)
    .reduce<T | undefined>((best, r) => {
      if (best === undefined) return r;
      const byCost = r.usdPer1kOutputTokens! - best.usdPer1kOutputTokens!;
      if (byCost !== 0) return byCost < 0 ? r : best;
      const byRate = r.maxRatePerSecond! - best.maxRatePerSecond!;
      if (byRate !== 0) return byRate > 0 ? r : best;
      return r.index < best.index ? r : best;
    }, undefined);
}
