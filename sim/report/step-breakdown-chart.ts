// Where the replicas' step time went: one horizontal stacked bar per replica and phase — steps
// that carried a prefill chunk, and decode-only steps — split into compute, memory,
// communication and overhead (the cost model's roofline regimes). Written with the HTML report.
// Scaling: a phase's regime seconds come from RunResult.stepBreakdown (the cost model's
// breakdown), scaled by busySeconds / the breakdown's total so each replica's bars add up to its
// busySeconds (at pp > 1 busySeconds is the mean over stages, the breakdown the whole pass).
// Without stepBreakdown (an older result) one 'all steps' bar per replica from regimeShares.
// Invariants: a pure, byte-stable function of the RunResult; regimes in REGIMES order, replicas in
// index order, prefill before decode.
// NOTE: under chunked prefill a step carries prefill chunks and decodes together: such a step
// counts whole as a prefill step.

import type { TopLevelSpec } from 'vega-lite';
import type { RegimeSeconds, RunResult } from '../metrics/index.ts';
import { VEGA_LITE_SCHEMA } from './charts.ts';
import { round6 } from './format.ts';

export const REGIMES = ['compute', 'memory', 'communication', 'overhead'] as const;

export interface StepBreakdownDatum {
  replica: string;
  phase: 'prefill steps' | 'decode-only steps' | 'all steps';
  /** The bar's label: replica and phase. */
  bar: string;
  regime: (typeof REGIMES)[number];
  /** Position of the regime in REGIMES: the stacking order. */
  order: number;
  seconds: number;
  /** The regime's share of the replica's busy time (both phases). */
  share: number;
}

const sum = (r: RegimeSeconds): number => r.compute + r.memory + r.communication + r.overhead;

/** One row per replica, phase and regime: the regime's seconds in that phase, scaled to busySeconds. */
export function stepBreakdownData(result: RunResult): StepBreakdownDatum[] {
  return result.replicas.flatMap((r, i) => {
    const replica = `replica ${r.index}${r.pool === undefined ? '' : ` (${r.pool})`}`;
    const split = result.stepBreakdown?.[i];
    const phases: [StepBreakdownDatum['phase'], RegimeSeconds][] =
      split === undefined
        ? [['all steps', { compute: r.regimeShares.compute, memory: r.regimeShares.memory, communication: r.regimeShares.communication, overhead: r.regimeShares.overhead }]]
        : [['prefill steps', split.prefill], ['decode-only steps', split.decode]];
    const total = phases.reduce((t, [, x]) => t + sum(x), 0);
    const scale = total > 0 ? r.busySeconds / total : 0;
    return phases.flatMap(([phase, x]) =>
      REGIMES.map((regime, order) => ({
        replica,
        phase,
        bar: `${replica} · ${phase}`,
        regime,
        order,
        seconds: round6(x[regime] * scale),
        share: round6(total > 0 ? x[regime] / total : 0),
      })),
    );
  });
}

/** Busy step time per replica, stacked by roofline regime. */
export function stepBreakdownSpec(result: RunResult): TopLevelSpec {
  const values = stepBreakdownData(result);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${result.scenarioName}: where step time goes`, subtitle: 'busy seconds per replica, steps with a prefill chunk and decode-only steps, by roofline regime' },
    width: 560,
    height: { step: 22 },
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'bar', type: 'nominal', title: null, sort: null, axis: { labelLimit: 320 } },
      x: { field: 'seconds', type: 'quantitative', title: 'busy step time (s)', stack: 'zero' },
      color: { field: 'regime', type: 'nominal', title: 'regime', sort: [...REGIMES] },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [
        { field: 'replica', type: 'nominal' },
        { field: 'phase', type: 'nominal' },
        { field: 'regime', type: 'nominal' },
        { field: 'seconds', type: 'quantitative', title: 'seconds', format: '.3~s' },
        { field: 'share', type: 'quantitative', title: 'share of busy time', format: '.1%' },
      ],
    },
  };
}
