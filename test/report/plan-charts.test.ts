import { describe, expect, it } from 'vitest';
import {
  planConfigLabel,
  planCostChartData,
  planCostChartSpec,
  planLoadChartData,
  planLoadChartSpec,
  renderSvg,
  type PlanConfigurationView,
  type PlanResultView,
} from '../../sim/report/index.ts';
import type { SloTarget } from '../../sim/metrics/index.ts';

const SLO: SloTarget[] = [
  { metric: 'ttft', percentile: 'p95', target: 1 },
  { metric: 'tpot', percentile: 'p95', target: 0.05 },
];

function config(index: number, over: Partial<PlanConfigurationView>): PlanConfigurationView {
  return { index, config: {}, status: 'ok', pareto: false, curve: [], ...over };
}

/** Three configurations: two ok (one Pareto and best), one skipped; the first curve given out of order. */
function result(): PlanResultView {
  const a = config(0, {
    config: { 'hardware.tp': 2, 'precision.weights': 'fp8' },
    usdPer1kOutputTokens: 0.012,
    p95TtftSeconds: 0.4,
    p95TpotSeconds: 0.03,
    gpus: 8,
    pareto: true,
    curve: [
      { ratePerSecond: 20, p95TtftSeconds: 0.9, p95TpotSeconds: 0.045, met: true, overloaded: false },
      { ratePerSecond: 10, p95TtftSeconds: 0.3, p95TpotSeconds: 0.02, met: true, overloaded: false },
      { ratePerSecond: 40, p95TtftSeconds: Number.POSITIVE_INFINITY, p95TpotSeconds: 0.2, met: false, overloaded: true },
    ],
  });
  const b = config(1, {
    config: { 'hardware.tp': 4, 'precision.weights': 'bf16' },
    usdPer1kOutputTokens: 0.02,
    p95TtftSeconds: 0.5,
    p95TpotSeconds: 0.04,
    gpus: 8,
    curve: [{ ratePerSecond: 15, p95TtftSeconds: 1.5, p95TpotSeconds: 0.06, met: false, overloaded: false }],
  });
  const skipped = config(2, { config: { 'hardware.tp': 8, 'precision.weights': 'nvfp4' }, status: 'skipped' });
  return { name: 'h100-70b', configurations: [skipped, b, a], best: { ...a, pareto: true }, simulations: 12, slo: SLO };
}

describe('planConfigLabel(config)', () => {
  it('names each swept value by the last segment of its path, in axis order', () => {
    expect(planConfigLabel({ 'hardware.gpu': 'b200', 'hardware.tp': 2 })).toBe('gpu=b200, tp=2');
    expect(planConfigLabel({})).toBe('base');
  });
});

describe('planLoadChartData(result)', () => {
  it('one row per finite curve point, TTFT then TPOT, configurations in index order, rates ascending, in ms', () => {
    expect(planLoadChartData(result())).toEqual([
      { configuration: 'tp=2, weights=fp8', metric: 'p95 TTFT', ratePerSecond: 10, latencyMs: 300, met: true, overloaded: false },
      { configuration: 'tp=2, weights=fp8', metric: 'p95 TTFT', ratePerSecond: 20, latencyMs: 900, met: true, overloaded: false },
      // rate 40's TTFT is infinite: left out of the TTFT panel, kept in the TPOT panel.
      { configuration: 'tp=4, weights=bf16', metric: 'p95 TTFT', ratePerSecond: 15, latencyMs: 1500, met: false, overloaded: false },
      { configuration: 'tp=2, weights=fp8', metric: 'p95 TPOT', ratePerSecond: 10, latencyMs: 20, met: true, overloaded: false },
      { configuration: 'tp=2, weights=fp8', metric: 'p95 TPOT', ratePerSecond: 20, latencyMs: 45, met: true, overloaded: false },
      { configuration: 'tp=2, weights=fp8', metric: 'p95 TPOT', ratePerSecond: 40, latencyMs: 200, met: false, overloaded: true },
      { configuration: 'tp=4, weights=bf16', metric: 'p95 TPOT', ratePerSecond: 15, latencyMs: 60, met: false, overloaded: false },
    ]);
  });
});

describe('planLoadChartSpec(result)', () => {
  it('two panels side by side, each with its own rows and the p95 target as a rule in ms', () => {
    const spec = planLoadChartSpec(result()) as unknown as { $schema: string; title: { text: string }; hconcat: { data: { values: { metric: string }[] }; layer: { data?: { values: unknown[] } }[] }[] };
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    expect(spec.title.text).toBe('h100-70b: p95 latency vs offered load');
    const [ttft, tpot] = spec.hconcat;
    expect(ttft.data.values.map((d) => d.metric)).toEqual(['p95 TTFT', 'p95 TTFT', 'p95 TTFT']);
    expect(tpot.data.values.map((d) => d.metric)).toEqual(['p95 TPOT', 'p95 TPOT', 'p95 TPOT', 'p95 TPOT']);
    expect(ttft.layer[2].data!.values).toEqual([{ targetMs: 1000 }]);
    expect(tpot.layer[2].data!.values).toEqual([{ targetMs: 50 }]);
  });

  it('takes the SLO targets passed separately; without a p95 target there is no rule, and other targets are named', () => {
    const { slo: _, ...bare } = result();
    const spec = planLoadChartSpec(bare, [{ metric: 'ttft', percentile: 'p99', target: 2 }]) as unknown as { title: { subtitle: string }; hconcat: { layer: unknown[] }[] };
    expect(spec.hconcat.map((p) => p.layer.length)).toEqual([2, 2]);
    expect(spec.title.subtitle).toContain('also required: p99 TTFT ≤ 2 s');
    expect(JSON.stringify(planLoadChartSpec(bare))).toBe(JSON.stringify(planLoadChartSpec(bare, [])));
  });
});

describe('planCostChartData(result)', () => {
  it('one row per ok configuration with a cost and a p95 TTFT, index order, Pareto and best flagged', () => {
    expect(planCostChartData(result())).toEqual([
      { configuration: 'tp=2, weights=fp8', p95TtftMs: 400, p95TpotMs: 30, usdPer1kOutputTokens: 0.012, gpus: 8, pareto: true, best: true },
      { configuration: 'tp=4, weights=bf16', p95TtftMs: 500, p95TpotMs: 40, usdPer1kOutputTokens: 0.02, gpus: 8, pareto: false, best: false },
    ]);
  });

  it('no best: nothing is labelled', () => {
    const r = { ...result(), best: undefined };
    expect(planCostChartData(r).map((d) => d.best)).toEqual([false, false]);
  });
});

describe('planCostChartSpec(result)', () => {
  it('points coloured by Pareto membership, the best labelled by a text mark, the TTFT target as a vertical rule', () => {
    const spec = planCostChartSpec(result()) as unknown as { layer: { mark: { type: string }; transform?: unknown; data: { values: unknown[] }; encoding: Record<string, unknown> }[] };
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['point', 'text', 'rule']);
    expect(spec.layer[1].transform).toEqual([{ filter: 'datum.best' }]);
    expect(spec.layer[2].data.values).toEqual([{ targetMs: 1000 }]);
    expect(Object.keys(spec.layer[2].encoding)).toEqual(['x']);
  });
});

describe('the plan charts render to SVG', () => {
  it('both render byte-identical on every call, with the labels drawn and no warnings', async () => {
    const warnings: string[] = [];
    const load = await renderSvg(planLoadChartSpec(result()), { warnings });
    const cost = await renderSvg(planCostChartSpec(result()), { warnings });
    expect(warnings).toEqual([]);
    expect(load.startsWith('<svg')).toBe(true);
    expect(load).toContain('h100-70b: p95 latency vs offered load');
    expect(load).toContain('tp=4, weights=bf16');
    expect(cost).toContain('h100-70b: cost vs latency');
    expect(cost).toContain('tp=2, weights=fp8');
    expect(await renderSvg(planLoadChartSpec(result()))).toBe(load);
    expect(await renderSvg(planCostChartSpec(result()))).toBe(cost);
  });

  it('an all-skipped plan still renders (empty charts)', async () => {
    const r: PlanResultView = { configurations: [config(0, { status: 'skipped' })], simulations: 0 };
    expect((await renderSvg(planLoadChartSpec(r))).startsWith('<svg')).toBe(true);
    expect((await renderSvg(planCostChartSpec(r))).startsWith('<svg')).toBe(true);
  });
});
