import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { problemsOf } from '../fixtures/problems.ts';
import { ScenarioError } from '../../sim/scenario/index.ts';
import { NO_SLO_TARGETS, loadPlan, planFromRaw } from '../../sim/study/index.ts';
import { baseScenario } from '../fixtures/scenarios.ts';

/** The test base scenario with SLO targets: a valid one-configuration plan. */
function basePlan(): Record<string, any> {
  return { ...baseScenario(), name: 'p', slo: { ttft: { p95: 1 }, tpot: { p95: 0.05 } } };
}


describe('planFromRaw(raw, file)', () => {
  it('a plan without sweep or plan sections: one configuration {}, the default options, named <name>-0', () => {
    const plan = planFromRaw(basePlan(), 'p.yaml');
    expect(plan.name).toBe('p');
    expect(plan.file).toBe('p.yaml');
    expect(plan.options).toEqual({ maxRate: true, tolerance: 0.02, replications: 5, maxReplicas: 64, screen: { replications: 1, tolerance: 0.1, margin: 0.25, minConfigurations: 8 } });
    expect(plan.points).toHaveLength(1);
    const [point] = plan.points;
    expect([point.index, point.key, point.config, point.skipped]).toEqual([0, '{}', {}, undefined]);
    expect(point.scenario?.name).toBe('p-0');
    expect(point.scenario?.config.slo.ttft).toEqual({ p95: 1 });
  });

  it('the plan section\'s values replace the defaults; the sections never reach the scenario', () => {
    const plan = planFromRaw({ ...basePlan(), plan: { maxRate: false, target: { ratePerSecond: 20 }, tolerance: 0.05, replications: 3, maxReplicas: 16, screen: false } }, 'p.yaml');
    expect(plan.options).toEqual({ maxRate: false, target: { ratePerSecond: 20 }, tolerance: 0.05, replications: 3, maxReplicas: 16, screen: false });
  });

  it('each configuration is the base with its values set, resolved and named <name>-<index>', () => {
    const plan = planFromRaw({ ...basePlan(), sweep: { 'hardware.tp': [1, 2], 'engine.maxNumSeqs': [8, 16] } }, 'p.yaml');
    expect(plan.points.map((p) => [p.index, p.key, p.scenario?.name, p.scenario?.config.hardware.tp, p.scenario?.engine.maxNumSeqs])).toEqual([
      [0, '{"hardware.tp":1,"engine.maxNumSeqs":8}', 'p-0', 1, 8],
      [1, '{"hardware.tp":1,"engine.maxNumSeqs":16}', 'p-1', 1, 16],
      [2, '{"hardware.tp":2,"engine.maxNumSeqs":8}', 'p-2', 2, 8],
      [3, '{"hardware.tp":2,"engine.maxNumSeqs":16}', 'p-3', 2, 16],
    ]);
  });

  it('the arrival rate cannot be swept: the plan searches it', () => {
    expect(problemsOf(() => planFromRaw({ ...basePlan(), sweep: { 'workload.arrival.ratePerSecond': [5, 10] } }, 'p.yaml'))).toEqual([
      'sweep.workload.arrival.ratePerSecond: a plan searches the arrival rate itself (the max rate meeting the SLO), so it cannot be swept | drop the axis; use plan.target: { ratePerSecond } for the fewest replicas at a rate',
    ]);
  });

  it('invalid configurations are skipped with their reason on one line: tp not dividing the heads, FP4 on Hopper, a model too big', () => {
    const plan = planFromRaw(
      {
        ...basePlan(),
        sweep: {
          'hardware.gpu': ['h100-sxm', 'b200'],
          'precision.weights': ['bf16', 'nvfp4'],
          'hardware.tp': [1, 3],
          model: ['llama-3.1-8b', 'llama-3.1-70b'],
          zip: [['hardware.gpu', 'precision.weights']],
        },
      },
      'p.yaml',
    );
    const by = (gpu: string, tp: number, model: string) => plan.points.find((p) => p.config['hardware.gpu'] === gpu && p.config['hardware.tp'] === tp && p.config.model === model)!;
    expect(plan.points).toHaveLength(8);
    expect(by('h100-sxm', 1, 'llama-3.1-8b').scenario?.name).toBe('p-0');
    expect(by('h100-sxm', 3, 'llama-3.1-8b').skipped).toBe('hardware.tp: tp 3 must divide the 32 attention heads of llama-3.1-8b; try tp = 1, 2, 4, 8');
    expect(by('h100-sxm', 1, 'llama-3.1-70b').skipped).toBe(
      'hardware: llama-3.1-70b in bf16 needs 131.4 GiB of weights per GPU at tp=1, but h100-sxm offers 72.0 GiB at gpuMemoryUtilization 0.9; try tp >= 2, fp8 weights, or a larger GPU',
    );
    expect(by('h100-sxm', 3, 'llama-3.1-70b').skipped).toBe('hardware.tp: tp 3 must divide the 64 attention heads of llama-3.1-70b; try tp = 1, 2, 4, 8');
    // b200 runs FP4 natively: it resolves.
    expect(by('b200', 1, 'llama-3.1-8b').scenario?.config.precision.weights).toBe('nvfp4');
    expect(plan.points.every((p) => (p.scenario === undefined) !== (p.skipped === undefined))).toBe(true);
    expect(plan.points.every((p) => p.skipped === undefined || !p.skipped.includes('\n'))).toBe(true);
  });

  it('FP4 on Hopper is skipped: the GPU has no FP4 tensor cores (a plan compares what each GPU runs natively)', () => {
    const plan = planFromRaw({ ...basePlan(), sweep: { 'precision.weights': ['fp8', 'nvfp4'] } }, 'p.yaml');
    expect(plan.points[0].scenario?.config.precision.weights).toBe('fp8');
    expect(plan.points[1].skipped).toBe(
      'h100-sxm has no FP4 tensor cores: nvfp4 weights are stored in 4.5 bits but GEMMs run in fp8 (a plan compares what each GPU runs natively)',
    );
  });

  it('is deterministic: the same file gives the same points, byte for byte', () => {
    const raw = { ...basePlan(), sweep: { 'hardware.gpu': ['h100-sxm', 'h200-sxm', 'b200'], 'engine.maxNumSeqs': { from: 8, to: 64, steps: 8 } } };
    expect(JSON.stringify(planFromRaw(structuredClone(raw), 'p.yaml'))).toBe(JSON.stringify(planFromRaw(structuredClone(raw), 'p.yaml')));
  });

  it('a plan needs SLO targets', () => {
    const { slo: _, ...raw } = basePlan();
    expect(problemsOf(() => planFromRaw(raw, 'p.yaml'))).toEqual([`slo: ${NO_SLO_TARGETS}`]);
    expect(NO_SLO_TARGETS).toBe('a plan needs SLO targets, e.g. slo: { ttft: { p95: 1 } }');
    // The short form (per-request thresholds) is no target either.
    expect(problemsOf(() => planFromRaw({ ...raw, slo: { ttftSeconds: 1 } }, 'p.yaml'))).toEqual([`slo: ${NO_SLO_TARGETS}`]);
    expect(planFromRaw({ ...raw, slo: { goodput: { fraction: 0.9 } } }, 'p.yaml').points).toHaveLength(1);
  });

  it('the arrival must be rate-based; the configuration is named when a sweep made it', () => {
    const raw = basePlan();
    raw.workload.arrival = { kind: 'closed-loop', concurrency: 8 };
    expect(problemsOf(() => planFromRaw(raw, 'p.yaml'))).toEqual([
      "workload.arrival.kind: a plan varies the arrival rate, so the arrival must be rate-based (poisson, gamma or constant, with ratePerSecond); got 'closed-loop' | try arrival: { kind: poisson, ratePerSecond: 10 }",
    ]);
    const swept = { ...basePlan(), sweep: { 'workload.arrival': [{ kind: 'gamma', ratePerSecond: 5, cv: 2 }, { kind: 'max' }] } };
    expect(problemsOf(() => planFromRaw(swept, 'p.yaml'))[0]).toMatch(/got 'max' \(configuration \{"workload\.arrival":\{"kind":"max"\}\}\)/);
  });

  it('a target rate alone also needs a rate-based arrival, and maxRate false without a target is nothing to search', () => {
    const raw = basePlan();
    raw.workload.arrival = { kind: 'max' };
    expect(problemsOf(() => planFromRaw({ ...raw, plan: { maxRate: false, target: { ratePerSecond: 3 } } }, 'p.yaml'))[0]).toMatch(/^workload\.arrival\.kind: a plan varies the arrival rate/);
    expect(problemsOf(() => planFromRaw({ ...basePlan(), plan: { maxRate: false } }, 'p.yaml'))).toEqual([
      'plan: nothing to search: maxRate is false and there is no target | set maxRate: true, or target: { ratePerSecond: 20 } for the fewest replicas at that rate',
    ]);
  });

  it('a malformed plan section and a bad sweep are reported together, naming plan.<field> and sweep.<path>', () => {
    const problems = problemsOf(() => planFromRaw({ ...basePlan(), sweep: { 'hardware.tpp': [1] }, plan: { tolerance: 2, replicas: 3 } }, 'p.yaml'));
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe("sweep.hardware.tpp: 'hardware.tpp' is not a scenario field (an axis names one by its dotted path, e.g. hardware.tp) | did you mean 'hardware.tp' or 'hardware.pp'?");
    expect(problems.slice(1).map((p) => p.split(':')[0]).sort()).toEqual(['plan', 'plan.tolerance']);
    expect(problems.find((p) => p.startsWith('plan:'))).toMatch(/'replicas'/);
  });

  it('a plan in which no configuration resolves is an error with the first one\'s problems', () => {
    expect(problemsOf(() => planFromRaw({ ...basePlan(), model: 'llama-9', sweep: { 'hardware.tp': [1, 2] } }, 'p.yaml'))).toEqual([
      ": no configuration of the plan is valid (2 skipped); the first: model: unknown model 'llama-9' (`sakiyomi models` lists them; or give { hfConfig: path/to/config.json }); did you mean 'llama-2-70b', 'llama-2-7b' or 'llama-3.1-405b'?",
    ]);
  });

  it('the plan name is the file\'s name, else its base name; long names are cut so that <name>-<index> stays a safe name', () => {
    const { name: _, ...raw } = basePlan();
    expect(planFromRaw(raw, 'plans/h100 70b.yaml').name).toBe('h100-70b');
    const long = 'x'.repeat(100);
    const plan = planFromRaw({ ...basePlan(), name: long, sweep: { 'engine.maxNumSeqs': { from: 1, to: 12, steps: 12 } } }, 'p.yaml');
    expect(plan.points[11].scenario?.name).toBe(`${'x'.repeat(97)}-11`);
    expect(problemsOf(() => planFromRaw({ ...basePlan(), name: '../etc' }, 'p.yaml'))[0]).toMatch(/^name: got "\.\.\/etc"; a name is 1 to 100/);
  });

  it('a top level that is not a mapping is an error', () => {
    expect(problemsOf(() => planFromRaw([1], 'p.yaml'))).toEqual([': expected a mapping of fields at the top level (a scenario with sweep and plan sections)']);
  });
});

describe('loadPlan(file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-plan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads YAML; the axes keep the file\'s order', () => {
    const file = join(dir, 'plan.yaml');
    writeFileSync(
      file,
      [
        'name: small',
        'model: llama-3.1-8b',
        'hardware: { gpu: h100-sxm }',
        'workload:',
        '  arrival: { kind: poisson, ratePerSecond: 5 }',
        '  promptTokens: { kind: fixed, tokens: 100 }',
        '  outputTokens: { kind: fixed, tokens: 10 }',
        '  stop: { numRequests: 50 }',
        'slo: { ttft: { p95: 1 } }',
        'sweep:',
        '  engine.maxNumSeqs: { from: 1, to: 100, steps: 3, scale: log }',
        '  hardware.gpu: [h100-sxm, b200]',
        'plan: { target: { ratePerSecond: 20 } }',
        '',
      ].join('\n'),
    );
    const plan = loadPlan(file);
    expect(plan.points.map((p) => p.key)).toEqual([
      '{"engine.maxNumSeqs":1,"hardware.gpu":"h100-sxm"}',
      '{"engine.maxNumSeqs":1,"hardware.gpu":"b200"}',
      '{"engine.maxNumSeqs":10,"hardware.gpu":"h100-sxm"}',
      '{"engine.maxNumSeqs":10,"hardware.gpu":"b200"}',
      '{"engine.maxNumSeqs":100,"hardware.gpu":"h100-sxm"}',
      '{"engine.maxNumSeqs":100,"hardware.gpu":"b200"}',
    ]);
    expect(plan.options.target).toEqual({ ratePerSecond: 20 });
    expect(plan.points[5].scenario?.gpu.id).toBe('b200');
  });

  it('a missing file is a one-line ScenarioError naming it', () => {
    const file = join(dir, 'none.yaml');
    expect(() => loadPlan(file)).toThrow(ScenarioError);
    expect(() => loadPlan(file)).toThrow(`${file}: 1 problem\n  cannot read the plan: no such file`);
  });
});
