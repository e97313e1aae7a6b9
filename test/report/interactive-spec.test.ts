// interactiveSpec: tooltips on every view (x, y, color under their titles, numbers to 4 significant
// digits; the offered rate under its own title), nearest-point hover (a line becomes a layer of the
// line and points carrying the tooltip and a `nearest` point selection; invisible points show only
// when hovered; a chart's own point mark carries it in a layer), x zoom bound to the scales on
// every time series and only there (one per layer), one shared x scale and one selection name
// across a concat's time-series panels (linked zoom), the input untouched, an existing tooltip
// kept; the result is valid Vega-Lite (vega-lite's JSON schema) and compiles to Vega without a
// warning, with one voronoi transform per hover selection.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { WindowRow } from '../../sim/metrics/index.ts';
import {
  compareChartSpec,
  compileVega,
  interactiveSpec,
  latencyCdfSpec,
  planCostChartSpec,
  planLoadChartSpec,
  stepBreakdownSpec,
  timelineSpec,
  tooltipOf,
  voronoiTooltip,
  windowsChartSpec,
  type CompareView,
  type PlanResultView,
} from '../../sim/report/index.ts';
import { fakeRunResult } from './fake-run.ts';

type Json = Record<string, any>;
const ROOT = join(import.meta.dirname, '..', '..');
const validate = new Ajv({ strict: false, validateFormats: false, logger: false }).compile(JSON.parse(readFileSync(join(ROOT, 'node_modules', 'vega-lite', 'build', 'vega-lite-schema.json'), 'utf8')));

const result = fakeRunResult();
const p = (x: number) => ({ p50: x, p95: 2 * x, p99: 3 * x });
const row = (start: number): WindowRow => ({ start, end: start + 10, arrivals: 20, completions: 18, ttftSeconds: p(0.1), tpotSeconds: p(0.01), outputTokensPerSecond: 100 });
result.summary.windows = [row(0), row(10)];

const TIME_TIP = { field: 'tSeconds', type: 'quantitative', title: 'simulated time (s)', format: ',.4~g' };
const zoom = (n: number) => ({ name: `zoom_${n}`, select: { type: 'interval', encodings: ['x'] }, bind: 'scales' });
const hover = (n: number) => ({ name: `hover_${n}`, select: { type: 'point', on: 'pointerover', clear: 'pointerout', nearest: true } });
const shownWhenHovered = (n: number) => ({ condition: { param: `hover_${n}`, empty: false, value: 1 }, value: 0 });

const compareView: CompareView = {
  baseline: 'a',
  replications: 2,
  seeds: [1, 2],
  confidence: 0.95,
  scenarios: [
    {
      name: 'b',
      differences: [],
      warnings: [],
      verdict: 'b lowers p95 TTFT',
      metrics: {
        'ttftSeconds.p95': {
          label: 'p95 TTFT', unit: 'seconds', baseline: 0.2, value: 0.15, diff: -0.05, relDiff: -0.25, ciLow: -0.06, ciHigh: -0.04, relCiLow: -0.3, relCiHigh: -0.2,
          halfWidth: 0.01, significant: true, halfWidthUnpaired: 0.03, crnHalfWidthRatio: 3, n: 2, verdict: 'b lowers p95 TTFT by 25% [20%, 30%] (better)',
        },
      },
    },
  ],
};
const planView: PlanResultView = {
  name: 'p',
  configurations: [
    { index: 0, config: { 'hardware.tp': 1 }, status: 'ok', pareto: true, usdPer1kOutputTokens: 0.01, p95TtftSeconds: 0.4, p95TpotSeconds: 0.03, gpus: 1, curve: [{ ratePerSecond: 10, p95TtftSeconds: 0.3, p95TpotSeconds: 0.02, met: true, overloaded: false }, { ratePerSecond: 20, p95TtftSeconds: 0.9, p95TpotSeconds: 0.04, met: true, overloaded: false }] },
  ],
  simulations: 4,
  slo: [{ metric: 'ttft', percentile: 'p95', target: 1 }],
};

describe('tooltipOf', () => {
  it('lists x, y and color fields under their titles (the field name without one), formatting numbers only', () => {
    expect(tooltipOf({ x: { field: 'a', type: 'quantitative', title: 'a (ms)' }, y: { field: 'b', type: 'quantitative' }, color: { field: 'c', type: 'nominal', title: 'class' }, order: { field: 'o' } })).toEqual([
      { field: 'a', type: 'quantitative', title: 'a (ms)', format: ',.4~g' },
      { field: 'b', type: 'quantitative', title: 'b', format: ',.4~g' },
      { field: 'c', type: 'nominal', title: 'class' },
    ]);
    expect(tooltipOf({ x: { datum: 3 } })).toEqual([]);
  });
});

describe('voronoiTooltip', () => {
  it('gives discrete fields without a format an empty one, and keeps the rest', () => {
    expect(voronoiTooltip([{ field: 'a' }, { field: 'b', type: 'nominal' }, { field: 'c', type: 'ordinal', format: 'x' }, { field: 'd', type: 'quantitative' }])).toEqual([
      { field: 'a', format: '' },
      { field: 'b', type: 'nominal', format: '' },
      { field: 'c', type: 'ordinal', format: 'x' },
      { field: 'd', type: 'quantitative' },
    ]);
    expect(voronoiTooltip({ field: 'a' })).toEqual({ field: 'a', format: '' });
  });
});

describe('interactiveSpec', () => {
  it('timeline: the three time-series panels share one x scale and one zoom (zoom_0), each a layer of its line and hover points', () => {
    const before = timelineSpec(result);
    const copy = structuredClone(before);
    const spec = interactiveSpec(before) as Json;
    expect(before).toEqual(copy);
    expect(spec.resolve).toEqual({ scale: { x: 'shared' } });
    expect(spec.vconcat.map((u: Json) => u.layer[0].params)).toEqual([[zoom(0)], [zoom(0)], [zoom(0)]]);
    const [kv, , queues] = spec.vconcat;
    expect(kv.layer[0].mark).toEqual({ type: 'line', interpolate: 'step-after' });
    expect(kv.layer[1]).toEqual({
      params: [hover(0)],
      mark: { type: 'point', filled: true, size: 60 },
      encoding: { opacity: shownWhenHovered(0), tooltip: [TIME_TIP, { field: 'kvUsagePercent', type: 'quantitative', title: 'KV usage (%)', format: ',.4~g' }] },
    });
    // The panel keeps its size and shared encoding (without the tooltip); the fold stays on the panel.
    expect(kv.encoding).toEqual((before as Json).vconcat[0].encoding);
    expect([kv.width, kv.height, kv.mark]).toEqual([560, 140, undefined]);
    expect(queues.transform).toEqual((before as Json).vconcat[2].transform);
    expect(queues.layer[1].params).toEqual([hover(2)]);
    expect(queues.layer[1].encoding.tooltip[2]).toEqual({ field: 'queue', type: 'nominal', title: 'queue', format: '' });
    // Everything else is the static spec's.
    expect({ ...spec, vconcat: undefined, resolve: undefined }).toEqual({ ...before, vconcat: undefined });
  });

  it('windows chart with the offered-rate layer: one linked zoom; the hover on the arrivals line; the offered rate titled with its unit', () => {
    const spec = interactiveSpec(windowsChartSpec(result, () => 2)) as Json;
    expect(spec.resolve).toEqual({ scale: { x: 'shared' } });
    const [layered, tokens] = spec.vconcat;
    const [arrivals, offered] = layered.layer;
    expect(arrivals.layer[0].params).toEqual([zoom(0)]);
    expect(arrivals.layer[1].params).toEqual([hover(0)]);
    // The arrivals line showed its points: they stay shown, no opacity rule.
    expect(arrivals.layer[1].mark).toEqual({ type: 'point', filled: true });
    expect(arrivals.layer[1].encoding.opacity).toBeUndefined();
    expect(offered.params).toBeUndefined();
    expect(offered.encoding.tooltip).toEqual([{ field: 'tSeconds', type: 'quantitative', title: 'window start (s)', format: ',.4~g' }, { field: 'offeredPerSecond', type: 'quantitative', title: 'offered rate (requests/s)', format: ',.4~g' }]);
    expect(offered.mark).toEqual({ type: 'line', strokeDash: [4, 3], color: 'black', point: { filled: true, opacity: 0, size: 60 } });
    expect(tokens.layer[0].params).toEqual([zoom(0)]);
    expect(tokens.layer[1].params).toEqual([hover(1)]);
  });

  it('a lone time series (no concat) zooms on its own; a concat with one time series is not linked', () => {
    const line = { mark: 'line', encoding: { x: { field: 'tSeconds', type: 'quantitative' }, y: { field: 'v', type: 'quantitative' } } };
    const lone = interactiveSpec({ data: { values: [] }, ...line } as never) as Json;
    expect(lone.layer[0]).toEqual({ params: [zoom(0)], mark: { type: 'line' } });
    const mixed = interactiveSpec({ data: { values: [] }, hconcat: [line, { mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' } } }] } as never) as Json;
    expect(mixed.resolve).toBeUndefined();
    expect(mixed.hconcat[0].layer[0].params).toEqual([zoom(0)]);
  });

  it('compare chart: the hover on its point mark (a layer keeps one hover), no zoom; the points keep their own tooltip', () => {
    const spec = interactiveSpec(compareChartSpec(compareView)) as Json;
    expect(spec.layer.map((l: Json) => l.params)).toEqual([undefined, [hover(0)], undefined]);
    expect(spec.layer[1].encoding.tooltip).toEqual(voronoiTooltip((compareChartSpec(compareView) as Json).layer[1].encoding.tooltip));
    expect(spec.layer[1].encoding.tooltip.map((t: Json) => t.field)).toEqual(['metric', 'scenario', 'relDiffPercent', 'lowPercent', 'highPercent', 'diff', 'diffLow', 'diffHigh', 'significant']);
  });

  it('plan charts: the hover on the load panels\' points (their own tooltips kept) and on the cost chart\'s points', () => {
    const load = planLoadChartSpec(planView) as Json;
    const live = interactiveSpec(load as never) as Json;
    expect(live.hconcat.map((p: Json) => p.layer.map((l: Json) => l.params))).toEqual([
      [undefined, [hover(0)], undefined], // line, points, the p95 TTFT target
      [undefined, [hover(1)]], // no TPOT target
    ]);
    expect(live.hconcat[0].layer[1].encoding.tooltip).toEqual(voronoiTooltip(load.hconcat[0].layer[1].encoding.tooltip));
    expect(live.hconcat[0].layer[1].encoding.tooltip[0]).toEqual({ field: 'configuration', format: '' });
    const cost = interactiveSpec(planCostChartSpec(planView)) as Json;
    expect(cost.layer[0].params).toEqual([hover(0)]);
  });

  it('the latency CDF is no time series: tooltips, no zoom', () => {
    const spec = interactiveSpec(latencyCdfSpec(result)) as Json;
    expect(spec.layer[0].params).toBeUndefined();
    expect(spec.layer[1].params).toEqual([hover(0)]);
    expect(spec.layer[1].encoding.tooltip.map((t: Json) => t.title)).toEqual(['latency (ms)', 'cumulative fraction', 'metric']);
  });

  it('keeps a tooltip the chart already has (step breakdown) and adds no points to bars', () => {
    const before = stepBreakdownSpec(result);
    expect(interactiveSpec(before)).toEqual(before);
  });

  it('gives valid Vega-Lite that compiles to Vega without warnings (one voronoi per hover, one x scale for a linked concat), byte-stable', async () => {
    const cases = [
      { spec: timelineSpec(result), hovers: 3, xScales: ['x'] },
      { spec: windowsChartSpec(result, () => 2), hovers: 3, xScales: ['x'] },
      { spec: latencyCdfSpec(result), hovers: 1, xScales: ['x'] },
      { spec: stepBreakdownSpec(result), hovers: 0 },
      { spec: compareChartSpec(compareView), hovers: 1 },
      { spec: planLoadChartSpec(planView), hovers: 2, xScales: ['concat_0_x', 'concat_1_x'] },
      { spec: planCostChartSpec(planView), hovers: 1 },
    ];
    for (const { spec, hovers, xScales } of cases) {
      const live = interactiveSpec(spec);
      expect(validate(live), JSON.stringify(validate.errors)).toBe(true);
      const warnings: string[] = [];
      const vega = await compileVega(live, { warnings });
      expect(warnings).toEqual([]);
      const text = JSON.stringify(vega);
      expect(text.match(/"type":"voronoi"/g) ?? []).toHaveLength(hovers);
      // Each Voronoi cell's tooltip reads the hovered point's datum (datum.datum[…]) only, never the cell's own.
      const marks = (m: Json[]): Json[] => m.flatMap((x) => [x, ...marks(x.marks ?? [])]);
      const cells = marks((vega as Json).marks).filter((m) => /voronoi/.test(m.name));
      expect(cells).toHaveLength(hovers);
      for (const cell of cells) {
        const signal: string = cell.encode.update.tooltip.signal;
        expect(signal).toMatch(/datum\.datum\[/);
        expect(signal.replaceAll('datum.datum[', '')).not.toMatch(/datum\[/);
      }
      if (xScales !== undefined) expect(((vega as Json).scales ?? []).concat(...((vega as Json).marks ?? []).map((m: Json) => m.scales ?? [])).map((sc: Json) => sc.name).filter((n: string) => /(^|_)x$/.test(n))).toEqual(xScales);
      expect(JSON.stringify(await compileVega(interactiveSpec(structuredClone(spec))))).toBe(JSON.stringify(vega));
    }
  });
});
