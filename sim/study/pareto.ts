// TEMPORARY (plan branch): replaced at merge by the "search" engineer's pareto.ts.
// paretoFlags(results)[i]: result i is ok and no other ok result is at least as good in
// (cost per 1k output tokens, p95 TTFT, p95 TPOT) and better in one. pickBest: the cheapest
// ok configuration on the frontier with a max rate (ties: the lower index).
// NOTE: one frontier only (no (GPUs, max rate) frontier).

import type { PointResult } from './plan-types.ts';

const axes = (r: PointResult): number[] => [r.usdPer1kOutputTokens ?? Infinity, r.p95TtftSeconds ?? Infinity, r.p95TpotSeconds ?? Infinity];

export function paretoFlags(results: readonly PointResult[]): boolean[] {
  const ok = (r: PointResult): boolean => r.status === 'ok' && r.maxRatePerSecond !== undefined;
  return results.map((a) => {
    if (!ok(a)) return false;
    const xa = axes(a);
    return !results.some((b) => {
      if (b === a || !ok(b)) return false;
      const xb = axes(b);
      return xb.every((v, i) => v <= xa[i]) && xb.some((v, i) => v < xa[i]);
    });
  });
}

export function pickBest<T extends PointResult & { pareto: boolean }>(results: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const r of results) {
    if (r.status !== 'ok' || r.maxRatePerSecond === undefined || r.usdPer1kOutputTokens === undefined) continue;
    if (best === undefined || r.usdPer1kOutputTokens < best.usdPer1kOutputTokens!) best = r;
  }
  return best;
}
