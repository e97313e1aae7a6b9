import { describe, expect, it } from 'vitest';
import { problemsOf } from '../fixtures/problems.ts';
import { ScenarioError, scenarioFieldPaths, type SweepSection } from '../../sim/scenario/index.ts';
import { expandSweep, parseSweep, rangeValues, withConfig } from '../../sim/study/index.ts';


const expand = (sweep: Record<string, unknown>) => expandSweep(sweep as SweepSection, 'p.yaml');

describe('rangeValues(range)', () => {
  it('linear, inclusive: from + (to − from)·i/(steps − 1)', () => {
    expect(rangeValues({ from: 5, to: 40, steps: 8, scale: 'linear' })).toEqual([5, 10, 15, 20, 25, 30, 35, 40]);
    // 0.1 + 0.2·1/2 = 0.2 (exactly 0.2 after rounding to 12 significant digits), 0.1 + 0.2·2/2 ends on to.
    expect(rangeValues({ from: 0.1, to: 0.3, steps: 3, scale: 'linear' })).toEqual([0.1, 0.2, 0.3]);
    expect(rangeValues({ from: 10, to: 0, steps: 3, scale: 'linear' })).toEqual([10, 5, 0]);
  });

  it('log: from·(to/from)^(i/(steps − 1)), integers where the ratios are', () => {
    // 1000^(1/3) is 9.999999999999998 in floating point: rounded to 12 digits it is 10.
    expect(rangeValues({ from: 1, to: 1000, steps: 4, scale: 'log' })).toEqual([1, 10, 100, 1000]);
    expect(rangeValues({ from: 1, to: 8, steps: 4, scale: 'log' })).toEqual([1, 2, 4, 8]);
    // 2·(32/2)^(1/2) = 8; 2·16^(1/4) = 4.
    expect(rangeValues({ from: 2, to: 32, steps: 5, scale: 'log' })).toEqual([2, 4, 8, 16, 32]);
  });
});

describe('expandSweep(sweep)', () => {
  it('no sweep, or an empty one, is one configuration: {}', () => {
    expect(expandSweep(undefined)).toEqual([{}]);
    expect(expand({})).toEqual([{}]);
  });

  it('cartesian: axes in file order, the last one fastest; each config keyed in axis order', () => {
    const configs = expand({ 'hardware.gpu': ['h100-sxm', 'b200'], 'hardware.tp': [1, 2, 4] });
    expect(configs).toEqual([
      { 'hardware.gpu': 'h100-sxm', 'hardware.tp': 1 },
      { 'hardware.gpu': 'h100-sxm', 'hardware.tp': 2 },
      { 'hardware.gpu': 'h100-sxm', 'hardware.tp': 4 },
      { 'hardware.gpu': 'b200', 'hardware.tp': 1 },
      { 'hardware.gpu': 'b200', 'hardware.tp': 2 },
      { 'hardware.gpu': 'b200', 'hardware.tp': 4 },
    ]);
    expect(configs.map((c) => JSON.stringify(c))[0]).toBe('{"hardware.gpu":"h100-sxm","hardware.tp":1}');
    // The file's order, not the alphabet's: tp first now.
    expect(expand({ 'hardware.tp': [1, 2], 'hardware.gpu': ['h100-sxm', 'b200'] }).map((c) => Object.keys(c).join())).toEqual(Array(4).fill('hardware.tp,hardware.gpu'));
    expect(expand({ 'hardware.tp': [1, 2], 'hardware.gpu': ['h100-sxm', 'b200'] })[1]).toEqual({ 'hardware.tp': 1, 'hardware.gpu': 'b200' });
  });

  it('a range axis expands in place; 3 × 2 × 8 = 48 configurations', () => {
    const configs = expand({
      'hardware.gpu': ['h100-sxm', 'h200-sxm', 'b200'],
      'precision.weights': ['fp8', 'nvfp4'],
      'workload.arrival.ratePerSecond': { from: 5, to: 40, steps: 8 },
    });
    expect(configs).toHaveLength(48);
    expect(configs[7]).toEqual({ 'hardware.gpu': 'h100-sxm', 'precision.weights': 'fp8', 'workload.arrival.ratePerSecond': 40 });
    expect(configs[8]).toEqual({ 'hardware.gpu': 'h100-sxm', 'precision.weights': 'nvfp4', 'workload.arrival.ratePerSecond': 5 });
    expect(new Set(configs.map((c) => JSON.stringify(c))).size).toBe(48);
  });

  it('zip: a group varies together and sits at its first member\'s position; other axes combine cartesian', () => {
    const configs = expand({
      'hardware.tp': [1, 2],
      'hardware.gpu': ['h100-sxm', 'b200'],
      'workload.arrival.ratePerSecond': [10, 20, 30],
      'precision.weights': ['fp8', 'nvfp4'],
      zip: [['hardware.gpu', 'precision.weights']],
    });
    expect(configs).toHaveLength(2 * 2 * 3);
    // Units: tp (2), (gpu, weights) (2), rate (3); keys stay in file order.
    expect(configs.slice(0, 4)).toEqual([
      { 'hardware.tp': 1, 'hardware.gpu': 'h100-sxm', 'workload.arrival.ratePerSecond': 10, 'precision.weights': 'fp8' },
      { 'hardware.tp': 1, 'hardware.gpu': 'h100-sxm', 'workload.arrival.ratePerSecond': 20, 'precision.weights': 'fp8' },
      { 'hardware.tp': 1, 'hardware.gpu': 'h100-sxm', 'workload.arrival.ratePerSecond': 30, 'precision.weights': 'fp8' },
      { 'hardware.tp': 1, 'hardware.gpu': 'b200', 'workload.arrival.ratePerSecond': 10, 'precision.weights': 'nvfp4' },
    ]);
    expect(configs.every((c) => (c['hardware.gpu'] === 'b200') === (c['precision.weights'] === 'nvfp4'))).toBe(true);
    expect(configs[6]).toEqual({ 'hardware.tp': 2, 'hardware.gpu': 'h100-sxm', 'workload.arrival.ratePerSecond': 10, 'precision.weights': 'fp8' });
  });

  it('zip with a range member and a list member of the same length', () => {
    expect(expand({ 'hardware.tp': [1, 2, 4], 'workload.arrival.ratePerSecond': { from: 10, to: 40, steps: 3 }, zip: [['workload.arrival.ratePerSecond', 'hardware.tp']] })).toEqual([
      { 'hardware.tp': 1, 'workload.arrival.ratePerSecond': 10 },
      { 'hardware.tp': 2, 'workload.arrival.ratePerSecond': 25 },
      { 'hardware.tp': 4, 'workload.arrival.ratePerSecond': 40 },
    ]);
  });

  it('zip groups of unequal lengths, unknown axes or shared members are errors naming sweep.zip', () => {
    expect(problemsOf(() => expand({ 'hardware.gpu': ['h100-sxm', 'b200'], 'hardware.tp': [1, 2, 4], zip: [['hardware.gpu', 'hardware.tp']] }))).toEqual([
      'sweep.zip.0: the axes of a zip group vary together, so they need equal lengths; got hardware.gpu 2, hardware.tp 3 | e.g. zip: [[hardware.gpu, precision.weights]]',
    ]);
    expect(problemsOf(() => expand({ 'hardware.gpu': ['b200'], zip: [['hardware.gpu', 'hardware.tp']] }))).toEqual([
      "sweep.zip.0: 'hardware.tp' is not an axis of this sweep | e.g. zip: [[hardware.gpu, precision.weights]]",
    ]);
    expect(problemsOf(() => expand({ 'hardware.gpu': ['b200'], 'hardware.tp': [1], 'hardware.pp': [1], zip: [['hardware.gpu', 'hardware.tp'], ['hardware.tp', 'hardware.pp']] }))[0]).toMatch(
      /^sweep\.zip\.1: 'hardware\.tp' is in more than one zip group/,
    );
    expect(problemsOf(() => expand({ 'hardware.gpu': ['b200'], zip: [['hardware.gpu']] }))[0]).toMatch(/^sweep\.zip\.0: a zip group is a list of at least two axis paths/);
    expect(problemsOf(() => expand({ 'hardware.gpu': ['b200'], zip: 'hardware.gpu' }))[0]).toMatch(/^sweep\.zip: expected a list of groups/);
  });

  it('an unknown path is an error with a suggestion; name and seed are refused with the reason', () => {
    expect(problemsOf(() => expand({ 'hardware.gpus': ['b200'] }))).toEqual([
      "sweep.hardware.gpus: 'hardware.gpus' is not a scenario field (an axis names one by its dotted path, e.g. hardware.tp) | did you mean 'hardware.gpu'?",
    ]);
    expect(problemsOf(() => expand({ 'workload.arrival.rate': [1] }))[0]).toMatch(/did you mean 'workload\.arrival\.ratePerSecond'\?$/);
    expect(problemsOf(() => expand({ seed: [1, 2], name: ['a', 'b'] }))).toEqual([
      "sweep.seed: 'seed' cannot be swept: every configuration runs on the same seeds (common random numbers), so that differences between configurations are not seed noise; set seed once for the plan",
      "sweep.name: 'name' cannot be swept: each configuration is named after the plan (<name>-<index>)",
    ]);
  });

  it('malformed axes: empty lists, repeats, bad ranges, scalars — every problem at once', () => {
    expect(
      problemsOf(() =>
        expand({
          'hardware.tp': [],
          'hardware.gpu': ['b200', 'b200'],
          'hardware.pp': { from: 1, to: 4, steps: 1 },
          'hardware.numReplicas': 3,
          'workload.arrival.ratePerSecond': { from: 0, to: 10, steps: 3, scale: 'log' },
          'engine.maxNumSeqs': { from: 64, to: 64, steps: 2 },
          'engine.blockSize': [16, Infinity],
        }),
      ),
    ).toEqual([
      'sweep.hardware.tp: an empty list: an axis needs at least one value',
      'sweep.hardware.gpu: the value "b200" appears more than once: each configuration must be distinct',
      'sweep.hardware.pp.steps: expected number to be >=2 | a range is { from, to, steps } (steps >= 2), with scale: log for equal ratios',
      'sweep.hardware.numReplicas: expected a list of values or a range { from, to, steps }, got number 3 | e.g. [3]',
      'sweep.workload.arrival.ratePerSecond.from: a log range needs from > 0 and to > 0 | a range is { from, to, steps } (steps >= 2), with scale: log for equal ratios',
      'sweep.engine.maxNumSeqs.to: from and to are equal: every step would be the same value; list it instead | a range is { from, to, steps } (steps >= 2), with scale: log for equal ratios',
      'sweep.engine.blockSize.1: a value must be a finite number, a string, a boolean, or a list or mapping of these (without self-references)',
    ]);
  });

  it('a zipped axis may repeat a value as long as its group\'s tuples are distinct', () => {
    const sweep = { 'hardware.gpu': ['h100-sxm', 'h200-sxm', 'b200'], 'precision.weights': ['fp8', 'fp8', 'nvfp4'], zip: [['hardware.gpu', 'precision.weights']] };
    expect(expand(sweep)).toEqual([
      { 'hardware.gpu': 'h100-sxm', 'precision.weights': 'fp8' },
      { 'hardware.gpu': 'h200-sxm', 'precision.weights': 'fp8' },
      { 'hardware.gpu': 'b200', 'precision.weights': 'nvfp4' },
    ]);
    expect(problemsOf(() => expand({ ...sweep, 'hardware.gpu': ['b200', 'b200', 'h100-sxm'], 'precision.weights': ['fp8', 'fp8', 'nvfp4'] }))).toEqual([
      'sweep.zip: the group hardware.gpu, precision.weights repeats the values ["b200","fp8"]: each configuration must be distinct',
    ]);
  });

  it('a range whose rounded values repeat is refused', () => {
    expect(problemsOf(() => expand({ 'workload.arrival.ratePerSecond': { from: 1, to: 1 + 1e-13, steps: 3 } }))[0]).toMatch(/^sweep\.workload\.arrival\.ratePerSecond: the range repeats the value 1 /);
  });

  it('over MAX_CONFIGURATIONS is refused before anything is expanded', () => {
    const big = { from: 1, to: 1000, steps: 1000 };
    expect(problemsOf(() => expand({ 'workload.arrival.ratePerSecond': big, 'engine.maxNumSeqs': big }))).toEqual([
      'sweep: 1000000 configurations (1000 × 1000) is over the limit of 100000 | fewer values per axis, or zip axes that vary together',
    ]);
  });

  it('is deterministic: the same section gives the same configurations, in the same order', () => {
    const sweep = { 'hardware.gpu': ['h100-sxm', 'b200'], 'workload.arrival.ratePerSecond': { from: 1, to: 100, steps: 5, scale: 'log' } };
    expect(JSON.stringify(expand(sweep))).toBe(JSON.stringify(expand(structuredClone(sweep))));
  });
});

describe('parseSweep(raw, file)', () => {
  it('refuses a section that is not a mapping', () => {
    expect(problemsOf(() => parseSweep([1, 2], 'p.yaml'))).toEqual(['sweep: expected a mapping of axes (dotted path: values), got a list | e.g. sweep: { hardware.tp: [1, 2, 4] }']);
  });
});

describe('scenarioFieldPaths()', () => {
  it('knows nested fields, through union members (every arrival kind\'s fields)', () => {
    const paths = scenarioFieldPaths();
    for (const p of ['hardware.tp', 'precision.weights', 'workload.arrival.ratePerSecond', 'workload.arrival.cv', 'engine.maxNumSeqs', 'slo.ttft.p95', 'model']) expect(paths).toContain(p);
    expect(paths).not.toContain('$schema');
  });
});

describe('withConfig(raw, config)', () => {
  it('sets each path on a deep copy, creating missing parents; the input is untouched', () => {
    const raw = { hardware: { gpu: 'h100-sxm', tp: 1 }, workload: { arrival: { kind: 'poisson', ratePerSecond: 5 } } };
    const before = structuredClone(raw);
    const out = withConfig(raw, { 'hardware.tp': 4, 'workload.arrival.ratePerSecond': 20, 'engine.maxNumSeqs': 128 });
    expect(out).toEqual({ hardware: { gpu: 'h100-sxm', tp: 4 }, workload: { arrival: { kind: 'poisson', ratePerSecond: 20 } }, engine: { maxNumSeqs: 128 } });
    expect(raw).toEqual(before);
  });

  it('copies object values, so configurations never share them', () => {
    const arrival = { kind: 'gamma', ratePerSecond: 5, cv: 2 };
    const out = withConfig({}, { 'workload.arrival': arrival }) as { workload: { arrival: unknown } };
    expect(out.workload.arrival).toEqual(arrival);
    expect(out.workload.arrival).not.toBe(arrival);
  });

  it('refuses a path reaching a prototype', () => {
    expect(() => withConfig({}, { '__proto__.polluted': 1 })).toThrow(/unsafe sweep path/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
