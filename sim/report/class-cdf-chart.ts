// The per-class latency CDF chart (class-cdf.vl.json / .svg): two panels, TTFT and E2E, one
// coloured step line per declared class, and each class's SLO thresholds drawn as dashed vertical
// rules in the class's colour — on TTFT its per-request threshold (slo.ttftSeconds, resolved:
// what goodput counts), on E2E its e2e targets (slo.e2e p50…p99), if it has any. Written only
// when the scenario declares classes (RunResult.classLatencyCdf present).
// Invariants: pure; keys in a fixed order; numbers rounded to 6 significant digits; the data is
// bounded (≤ DEFAULT_CDF_POINTS points per class and metric, from the class histograms:
// metrics/class-cdf.ts), whatever the number of requests; classes keep their declared order in
// the legend and the colour scale.
// NOTE: a rule is drawn at the threshold's latency only: a percentile target (e.g. E2E p95 ≤ 8 s)
// is met where the class's line crosses fraction 0.95 left of its rule (the rule's tooltip and
// `label` name the percentile). The axis is logarithmic unless some plotted latency is ≤ 0.

import type { TopLevelSpec } from 'vega-lite';
import type { RunResult } from '../metrics/index.ts';
import { VEGA_LITE_SCHEMA } from './charts.ts';
import { round6 } from './format.ts';

export const CLASS_CDF_METRICS = ['TTFT', 'E2E'] as const;
export type ClassCdfMetric = (typeof CLASS_CDF_METRICS)[number];

export interface ClassCdfDatum {
  metric: ClassCdfMetric;
  class: string;
  latencyMs: number;
  /** Fraction of the class's samples ≤ latencyMs, in (0, 1]. */
  fraction: number;
}

export interface ClassRuleDatum {
  metric: ClassCdfMetric;
  class: string;
  thresholdMs: number;
  /** What the rule is: 'per-request' (ttftSeconds) or the target's percentile (p95, mean…). */
  label: string;
}


/** Whether the run's report gets the per-class CDF chart: only with declared classes. */
export function hasClassCdfChart(result: RunResult): boolean {
  return result.classLatencyCdf !== undefined;
}

/** The chart's lines: per metric (TTFT, E2E), per class in declared order. */
export function classCdfData(result: RunResult): ClassCdfDatum[] {
  const data: ClassCdfDatum[] = [];
  for (const metric of CLASS_CDF_METRICS) {
    for (const c of result.classLatencyCdf ?? []) {
      for (const { value, fraction } of metric === 'TTFT' ? c.ttft : c.e2e) {
        data.push({ metric, class: c.name, latencyMs: round6(value * 1000), fraction: round6(fraction) });
      }
    }
  }
  return data;
}

/** The chart's rules: each class's TTFT threshold, then its E2E targets. */
export function classRuleData(result: RunResult): ClassRuleDatum[] {
  const rules: ClassRuleDatum[] = [];
  for (const c of result.classLatencyCdf ?? []) rules.push({ metric: 'TTFT', class: c.name, thresholdMs: round6(c.ttftSeconds * 1000), label: 'per-request' });
  for (const c of result.classLatencyCdf ?? []) {
    for (const t of c.e2eTargets) rules.push({ metric: 'E2E', class: c.name, thresholdMs: round6(t.target * 1000), label: t.percentile });
  }
  return rules;
}

export function classCdfSpec(result: RunResult): TopLevelSpec {
  const names = (result.classLatencyCdf ?? []).map((c) => c.name);
  const lines = classCdfData(result);
  const rules = classRuleData(result);
  const color = { field: 'class', type: 'nominal', title: 'class', sort: names, scale: { domain: names } } as const;
  const panel = (metric: ClassCdfMetric) => {
    const values = lines.filter((d) => d.metric === metric);
    const ruleValues = rules.filter((d) => d.metric === metric);
    const logScale = values.length + ruleValues.length > 0 && values.every((d) => d.latencyMs > 0) && ruleValues.every((d) => d.thresholdMs > 0);
    const scale = logScale ? { type: 'log' } : { type: 'linear', zero: true };
    const title = `${metric} (ms)`;
    const line = {
      data: { values },
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: { field: 'latencyMs', type: 'quantitative', title, scale },
        y: { field: 'fraction', type: 'quantitative', title: 'cumulative fraction', scale: { domain: [0, 1] } },
        color,
      },
    };
    const rule = {
      data: { values: ruleValues },
      mark: { type: 'rule', strokeDash: [4, 3] },
      encoding: {
        x: { field: 'thresholdMs', type: 'quantitative', title, scale },
        color,
        tooltip: [
          { field: 'class', type: 'nominal' },
          { field: 'label', type: 'nominal', title: 'SLO' },
          { field: 'thresholdMs', type: 'quantitative', title: 'threshold (ms)' },
        ],
      },
    };
    return { width: 560, height: 220, title: metric === 'TTFT' ? 'TTFT, dashed: per-request threshold (slo.ttftSeconds)' : 'E2E, dashed: e2e targets', layer: ruleValues.length > 0 ? [line, rule] : [line] };
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${result.scenarioName}: latency CDF per class`, subtitle: 'measured, finished requests of each class' },
    vconcat: CLASS_CDF_METRICS.map(panel),
  } as TopLevelSpec;
}
