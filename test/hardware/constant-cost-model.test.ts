import { describe, expect, it } from 'vitest';
import { ConstantCostModel, emptyBreakdown, makeStageTimes } from '../../sim/hardware/index.ts';
import { makeSchedulerOutput } from '../../sim/step/index.ts';

describe('ConstantCostModel.stepTime', () => {
  it('returns stepSeconds for any shape, all of it overhead', () => {
    const m = new ConstantCostModel(0.025);
    const out = emptyBreakdown();
    const s = makeSchedulerOutput(2);
    expect(m.stepTime(s, out)).toBe(0.025);
    s.numDecodeSeqs = 100;
    s.decodeContextSum = 1e6;
    s.numPrefillChunks = 1;
    s.prefillChunkTokens[0] = 8192;
    expect(m.stepTime(s, out)).toBe(0.025);
    expect(out).toEqual({ ...emptyBreakdown(), totalSeconds: 0.025, overheadSeconds: 0.025 });
  });

  it('rejects a non-positive or non-finite stepSeconds', () => {
    expect(() => new ConstantCostModel(0)).toThrow(RangeError);
    expect(() => new ConstantCostModel(Infinity)).toThrow(RangeError);
    expect(() => new ConstantCostModel(Number.NaN)).toThrow(RangeError);
  });
});

describe('ConstantCostModel.stageTimes', () => {
  it('splits stepSeconds evenly over the stages, with no overhead and no transfer', () => {
    const st = makeStageTimes(4);
    const out = emptyBreakdown();
    new ConstantCostModel(0.02).stageTimes(makeSchedulerOutput(1), st, out);
    expect(st).toEqual({ stageSeconds: new Float64Array([0.005, 0.005, 0.005, 0.005]), overheadSeconds: 0, transferSeconds: 0 });
    expect(out).toEqual({ ...emptyBreakdown(), totalSeconds: 0.02, overheadSeconds: 0.02 });
  });
});
