// Where the replicas' step time went: one horizontal stacked bar per replica, busy seconds split
// into compute, memory, communication and overhead (the cost model's roofline regimes,
// ReplicaReport.regimeShares × busySeconds). Written with the HTML report (`run --html`).
// Invariants: a pure, byte-stable function of the RunResult; a replica's segments add up to its
// busySeconds (the shares sum to 1); regimes in REGIMES order, replicas in index order.
// NOTE: the split is over all steps, prefill and decode mixed (a step carries both under chunked
// prefill); a prefill-vs-decode split needs per-step aggregation the run does not keep yet.

import type { TopLevelSpec } from 'vega-lite';
import type { RunResult } from '../metrics/index.ts';
import { VEGA_LITE_SCHEMA } from './charts.ts';

export const REGIMES = ['compute', 'memory', 'communication', 'overhead'] as const;

export interface StepBreakdownDatum {
  replica: string;
  regime: (typeof REGIMES)[number];
  /** Position of the regime in REGIMES: the stacking order. */
  order: number;
  seconds: number;
  share: number;
}

const round6 = (x: number): number => (x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(6)));

/** One row per replica and regime: busySeconds × the regime's share. */
export function stepBreakdownData(result: RunResult): StepBreakdownDatum[] {
  return result.replicas.flatMap((r) =>
    REGIMES.map((regime, order) => ({
      replica: `replica ${r.index}${r.pool === undefined ? '' : ` (${r.pool})`}`,
      regime,
      order,
      seconds: round6(r.busySeconds * r.regimeShares[regime]),
      share: round6(r.regimeShares[regime]),
    })),
  );
}

/** Busy step time per replica, stacked by roofline regime. */
export function stepBreakdownSpec(result: RunResult): TopLevelSpec {
  const values = stepBreakdownData(result);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${result.scenarioName}: where step time goes`, subtitle: 'busy seconds per replica by roofline regime, whole run' },
    width: 560,
    height: { step: 22 },
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'replica', type: 'nominal', title: null, sort: null },
      x: { field: 'seconds', type: 'quantitative', title: 'busy step time (s)', stack: 'zero' },
      color: { field: 'regime', type: 'nominal', title: 'regime', sort: [...REGIMES] },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [
        { field: 'replica', type: 'nominal' },
        { field: 'regime', type: 'nominal' },
        { field: 'seconds', type: 'quantitative', title: 'seconds', format: '.3~s' },
        { field: 'share', type: 'quantitative', title: 'share', format: '.1%' },
      ],
    },
  };
}
