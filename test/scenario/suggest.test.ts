import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../sim/scenario/index.ts';
import { unknownNameProblem } from '../../sim/scenario/suggest.ts';

const GPUS = ['a100-sxm-80gb', 'a100-pcie-80gb', 'l40s', 'h100-sxm', 'h200-sxm', 'gh200-96gb', 'b200', 'gb200', 'b300', 'gb300', 'rtx-pro-6000', 'mi300x', 'mi325x'];

describe('didYouMean', () => {
  it('completes a prefix to the shortest candidate', () => {
    expect(didYouMean('h100', GPUS)).toBe("did you mean 'h100-sxm'?");
    expect(didYouMean('A100', GPUS)).toBe("did you mean 'a100-sxm-80gb'?");
  });
  it('offers every candidate at the best edit distance, those sharing a prefix first', () => {
    expect(didYouMean('h300', GPUS)).toBe("did you mean 'h100-sxm', 'h200-sxm' or 'b300'?");
    expect(didYouMean('poison', ['poisson', 'gamma', 'constant', 'max', 'closed-loop'])).toBe("did you mean 'poisson'?");
    expect(didYouMean('sloo', ['slo', 'seed', 'model'])).toBe("did you mean 'slo'?");
  });
  it('stays silent when nothing is plausibly meant', () => {
    expect(didYouMean('zzzzzz', GPUS)).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });
});

describe('unknownNameProblem', () => {
  it('names the missing name and the names there are; suggests did-you-mean, else the fallback', () => {
    expect(unknownNameProblem('router.poolWeights.h10', 'pool', 'pools', 'h10', ['h100', 'b200'], 'use a pools[].name')).toEqual({
      path: 'router.poolWeights.h10',
      message: "no pool is named 'h10' (pools: 'h100', 'b200')",
      suggestion: "did you mean 'h100'?",
    });
    expect(unknownNameProblem('x.class', 'workload class', 'classes', 'zzzzzz', ['chat'], 'use a workload.classes name').suggestion).toBe('use a workload.classes name');
  });
});
