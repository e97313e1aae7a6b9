// The pools section resolved: merge rules (hardware and engine field by field, precision and
// costModel whole), every pool fit-checked with its problems named pools.<i>.<path>, and a
// scenario without pools untouched.
import { describe, expect, it } from 'vitest';
import { resolvedScenarioRecord } from '../../sim/provenance.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';
import { resolveErrorOf } from '../fixtures/problems.ts';

const withPools = (pools: unknown[], changes: Record<string, unknown> = {}): Record<string, any> => ({ ...withChanges(baseScenario(), changes), pools });

const problemsOf = (raw: unknown): string => resolveErrorOf(raw);

describe('pools: resolve', () => {
  it('merges each pool into the top level: hardware and engine field by field, precision and costModel whole', () => {
    const s = scenarioFrom(
      withPools(
        [
          { name: 'h100-fp8', hardware: { tp: 2, numReplicas: 4 }, precision: { weights: 'fp8' } },
          { name: 'b200-fp4', hardware: { gpu: 'b200', numReplicas: 2 }, precision: { weights: 'nvfp4' }, engine: { maxNumSeqs: 512 } },
        ],
        { engine: { preset: 'vllm', maxNumSeqs: 64, enableChunkedPrefill: false, maxNumBatchedTokens: 131072 }, precision: { weights: 'bf16', kvCache: 'fp8' } },
      ),
    );
    expect(s.pools?.map((p) => p.name)).toEqual(['h100-fp8', 'b200-fp4']);
    const [a, b] = s.pools!.map((p) => p.scenario);
    expect(a.gpu.id).toBe('h100-sxm');
    expect(a.config.hardware).toMatchObject({ gpu: 'h100-sxm', tp: 2, pp: 1, numReplicas: 4 });
    expect(a.config.precision).toEqual({ weights: 'fp8' }); // whole: the top level's kvCache is not inherited
    expect(a.engine.maxNumSeqs).toBe(64);
    expect(b.gpu.id).toBe('b200');
    expect(b.config.hardware).toMatchObject({ gpu: 'b200', tp: 1, numReplicas: 2 });
    expect(b.engine.maxNumSeqs).toBe(512);
    expect(b.engine.enableChunkedPrefill).toBe(false); // inherited field by field
    // The Scenario is pool 0's, with the section kept.
    expect(s.gpu.id).toBe('h100-sxm');
    expect(s.config.pools?.length).toBe(2);
  });

  it('lets the top-level hardware go when every pool names its gpu', () => {
    const raw = withPools([{ name: 'a', hardware: { gpu: 'h100-sxm' } }, { name: 'b', hardware: { gpu: 'a100-sxm-80gb', numReplicas: 3 } }]);
    delete raw.hardware;
    const s = scenarioFrom(raw);
    expect(s.pools!.map((p) => [p.scenario.gpu.id, p.scenario.config.hardware.numReplicas])).toEqual([
      ['h100-sxm', 1],
      ['a100-sxm-80gb', 3],
    ]);
  });

  it('names each problem after its pool, with did-you-mean', () => {
    const raw = withPools([{ name: 'a' }, { name: 'b', hardware: { gpu: 'h300', tp: 3 } }]);
    const msg = problemsOf(raw);
    expect(msg).toMatch(/pools\.1\.hardware\.gpu: unknown GPU 'h300'.*did you mean/);
    expect(msg).not.toMatch(/pools\.0\./);
    const tp = problemsOf(withPools([{ name: 'a' }, { name: 'b', hardware: { tp: 3 } }]));
    expect(tp).toMatch(/^bad\.yaml: 1 problem\n {2}pools\.1\.hardware\.tp: tp 3 must divide the 32 attention heads/);
    const gpuMissing = withPools([{ name: 'a', hardware: { gpu: 'h100-sxm' } }, { name: 'b' }]);
    delete gpuMissing.hardware;
    expect(problemsOf(gpuMissing)).toMatch(/pools\.1\.hardware\.gpu: required field missing/);
  });

  it('fit-checks every pool: a model too big for one pool is that pool\'s problem', () => {
    const msg = problemsOf(withPools([{ name: 'big', hardware: { gpu: 'h100-sxm', tp: 8 } }, { name: 'small', hardware: { gpu: 'l40s' } }], { model: 'llama-3.1-70b' }));
    expect(msg).toMatch(/^bad\.yaml: 1 problem\n {2}pools\.1\.hardware: /);
  });

  it('reports a workload problem once, not once per pool', () => {
    const msg = problemsOf(withPools([{ name: 'a' }, { name: 'b' }], { 'workload.arrival.ratePerSecond': -1 }));
    expect(msg).toMatch(/^bad\.yaml: 1 problem\n {2}workload\.arrival\.ratePerSecond: /);
  });

  it('checks the section itself: distinct safe names, known fields, at least one pool', () => {
    expect(problemsOf(withPools([{ name: 'a' }, { name: 'a' }]))).toMatch(/pools\.1\.name: pool name 'a' is already used by pools\.0/);
    expect(problemsOf(withPools([{ name: 'a', hardware: { numReplica: 2 } }]))).toMatch(/pools\.0\.hardware: unknown field 'numReplica'; did you mean 'numReplicas'/);
    expect(problemsOf(withPools([{ name: '../x' }]))).toMatch(/pools\.0\.name: /);
    expect(problemsOf(withPools([]))).toMatch(/pools: /);
    expect(problemsOf(withPools([{ name: 'a', engine: { maxNumSeq: 4 } }]))).toMatch(/pools\.0\.engine: unknown field 'maxNumSeq'/);
  });

  it('records each pool\'s merged settings in summary.json\'s provenance, in place of the one kind\'s', () => {
    const s = scenarioFrom(withPools([{ name: 'a' }, { name: 'b', hardware: { gpu: 'b200', numReplicas: 2 }, precision: { weights: 'nvfp4' } }]));
    const r = resolvedScenarioRecord(s) as Record<string, any>;
    expect(r.hardware).toBeUndefined();
    expect(r.pools.map((p: any) => [p.name, p.hardware.gpu, p.hardware.numReplicas, p.precision.weights, p.engine.maxNumSeqs])).toEqual([
      ['a', 'h100-sxm', 1, 'bf16', 256],
      ['b', 'b200', 2, 'nvfp4', 256],
    ]);
    expect(Object.keys(resolvedScenarioRecord(scenarioFrom(baseScenario())))).toContain('hardware');
  });

  it('leaves a scenario without pools as it was', () => {
    const s = scenarioFrom(baseScenario());
    expect(s.pools).toBeUndefined();
    expect(s.config.pools).toBeUndefined();
  });

  it('a known field in the wrong section says where it belongs (not "did you mean" itself)', () => {
    const msg = problemsOf(withPools([{ name: 'p', gpu: 'h100-sxm' }]));
    expect(msg).toContain("pools.0: unknown field 'gpu'; 'gpu' belongs under 'hardware' (e.g. hardware: { gpu: … })");
    expect(msg).not.toContain("did you mean 'gpu'");
  });

  it('where a known field belongs is its full section path, never the section it was given in', () => {
    const base = baseScenario();
    // 'weight' is a field of speculative.acceptance.classes, not of workload.classes (both end in 'classes').
    const wrongClass = problemsOf({ ...base, workload: { ...base.workload, classes: [{ name: 'a', share: 1, weight: 2 }] } });
    expect(wrongClass).toContain("workload.classes.0: unknown field 'weight'; 'weight' belongs under 'speculative.acceptance.classes'");
    // From the top of the file: every section that holds it, the first one-segment section as the example.
    const topLevel = problemsOf({ ...base, workload: { ...base.workload, gpu: 'h100-sxm' } });
    expect(topLevel).toContain("workload: unknown field 'gpu'; 'gpu' belongs under 'hardware' or 'pools.hardware' (e.g. hardware: { gpu: … })");
  });
});
