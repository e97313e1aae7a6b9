// The small numeric helpers the diagnosis's files share: the mean of the finite values (the
// observations' mean over replications), the busy-time-weighted regime share of a set of
// replicas (the fleet's in observe.ts, a pool's in observe-pools.ts), and three significant
// digits for the values a remedy's `changes` set (fleet-remedies.ts, pool-remedies.ts; the
// figures in its `why` text use report's formatSignificant3, which prints NaN as "n/a").
// Invariants: pure; NaN where there is nothing to average (no finite value, no busy time).

import type { RunResult } from '../metrics/index.ts';

export type Regime = keyof RunResult['replicas'][number]['regimeShares'];

/** Mean of the finite values; NaN when there are none. */
export function finiteMean(xs: readonly number[]): number {
  const finite = xs.filter(Number.isFinite);
  return finite.length === 0 ? NaN : finite.reduce((s, x) => s + x, 0) / finite.length;
}

/** Share of regime `k` in the replicas' busy time: Σ share·busy / Σ busy (NaN when none was busy). */
export function busyShare(reports: RunResult['replicas'], k: Regime): number {
  const busy = reports.reduce((s, r) => s + r.busySeconds, 0);
  return busy > 0 ? reports.reduce((s, r) => s + r.regimeShares[k] * r.busySeconds, 0) / busy : NaN;
}

/** x to 3 significant digits, as a number (0.123456 → 0.123; 1234.5 → 1230). */
export function sig3(x: number): number {
  return Number(x.toPrecision(3));
}
