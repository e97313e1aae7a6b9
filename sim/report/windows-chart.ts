// The windows chart (windows.vl.json / .svg): per window, arrivals per second (with the offered
// rate of the arrival schedule overlaid, when given), output tokens per second and p95 TTFT — one
// line for all classes and one per declared class. Written only when there is something to show
// (more than one window, or declared classes), so short runs' reports do not grow noise.
// Invariants: pure; keys in a fixed order; numbers rounded to 6 significant digits; a window
// without a TTFT sample has no p95 point (null, skipped by Vega-Lite).
// NOTE: offeredRate(t) (requests/s at instant t; the load engineer's rateAt) is sampled at each
// window's middle: a schedule's shape within a window is not drawn.

import type { TopLevelSpec } from 'vega-lite';
import type { RunResult, WindowRow } from '../metrics/index.ts';
import { VEGA_LITE_SCHEMA } from './charts.ts';
import { round6 } from './format.ts';

export const ALL_CLASSES = 'all';

export interface WindowDatum {
  tSeconds: number;
  class: string;
  arrivalsPerSecond: number;
  outputTokensPerSecond: number;
  ttftP95Ms: number | null;
}


/** Whether the run's report gets a windows chart. */
export function hasWindowsChart(result: RunResult): boolean {
  const rows = result.summary.windows ?? [];
  return result.summary.classes !== undefined || rows.filter((r) => r.class === undefined).length > 1;
}

export function windowsChartData(rows: readonly WindowRow[]): WindowDatum[] {
  return rows.map((r) => {
    const span = r.end - r.start;
    return {
      tSeconds: round6(r.start),
      class: r.class ?? ALL_CLASSES,
      arrivalsPerSecond: round6(span > 0 ? r.arrivals / span : 0),
      outputTokensPerSecond: round6(r.outputTokensPerSecond),
      ttftP95Ms: Number.isNaN(r.ttftSeconds.p95) ? null : round6(r.ttftSeconds.p95 * 1000),
    };
  });
}

export function windowsChartSpec(result: RunResult, offeredRate?: (t: number) => number): TopLevelSpec {
  const rows = result.summary.windows ?? [];
  const data = windowsChartData(rows);
  const offered = offeredRate === undefined ? [] : rows.filter((r) => r.class === undefined).map((r) => ({ tSeconds: round6(r.start), offeredPerSecond: round6(offeredRate((r.start + r.end) / 2)) }));
  const x = { field: 'tSeconds', type: 'quantitative', title: 'window start (s)' } as const;
  const color = { field: 'class', type: 'nominal', title: 'class' } as const;
  const panel = (field: string, title: string) => ({ mark: { type: 'line', point: true }, encoding: { x, y: { field, type: 'quantitative', title }, color } }) as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: `${result.scenarioName}: per window`,
    data: { values: data },
    vconcat: [
      offered.length === 0
        ? { ...panel('arrivalsPerSecond', 'arrivals/s'), width: 480, height: 140 }
        : {
            width: 480,
            height: 140,
            layer: [panel('arrivalsPerSecond', 'arrivals/s'), { data: { values: offered }, mark: { type: 'line', strokeDash: [4, 3], color: 'black' }, encoding: { x, y: { field: 'offeredPerSecond', type: 'quantitative' } } }],
          },
      { ...panel('outputTokensPerSecond', 'output tokens/s'), width: 480, height: 140 },
      { ...panel('ttftP95Ms', 'p95 TTFT (ms), by arrival window'), width: 480, height: 140 },
    ],
  } as TopLevelSpec;
}
