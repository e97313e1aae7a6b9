// The two Vega-Lite charts of `sakiyomi plan`:
//  - latency vs load: p95 TTFT and p95 TPOT (two panels side by side) against the offered arrival
//    rate, one line per configuration from its `curve` (every simulated rate), points filled
//    where every SLO target was met, hollow where not; the p95 TTFT / p95 TPOT targets as dashed
//    rules;
//  - cost vs latency: cost per 1k output tokens against p95 TTFT at each configuration's
//    operating point, Pareto points coloured, the others grey, the best one labelled; the p95
//    TTFT target as a dashed rule.
// Invariants: pure functions of the plan result (structural types below: sim/report may not
// import sim/study); data inlined, keys in a fixed order, numbers rounded to 6 significant
// digits, rows in configuration (index) order then ascending rate — so JSON.stringify of a spec
// is byte-stable; a skipped configuration, a configuration without a curve, and any point with a
// non-finite or non-positive latency (an overloaded rate may have none) are left out of the
// charts (the table and JSON still have them).
// NOTE: a curve holds p95s only, so only p95 TTFT / TPOT targets can be drawn as rules; other
// targets (p99 TTFT, e2e, goodput) are named in the subtitle instead.
// NOTE: latency axes are logarithmic (near overload p95s grow by orders of magnitude) unless no
// point is plotted; the rate and cost axes are linear.

import type { TopLevelSpec } from 'vega-lite';
import type { SloTarget } from '../metrics/index.ts';
import { VEGA_LITE_SCHEMA } from './charts.ts';
import { round6 } from './format.ts';

/** What the charts read of one configuration: sim/study/plan-types.ts's PointResult, structurally. */
export interface PlanConfigurationView {
  index: number;
  config: Record<string, unknown>;
  status: 'ok' | 'skipped';
  usdPer1kOutputTokens?: number;
  p95TtftSeconds?: number;
  p95TpotSeconds?: number;
  maxRatePerSecond?: number;
  minReplicas?: number;
  gpus?: number;
  pareto: boolean;
  curve: readonly { ratePerSecond: number; p95TtftSeconds: number; p95TpotSeconds: number; met: boolean; overloaded: boolean }[];
}

/** sim/study/plan-types.ts's PlanResult, structurally, plus the plan's name and SLO targets. */
export interface PlanResultView {
  name?: string;
  configurations: readonly PlanConfigurationView[];
  best?: PlanConfigurationView;
  simulations: number;
  /** The plan's SLO targets (metrics' sloTargets of the resolved scenario). */
  slo?: readonly SloTarget[];
}

export interface PlanLoadDatum {
  configuration: string;
  metric: 'p95 TTFT' | 'p95 TPOT';
  ratePerSecond: number;
  latencyMs: number;
  met: boolean;
  overloaded: boolean;
}

export interface PlanCostDatum {
  configuration: string;
  p95TtftMs: number;
  p95TpotMs: number;
  usdPer1kOutputTokens: number;
  gpus: number | null;
  pareto: boolean;
  best: boolean;
}


const positive = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x > 0;

/** A configuration's legend label: its swept values by the last segment of their path, in axis order ("tp=2, weights=fp8"); "base" without axes. */
export function planConfigLabel(config: Record<string, unknown>): string {
  const parts = Object.entries(config).map(([path, value]) => `${path.slice(path.lastIndexOf('.') + 1)}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return parts.length === 0 ? 'base' : parts.join(', ');
}

/** Rows of the latency-vs-load chart: per ok configuration (index order), per metric, per curve point (ascending rate). */
export function planLoadChartData(result: PlanResultView): PlanLoadDatum[] {
  const rows: PlanLoadDatum[] = [];
  const ok = [...result.configurations].filter((c) => c.status === 'ok').sort((a, b) => a.index - b.index);
  for (const metric of ['p95 TTFT', 'p95 TPOT'] as const) {
    for (const c of ok) {
      const configuration = planConfigLabel(c.config);
      const curve = [...c.curve].sort((a, b) => a.ratePerSecond - b.ratePerSecond);
      for (const p of curve) {
        const seconds = metric === 'p95 TTFT' ? p.p95TtftSeconds : p.p95TpotSeconds;
        if (!positive(seconds) || !Number.isFinite(p.ratePerSecond)) continue;
        rows.push({ configuration, metric, ratePerSecond: round6(p.ratePerSecond), latencyMs: round6(seconds * 1000), met: p.met, overloaded: p.overloaded });
      }
    }
  }
  return rows;
}

/** Rows of the cost-vs-latency chart: every ok configuration with a cost and a p95 TTFT at its operating point, in index order. */
export function planCostChartData(result: PlanResultView): PlanCostDatum[] {
  const bestIndex = result.best?.index;
  return [...result.configurations]
    .filter((c) => c.status === 'ok' && positive(c.p95TtftSeconds) && c.usdPer1kOutputTokens !== undefined && Number.isFinite(c.usdPer1kOutputTokens))
    .sort((a, b) => a.index - b.index)
    .map((c) => ({
      configuration: planConfigLabel(c.config),
      p95TtftMs: round6(c.p95TtftSeconds! * 1000),
      p95TpotMs: c.p95TpotSeconds !== undefined && Number.isFinite(c.p95TpotSeconds) ? round6(c.p95TpotSeconds * 1000) : 0,
      usdPer1kOutputTokens: round6(c.usdPer1kOutputTokens!),
      gpus: c.gpus ?? null,
      pareto: c.pareto,
      best: c.index === bestIndex,
    }));
}

function p95Target(slo: readonly SloTarget[], metric: 'ttft' | 'tpot'): number | undefined {
  return slo.find((t) => t.metric === metric && t.percentile === 'p95')?.target;
}

/** "other targets: p99 TTFT ≤ 2 s, …" for the targets a p95 chart cannot draw, or "". */
function otherTargets(slo: readonly SloTarget[]): string {
  const rest = slo.filter((t) => !((t.metric === 'ttft' || t.metric === 'tpot') && t.percentile === 'p95'));
  if (rest.length === 0) return '';
  const text = rest.map((t) => (t.metric === 'goodput' ? `goodput ≥ ${t.target}` : `${t.percentile} ${t.metric.toUpperCase()} ≤ ${t.target} s`));
  return `; also required: ${text.join(', ')}`;
}

function titleOf(result: PlanResultView, what: string): string {
  return result.name === undefined ? `plan: ${what}` : `${result.name}: ${what}`;
}

/** One panel of the load chart: lines and points of one metric, with its target rule if any. */
function loadPanel(metric: PlanLoadDatum['metric'], values: PlanLoadDatum[], configurations: string[], targetSeconds: number | undefined): object {
  const color = { field: 'configuration', type: 'nominal', title: 'configuration', sort: configurations } as const;
  const x = { field: 'ratePerSecond', type: 'quantitative', title: 'offered load (requests/s)' } as const;
  const y = { field: 'latencyMs', type: 'quantitative', title: `${metric} (ms)`, scale: { type: values.length > 0 ? 'log' : 'linear' } } as const;
  const layer: object[] = [
    { mark: { type: 'line' }, encoding: { x, y, color } },
    {
      mark: { type: 'point', size: 40 },
      encoding: {
        x,
        y,
        color,
        fill: { condition: { test: 'datum.met', field: 'configuration', type: 'nominal', sort: configurations, legend: null }, value: 'white' },
        tooltip: [{ field: 'configuration' }, { field: 'ratePerSecond', type: 'quantitative' }, { field: 'latencyMs', type: 'quantitative' }, { field: 'met' }, { field: 'overloaded' }],
      },
    },
  ];
  if (targetSeconds !== undefined) {
    layer.push({
      data: { values: [{ targetMs: round6(targetSeconds * 1000) }] },
      mark: { type: 'rule', strokeDash: [6, 4], color: 'black' },
      encoding: { y: { field: 'targetMs', type: 'quantitative' } },
    });
  }
  return { width: 360, height: 280, data: { values: values.filter((d) => d.metric === metric) }, layer };
}

/** p95 TTFT and p95 TPOT vs offered load, one line per configuration, SLO targets as dashed rules. */
export function planLoadChartSpec(result: PlanResultView, slo: readonly SloTarget[] = result.slo ?? []): TopLevelSpec {
  const values = planLoadChartData(result);
  const configurations = [...new Set(values.map((d) => d.configuration))];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: titleOf(result, 'p95 latency vs offered load'),
      subtitle: `filled: every SLO target met at that rate; dashed: the p95 target${otherTargets(slo)}`,
    },
    hconcat: [loadPanel('p95 TTFT', values, configurations, p95Target(slo, 'ttft')), loadPanel('p95 TPOT', values, configurations, p95Target(slo, 'tpot'))],
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec;
}

/** Cost per 1k output tokens vs p95 TTFT at each configuration's operating point; Pareto points coloured, the best labelled. */
export function planCostChartSpec(result: PlanResultView, slo: readonly SloTarget[] = result.slo ?? []): TopLevelSpec {
  const values = planCostChartData(result);
  const x = { field: 'p95TtftMs', type: 'quantitative', title: 'p95 TTFT at the operating point (ms)', scale: { type: values.length > 0 ? 'log' : 'linear' } } as const;
  const y = { field: 'usdPer1kOutputTokens', type: 'quantitative', title: 'cost per 1k output tokens (USD)', scale: { zero: true } } as const;
  const ttftTarget = p95Target(slo, 'ttft');
  const layer: object[] = [
    {
      data: { values },
      mark: { type: 'point', filled: true, size: 70 },
      encoding: {
        x,
        y,
        color: { field: 'pareto', type: 'nominal', title: 'Pareto frontier', sort: [true, false], scale: { domain: [true, false], range: ['#d62728', '#9e9e9e'] } },
        shape: { field: 'pareto', type: 'nominal', sort: [true, false], legend: null, scale: { domain: [true, false], range: ['diamond', 'circle'] } },
        tooltip: [
          { field: 'configuration' },
          { field: 'usdPer1kOutputTokens', type: 'quantitative' },
          { field: 'p95TtftMs', type: 'quantitative' },
          { field: 'p95TpotMs', type: 'quantitative' },
          { field: 'gpus', type: 'quantitative' },
        ],
      },
    },
    {
      data: { values },
      transform: [{ filter: 'datum.best' }],
      mark: { type: 'text', align: 'left', dx: 8, dy: -8, fontWeight: 'bold' },
      encoding: { x, y, text: { field: 'configuration' } },
    },
  ];
  if (ttftTarget !== undefined) {
    layer.push({
      data: { values: [{ targetMs: round6(ttftTarget * 1000) }] },
      mark: { type: 'rule', strokeDash: [6, 4], color: 'black' },
      encoding: { x: { field: 'targetMs', type: 'quantitative' } },
    });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: titleOf(result, 'cost vs latency'),
      subtitle: `Pareto frontier over (cost, p95 TTFT, p95 TPOT) in red; labelled: the best${ttftTarget === undefined ? '' : '; dashed: the p95 TTFT target'}`,
    },
    width: 520,
    height: 320,
    layer,
  } as TopLevelSpec;
}
