// Vega-Lite v6 specs of a run: latency CDFs (TTFT, TPOT, E2E) and a timeline of KV usage,
// output tokens/s and running/waiting requests. Plain JSON objects with the data inlined.
// Invariants: a spec is a pure function of the RunResult — no dates, no random ids, keys in a
// fixed order — so JSON.stringify of it is byte-stable; the CDF keeps at most
// DEFAULT_CDF_POINTS points per metric whatever the number of requests; the CDF covers exactly
// the summary's populations (measured finished requests; TPOT of those with ≥ 2 output tokens)
// and comes from the run's bounded histograms (RunResult.latencyCdf, each value within their
// relative error, definitions.md), never from per-request arrays.
// NOTE: plotted numbers are rounded to 6 significant digits (far below a pixel) to keep the
// files small and their diffs readable; the CSV keeps full precision.
// NOTE: the latency axis is logarithmic (TPOT in ms and E2E in s share one axis) unless some
// plotted latency is ≤ 0, which a log scale cannot show; then it is linear.

import type { TopLevelSpec } from 'vega-lite';
import type { RunResult } from '../metrics/index.ts';
import { round6 } from './format.ts';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The metrics of the CDF chart, in legend order. */
export const CDF_METRICS = ['TTFT', 'TPOT', 'E2E'] as const;
export type CdfMetric = (typeof CDF_METRICS)[number];

export interface CdfDatum {
  metric: CdfMetric;
  latencyMs: number;
  /** Fraction of the metric's samples ≤ latencyMs, in (0, 1]. */
  fraction: number;
}

export interface TimelineDatum {
  tSeconds: number;
  kvUsagePercent: number;
  outputTokensPerSecond: number;
  running: number;
  waiting: number;
}


/** The CDF chart's data: the run's downsampled CDFs, metrics in CDF_METRICS order. */
export function latencyCdfData(result: RunResult): CdfDatum[] {
  const { ttft, tpot, e2e } = result.latencyCdf;
  const curves = { TTFT: ttft, TPOT: tpot, E2E: e2e };
  const data: CdfDatum[] = [];
  for (const metric of CDF_METRICS) {
    for (const { value, fraction } of curves[metric]) {
      data.push({ metric, latencyMs: round6(value * 1000), fraction: round6(fraction) });
    }
  }
  return data;
}

/** CDFs of TTFT, TPOT and E2E of the measured finished requests, one coloured line per metric. */
export function latencyCdfSpec(result: RunResult): TopLevelSpec {
  const values = latencyCdfData(result);
  const logScale = values.length > 0 && values.every((d) => d.latencyMs > 0);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `${result.scenarioName}: latency CDF`,
      subtitle: 'measured, finished requests',
    },
    width: 560,
    height: 320,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: {
        field: 'latencyMs',
        type: 'quantitative',
        title: 'latency (ms)',
        scale: logScale ? { type: 'log' } : { type: 'linear', zero: true },
      },
      y: {
        field: 'fraction',
        type: 'quantitative',
        title: 'cumulative fraction',
        scale: { domain: [0, 1] },
      },
      color: {
        field: 'metric',
        type: 'nominal',
        title: 'metric',
        sort: [...CDF_METRICS],
      },
    },
  };
}

/** The timeline chart's data: one row per time-series bin, KV usage in percent. */
export function timelineData(result: RunResult): TimelineDatum[] {
  return result.timeSeries.points.map((p) => ({
    tSeconds: round6(p.tSeconds),
    kvUsagePercent: round6(p.kvUsage * 100),
    outputTokensPerSecond: round6(p.outputTokensPerSecond),
    running: round6(p.running),
    waiting: round6(p.waiting),
  }));
}

const TIME_AXIS = { field: 'tSeconds', type: 'quantitative', title: 'simulated time (s)' } as const;

/** KV usage (%), output tokens/s and running/waiting requests over simulated time, stacked vertically. */
export function timelineSpec(result: RunResult): TopLevelSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `${result.scenarioName}: timeline`,
      subtitle: `bins of ${result.timeSeries.binSeconds} s, cluster-wide`,
    },
    data: { values: timelineData(result) },
    vconcat: [
      {
        width: 560,
        height: 140,
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: TIME_AXIS,
          y: { field: 'kvUsagePercent', type: 'quantitative', title: 'KV usage (%)', scale: { domain: [0, 100] } },
        },
      },
      {
        width: 560,
        height: 140,
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: TIME_AXIS,
          y: { field: 'outputTokensPerSecond', type: 'quantitative', title: 'output tokens/s' },
        },
      },
      {
        width: 560,
        height: 140,
        transform: [{ fold: ['running', 'waiting'], as: ['queue', 'requests'] }],
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: TIME_AXIS,
          y: { field: 'requests', type: 'quantitative', title: 'requests (mean)' },
          color: { field: 'queue', type: 'nominal', title: 'queue', sort: ['running', 'waiting'] },
        },
      },
    ],
  };
}
