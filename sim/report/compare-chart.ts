// The Vega-Lite chart of a comparison: per metric (one row each), the relative difference of
// every compared scenario to the baseline as a point, its 95% interval as a horizontal bar, and a
// dashed rule at 0 — a bar that crosses the rule is "no significant difference".
// A point is faded when its interval includes 0. Its tooltip lists the metric, the scenario, the
// relative difference with its interval's bounds (%), and the difference B − A with its
// interval's bounds in the metric's unit, as the console table prints them ('-50.0 ms', a
// fraction's in percentage points), and whether it is significant.
// Invariants: a pure function of the comparison; data inlined, keys in a fixed order, numbers
// rounded to 6 significant digits, so the JSON is byte-stable; rows in the comparison's metric
// order; metrics without a relative figure (baseline mean 0, or fewer than 2 replications) are
// left out of the chart (the table and JSON still have their absolute figures).
// NOTE: relative difference = (B − A) / mean(A) in percent, with the interval of the paired
// difference divided by mean(A) (study/compare-stats.ts says what that approximation ignores).

import type { TopLevelSpec } from 'vega-lite';
import { VEGA_LITE_SCHEMA } from './charts.ts';
import { signedValue, type CompareView } from './compare-table.ts';
import { round6 } from './format.ts';
import { TOOLTIP_NUMBER_FORMAT } from './interactive-spec.ts';

export interface CompareChartDatum {
  scenario: string;
  metric: string;
  relDiffPercent: number;
  lowPercent: number;
  highPercent: number;
  /** B − A in the metric's unit, signed, and its interval's bounds (text: the tooltip's). */
  diff: string;
  diffLow: string;
  diffHigh: string;
  significant: boolean;
}

/** One row per (scenario, metric) with finite relative figures, in scenario then metric order. */
export function compareChartData(c: CompareView): CompareChartDatum[] {
  return c.scenarios.flatMap((s) =>
    Object.values(s.metrics)
      .filter((m) => Number.isFinite(m.relDiff) && Number.isFinite(m.relCiLow) && Number.isFinite(m.relCiHigh))
      .map((m) => ({
        scenario: s.name,
        metric: m.label,
        relDiffPercent: round6(m.relDiff * 100),
        lowPercent: round6(m.relCiLow * 100),
        highPercent: round6(m.relCiHigh * 100),
        diff: signedValue(m.diff, m.unit),
        diffLow: signedValue(m.ciLow, m.unit),
        diffHigh: signedValue(m.ciHigh, m.unit),
        significant: m.significant,
      })),
  );
}

/** Relative differences to the baseline with their intervals (error bars) and a zero rule. */
export function compareChartSpec(c: CompareView): TopLevelSpec {
  const values = compareChartData(c);
  const metrics = [...new Set(values.map((d) => d.metric))];
  const scenarios = c.scenarios.map((s) => s.name);
  const y = { field: 'metric', type: 'nominal', title: null, sort: metrics } as const;
  const offset = scenarios.length > 1 ? { yOffset: { field: 'scenario', type: 'nominal' as const, sort: scenarios } } : {};
  const color = { field: 'scenario', type: 'nominal', title: `vs ${c.baseline}`, sort: scenarios } as const;
  const ci = `${Math.round(c.confidence * 100)}% CI`;
  const x = { type: 'quantitative', title: `relative difference to ${c.baseline} (%), ${Math.round(c.confidence * 100)}% paired t interval` } as const;
  const percent = (field: string, title: string) => ({ field, type: 'quantitative', title, format: TOOLTIP_NUMBER_FORMAT }) as const;
  const text = (field: string, title: string) => ({ field, type: 'nominal', title }) as const;
  const tooltip = [
    text('metric', 'metric'),
    text('scenario', 'scenario'),
    percent('relDiffPercent', `relative difference to ${c.baseline} (%)`),
    percent('lowPercent', `relative ${ci} low (%)`),
    percent('highPercent', `relative ${ci} high (%)`),
    text('diff', `difference to ${c.baseline}`),
    text('diffLow', `difference ${ci} low`),
    text('diffHigh', `difference ${ci} high`),
    text('significant', 'significant'),
  ];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `compare: ${scenarios.join(', ')} vs ${c.baseline}`,
      subtitle: `${c.replications} replications each on the same seeds (common random numbers); faded: not significant`,
    },
    width: 480,
    height: { step: scenarios.length > 1 ? 10 * scenarios.length : 16 },
    layer: [
      {
        data: { values },
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: { y, ...offset, x: { ...x, field: 'lowPercent' }, x2: { field: 'highPercent' }, color },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 40 },
        encoding: {
          y,
          ...offset,
          x: { ...x, field: 'relDiffPercent' },
          color,
          opacity: { condition: { test: 'datum.significant', value: 1 }, value: 0.35 },
          tooltip,
        },
      },
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: 'black' },
        encoding: { x: { field: 'zero', type: 'quantitative' } },
      },
    ],
  };
}
