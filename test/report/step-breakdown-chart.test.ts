// stepBreakdownData/Spec: without a prefill/decode split, busy seconds × regime shares by hand
// (9 s busy: 1.8 compute, 6.3 memory, 0.45 communication, 0.45 overhead); with one, each phase's
// regime seconds scaled to busySeconds by hand; both sum to busySeconds; the spec renders to an
// SVG with bars and is valid vega-lite (ajv, vega-lite's schema).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderSvg, stepBreakdownData, stepBreakdownSpec } from '../../sim/report/index.ts';
import { fakeRunResult } from './fake-run.ts';

describe('step-breakdown chart', () => {
  const result = fakeRunResult();

  it('splits each replica\'s busy seconds by its regime shares, in regime order', () => {
    const data = stepBreakdownData(result);
    expect(data.map((d) => [d.replica, d.regime, d.seconds])).toEqual([
      ['replica 0', 'compute', 1.8],
      ['replica 0', 'memory', 6.3],
      ['replica 0', 'communication', 0.45],
      ['replica 0', 'overhead', 0.45],
    ]);
    expect(data.reduce((s, d) => s + d.seconds, 0)).toBeCloseTo(result.replicas[0].busySeconds, 12);
  });

  it('splits prefill steps from decode-only steps, scaled to busySeconds', () => {
    // Breakdown total 10 s against 9 busy seconds: every figure × 0.9.
    const split = { ...result, stepBreakdown: [{ prefill: { compute: 1, memory: 0.5, communication: 0, overhead: 0.5 }, decode: { compute: 1, memory: 6, communication: 0.5, overhead: 0.5 } }] };
    const data = stepBreakdownData(split);
    expect(data.map((d) => [d.bar, d.regime, d.seconds, d.share])).toEqual([
      ['replica 0 · prefill steps', 'compute', 0.9, 0.1],
      ['replica 0 · prefill steps', 'memory', 0.45, 0.05],
      ['replica 0 · prefill steps', 'communication', 0, 0],
      ['replica 0 · prefill steps', 'overhead', 0.45, 0.05],
      ['replica 0 · decode-only steps', 'compute', 0.9, 0.1],
      ['replica 0 · decode-only steps', 'memory', 5.4, 0.6],
      ['replica 0 · decode-only steps', 'communication', 0.45, 0.05],
      ['replica 0 · decode-only steps', 'overhead', 0.45, 0.05],
    ]);
    expect(data.reduce((s, d) => s + d.seconds, 0)).toBeCloseTo(result.replicas[0].busySeconds, 12);
  });

  it('names a pooled replica\'s pool', () => {
    const pooled = { ...result, replicas: [{ ...result.replicas[0], index: 3, pool: 'b200' }] };
    expect(stepBreakdownData(pooled)[0].replica).toBe('replica 3 (b200)');
  });

  it('is valid vega-lite and renders stacked bars', async () => {
    const spec = stepBreakdownSpec(result);
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'node_modules', 'vega-lite', 'build', 'vega-lite-schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false, validateFormats: false, logger: false }).compile(schema);
    expect(validate(JSON.parse(JSON.stringify(spec)))).toBe(true);
    const warnings: string[] = [];
    const svg = await renderSvg(spec, { warnings });
    expect(warnings).toEqual([]);
    expect(svg).toContain('where step time goes');
    expect((svg.match(/role="graphics-symbol"/g) ?? []).length).toBeGreaterThanOrEqual(4);
  });
});
