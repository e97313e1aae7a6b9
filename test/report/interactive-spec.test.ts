// interactiveSpec: tooltips on every view (x, y, color under their titles, numbers to 4 significant
// digits; invisible hover points on lines), x zoom bound to the scales on every time series and
// only there (one per layer), the input untouched, an existing tooltip kept; the result is valid
// Vega-Lite (vega-lite's JSON schema) and compiles to Vega without a warning.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { WindowRow } from '../../sim/metrics/index.ts';
import { compileVega, interactiveSpec, latencyCdfSpec, stepBreakdownSpec, timelineSpec, tooltipOf, windowsChartSpec } from '../../sim/report/index.ts';
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

describe('interactiveSpec', () => {
  it('timeline: each of the three time-series panels zooms on x (zoom_0…2), with tooltips and invisible hover points', () => {
    const before = timelineSpec(result);
    const copy = structuredClone(before);
    const spec = interactiveSpec(before) as Json;
    expect(before).toEqual(copy);
    expect(spec.vconcat.map((u: Json) => u.params)).toEqual([[zoom(0)], [zoom(1)], [zoom(2)]]);
    expect(spec.vconcat[0].mark).toEqual({ type: 'line', interpolate: 'step-after', point: { filled: true, opacity: 0, size: 60 } });
    expect(spec.vconcat[0].encoding.tooltip).toEqual([TIME_TIP, { field: 'kvUsagePercent', type: 'quantitative', title: 'KV usage (%)', format: ',.4~g' }]);
    expect(spec.vconcat[2].encoding.tooltip[2]).toEqual({ field: 'queue', type: 'nominal', title: 'queue' });
    // Everything else is the static spec's.
    expect({ ...spec, vconcat: undefined }).toEqual({ ...before, vconcat: undefined });
  });

  it('windows chart with the offered-rate layer: one zoom for the layer, on its first child; visible points stay visible', () => {
    const spec = interactiveSpec(windowsChartSpec(result, () => 2)) as Json;
    const [layered, tokens] = spec.vconcat;
    expect(layered.layer[0].params).toEqual([zoom(0)]);
    expect(layered.layer[1].params).toBeUndefined();
    expect(layered.layer[1].encoding.tooltip).toEqual([{ field: 'tSeconds', type: 'quantitative', title: 'window start (s)', format: ',.4~g' }, { field: 'offeredPerSecond', type: 'quantitative', title: 'offeredPerSecond', format: ',.4~g' }]);
    expect(tokens.params).toEqual([zoom(1)]);
    expect(tokens.mark).toEqual({ type: 'line', point: { filled: true } });
  });

  it('the latency CDF is no time series: tooltips, no zoom', () => {
    const spec = interactiveSpec(latencyCdfSpec(result)) as Json;
    expect(spec.params).toBeUndefined();
    expect(spec.encoding.tooltip.map((t: Json) => t.title)).toEqual(['latency (ms)', 'cumulative fraction', 'metric']);
  });

  it('keeps a tooltip the chart already has (step breakdown) and adds no points to bars', () => {
    const before = stepBreakdownSpec(result);
    expect(interactiveSpec(before)).toEqual(before);
  });

  it('gives valid Vega-Lite that compiles to Vega without warnings, byte-stable', async () => {
    for (const spec of [timelineSpec(result), windowsChartSpec(result, () => 2), latencyCdfSpec(result), stepBreakdownSpec(result)]) {
      const live = interactiveSpec(spec);
      expect(validate(live), JSON.stringify(validate.errors)).toBe(true);
      const warnings: string[] = [];
      const vega = await compileVega(live, { warnings });
      expect(warnings).toEqual([]);
      expect(JSON.stringify(await compileVega(interactiveSpec(structuredClone(spec))))).toBe(JSON.stringify(vega));
    }
  });
});
