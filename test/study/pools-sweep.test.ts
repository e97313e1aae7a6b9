// A plan may sweep a pool's fields by index (pools.<i>.…): the paths are known, and withConfig
// sets them inside the pools list without touching the other pools.
import { describe, expect, it } from 'vitest';
import { scenarioFieldPaths } from '../../sim/scenario/index.ts';
import { parseSweep, withConfig } from '../../sim/study/index.ts';
import { problemsOf } from '../fixtures/problems.ts';
import { baseScenario, scenarioFrom } from '../fixtures/scenarios.ts';

describe('sweeping pools', () => {
  it('knows pools.<i>.… paths, and only those lists', () => {
    const paths = scenarioFieldPaths();
    for (const p of ['pools', 'pools.0.hardware.numReplicas', 'pools.15.engine.maxNumSeqs', 'pools.1.precision.weights']) expect(paths).toContain(p);
    expect(paths).not.toContain('pools.16.hardware.numReplicas');
    expect(paths.some((p) => p.startsWith('workload.classes.0'))).toBe(false);
    expect(parseSweep({ 'pools.1.hardware.numReplicas': [1, 2, 3] }, 'p.yaml')).toEqual({ 'pools.1.hardware.numReplicas': [1, 2, 3] });
    expect(problemsOf(() => parseSweep({ 'pools.1.hardware.numReplica': [1, 2] }, 'p.yaml'))[0]).toMatch(/did you mean 'pools\.1\.hardware\.numReplicas'/);
  });

  it('sets a pool field inside the list, on a copy, and the result resolves', () => {
    const raw = { ...baseScenario(), pools: [{ name: 'a' }, { name: 'b', hardware: { gpu: 'b200' } }] };
    const before = structuredClone(raw);
    const out = withConfig(raw, { 'pools.1.hardware.numReplicas': 3, 'pools.0.engine.maxNumSeqs': 64 }) as typeof raw;
    expect(out.pools).toEqual([{ name: 'a', engine: { maxNumSeqs: 64 } }, { name: 'b', hardware: { gpu: 'b200', numReplicas: 3 } }]);
    expect(raw).toEqual(before);
    const s = scenarioFrom(out);
    expect(s.pools!.map((p) => [p.scenario.gpu.id, p.scenario.config.hardware.numReplicas, p.scenario.engine.maxNumSeqs])).toEqual([
      ['h100-sxm', 1, 64],
      ['b200', 3, 256],
    ]);
  });
});
