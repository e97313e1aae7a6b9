// TEMPORARY (plan branch): replaced at merge by the "ops" engineer's plan charts.
// planLoadChartSpec: p95 TTFT vs offered load, one line per configuration; planCostChartSpec:
// cost per 1k output tokens vs p95 TTFT, Pareto points marked. Vega-Lite specs, data inline.
// NOTE: no SLO line; structural input types (report/ does not import study/).

import type { TopLevelSpec } from 'vega-lite';
import { VEGA_LITE_SCHEMA } from './charts.ts';

interface ChartConfiguration {
  key: string;
  status: string;
  pareto: boolean;
  usdPer1kOutputTokens?: number;
  p95TtftSeconds?: number;
  curve: readonly { ratePerSecond: number; p95TtftSeconds: number }[];
}
interface ChartResult {
  configurations: readonly ChartConfiguration[];
}

export function planLoadChartSpec(result: ChartResult, _plan?: unknown): TopLevelSpec {
  const values = result.configurations.flatMap((c) => c.curve.map((p) => ({ configuration: c.key, ratePerSecond: p.ratePerSecond, p95TtftSeconds: p.p95TtftSeconds })));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: 'p95 TTFT vs offered load',
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'ratePerSecond', type: 'quantitative', title: 'offered load (req/s)' },
      y: { field: 'p95TtftSeconds', type: 'quantitative', title: 'p95 TTFT (s)' },
      color: { field: 'configuration', type: 'nominal' },
    },
  };
}

export function planCostChartSpec(result: ChartResult): TopLevelSpec {
  const values = result.configurations
    .filter((c) => c.status === 'ok' && c.usdPer1kOutputTokens !== undefined)
    .map((c) => ({ configuration: c.key, usdPer1kOutputTokens: c.usdPer1kOutputTokens, p95TtftSeconds: c.p95TtftSeconds, pareto: c.pareto }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: 'cost vs p95 TTFT',
    data: { values },
    mark: { type: 'point', filled: true },
    encoding: {
      x: { field: 'p95TtftSeconds', type: 'quantitative', title: 'p95 TTFT (s)' },
      y: { field: 'usdPer1kOutputTokens', type: 'quantitative', title: '$ per 1k output tokens' },
      shape: { field: 'pareto', type: 'nominal' },
    },
  };
}
