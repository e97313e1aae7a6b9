// The replicas chart (replicas.vl.json / .svg): the replica count over time, one pair of step lines
// per pool — replicas HELD (paid for: active + starting + draining + failed) solid, replicas
// SERVING (active: accepting work) dashed. Without scenario pools the one series is the fleet
// ('fleet'). Written only when some count changed during the run (autoscaling or failures:
// summary.replicasOverTime with more than one row), so other reports do not change.
// Invariants: pure; keys in a fixed order; instants rounded to 6 significant digits (as charts.ts); each series starts at t = 0 and gets a last point at
// the run's end repeating its last counts (a step line needs it to draw the last step), so the
// area under `held` over [0, end] is the held replica-seconds (to the rounding) (GPU-seconds ÷ GPUs per replica);
// the x field is `tSeconds`, so the interactive page zooms it and its tooltips list its values.
// NOTE: rows come from summary.replicasOverTime (fleet) or summary.pools.<name>.replicasOverTime;
// two changes at one instant are one row there, so a replica started and cancelled at once is not drawn.

import type { TopLevelSpec } from 'vega-lite';
import type { RunResult, Summary } from '../metrics/index.ts';
import { VEGA_LITE_SCHEMA } from './charts.ts';
import { round6 } from './format.ts';

type ReplicaCountPoint = NonNullable<Summary['replicasOverTime']>[number];


/** The series name without scenario pools. */
export const FLEET_SERIES = 'fleet';

export interface ReplicasDatum {
  tSeconds: number;
  pool: string;
  state: 'held' | 'serving';
  replicas: number;
}

/** Whether the run's report gets a replicas chart: some replica count changed during the run. */
export function hasReplicasChart(result: RunResult): boolean {
  return (result.summary.replicasOverTime?.length ?? 0) > 1;
}

/** Per pool (or the fleet), in pool order: held then serving, each from t = 0 to the run's end. */
export function replicasChartData(result: RunResult): ReplicasDatum[] {
  const s = result.summary;
  const series: [string, readonly ReplicaCountPoint[]][] =
    s.pools === undefined ? [[FLEET_SERIES, s.replicasOverTime ?? []]] : Object.entries(s.pools).map(([name, p]) => [name, p.replicasOverTime ?? []]);
  const end = result.simulatedSeconds;
  const data: ReplicasDatum[] = [];
  for (const [pool, rows] of series) {
    if (rows.length === 0) continue;
    const last = rows[rows.length - 1];
    const points = last.t < end ? [...rows, { ...last, t: end }] : rows;
    for (const state of ['held', 'serving'] as const) {
      for (const r of points) {
        data.push({ tSeconds: round6(r.t), pool, state, replicas: state === 'held' ? r.active + r.starting + r.draining + r.failed : r.active });
      }
    }
  }
  return data;
}

export function replicasChartSpec(result: RunResult): TopLevelSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: `${result.scenarioName}: replicas over time`,
    width: 480,
    height: 180,
    data: { values: replicasChartData(result) },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'tSeconds', type: 'quantitative', title: 'time (s)' },
      y: { field: 'replicas', type: 'quantitative', title: 'replicas', axis: { tickMinStep: 1 } },
      color: { field: 'pool', type: 'nominal', title: 'pool' },
      strokeDash: { field: 'state', type: 'nominal', title: 'replicas', sort: ['held', 'serving'] },
    },
  } as TopLevelSpec;
}
