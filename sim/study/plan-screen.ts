// The screening pass of a plan (issue item "only candidates near the frontier get full
// replications"): every configuration is first searched cheaply — screen.replications per probe
// (default 1) and a coarse bracket (screen.tolerance, default 10 %) — and only the configurations
// near a frontier of the screened results get the full search, started from their screened answer.
// Near (nearFrontier): with margin m, a configuration whose objectives, each made better by the
// factor 1 + m (all but the GPU count, which is exact), are still dominated by no other screened
// configuration — on either frontier of pareto.ts: (cost, p95 TTFT, p95 TPOT) and (GPUs, max
// rate) — or whose cost is within 1 + m of
// the cheapest that qualifies (pickBest's rule), so the runners-up are fully searched too. This is
// ε-dominance: a configuration more than m worse than another in every objective cannot reach the
// frontier unless the screen's noise exceeded m, which is what the margin is sized against.
// The others keep their screened figures, marked `screened` with the reason; merge puts them on
// no frontier and never picks them as best.
// Invariants: pure; the decision depends only on the screened results of the WHOLE plan, so every
// shard (each screens every configuration) selects the same candidates, and a resumed run the
// same as an uninterrupted one. Plans with fewer than screen.minConfigurations configurations to
// search are not screened (the pass would cost more than it saves).

import type { PlanOptions, PointResult, ScreenOptions } from './plan-types.ts';
import type { Plan } from './plan-types.ts';
import type { SearchStart } from './plan-point.ts';

/** The plan's screening settings when the pass applies to it, else undefined. */
export function activeScreen(plan: Plan): ScreenOptions | undefined {
  const screen = plan.options.screen;
  if (screen === false) return undefined;
  const searched = plan.points.filter((p) => p.scenario !== undefined && p.skipped === undefined).length;
  return searched >= screen.minConfigurations ? screen : undefined;
}

/** The search options of the screening pass: fewer replications, a coarser bracket. */
export function screenSearchOptions(options: PlanOptions, screen: ScreenOptions): PlanOptions {
  return { ...options, replications: Math.min(screen.replications, options.replications), tolerance: Math.max(screen.tolerance, options.tolerance), screen: false };
}

/** Where the full search of a candidate starts: its screened answers, stepping by the screen's bracket. */
export function searchStartOf(screened: PointResult, screen: ScreenOptions): SearchStart {
  return {
    ...(screened.maxRatePerSecond !== undefined ? { maxRatePerSecond: screened.maxRatePerSecond } : {}),
    ...(screened.minReplicas !== undefined ? { minReplicas: screened.minReplicas } : {}),
    growth: Math.min(2, 1 + 1.5 * screen.tolerance),
  };
}

/** A configuration that got no full search: its screened result, marked, with why. */
export function screenedOut(screened: PointResult, margin: number): PointResult {
  const why = `screened out: more than ${Math.round(margin * 100)}% from the frontier in the screening pass (its figures are the screen's)`;
  return { ...screened, screened: true, reason: screened.reason === undefined ? why : `${screened.reason}; ${why}` };
}

type Vector = number[] | undefined;

/** Positive objectives to minimise, or undefined when one is missing or not finite and positive. */
function vector(r: PointResult, values: readonly (number | undefined)[]): Vector {
  if (r.status !== 'ok') return undefined;
  return values.every((x): x is number => x !== undefined && Number.isFinite(x) && x > 0) ? [...values] as number[] : undefined;
}

/**
 * For each vector: no other vector dominates it once it is made better by the factor 1 + margin
 * in the noisy objectives (`noisy[k]`); an exact objective (a GPU count) is compared as it is, or
 * a tie there would shield every configuration.
 */
function epsilonFront(vectors: readonly Vector[], margin: number, noisy: readonly boolean[]): boolean[] {
  return vectors.map((a, i) => {
    if (a === undefined) return false;
    const better = a.map((x, k) => (noisy[k] ? x / (1 + margin) : x));
    return !vectors.some((b, j) => j !== i && b !== undefined && b.every((x, k) => x <= better[k]) && b.some((x, k) => x < better[k]));
  });
}

/** Which screened results get the full search (see the file comment); flags[i] belongs to results[i]. */
export function nearFrontier(results: readonly PointResult[], margin: number): boolean[] {
  const cost = epsilonFront(results.map((r) => vector(r, [r.usdPer1kOutputTokens, r.p95TtftSeconds, r.p95TpotSeconds])), margin, [true, true, true]);
  const capacity = epsilonFront(results.map((r) => vector(r, [r.maxRateGpus ?? r.gpus, r.maxRatePerSecond === undefined ? undefined : 1 / r.maxRatePerSecond])), margin, [false, true]);
  const withTarget = results.some((r) => r.minReplicas !== undefined);
  const qualifies = (r: PointResult): boolean =>
    r.status === 'ok' && r.usdPer1kOutputTokens !== undefined && Number.isFinite(r.usdPer1kOutputTokens) && (withTarget ? r.minReplicas !== undefined : r.maxRatePerSecond !== undefined);
  const cheapest = Math.min(...results.filter(qualifies).map((r) => r.usdPer1kOutputTokens!));
  return results.map((r, i) => cost[i] || capacity[i] || (qualifies(r) && r.usdPer1kOutputTokens! <= cheapest * (1 + margin)));
}
