// stepBreakdownData/Spec: busy seconds × regime shares, by hand (9 s busy: 1.8 compute, 6.3
// memory, 0.45 communication, 0.45 overhead), summing to busySeconds; the spec renders to an SVG
// with bars and is valid vega-lite (ajv, vega-lite's schema).
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
