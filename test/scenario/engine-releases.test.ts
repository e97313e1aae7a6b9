// Engine releases as inputs (scenario/engine-releases.ts): the naming rule (bare = latest fitted,
// exact, nearest earlier with a note, errors listing the known releases), the release's fitted
// values in the resolved engine, and its efficiency factors in the cost model, by hand.
import { describe, expect, it } from 'vitest';
import { createCostModel } from '../../sim/cluster/index.ts';
import { RooflineCostModel, defaultCostModelParams, emptyBreakdown, resolvePrecision } from '../../sim/hardware/index.ts';
import { ENGINE_RELEASES, compareReleases, parseEnginePreset, releaseNumber, resolveScenario } from '../../sim/scenario/index.ts';
import { makeSchedulerOutput } from '../../sim/step/index.ts';
import { baseScenario, withChanges } from '../fixtures/scenarios.ts';
import { resolveErrorOf } from '../fixtures/problems.ts';

const trt = ENGINE_RELEASES['tensorrt-llm'];
const resolves = (preset: string) => resolveScenario(withChanges(baseScenario(), { engine: { preset } }), { file: 'ok.yaml' });

describe('releaseNumber and compareReleases', () => {
  it('read dotted numbers (an optional v) and compare them part by part, missing parts as 0', () => {
    expect(releaseNumber('0.20')).toEqual([0, 20]);
    expect(releaseNumber('v1.0.1')).toEqual([1, 0, 1]);
    expect(releaseNumber('latest')).toBeUndefined();
    expect(compareReleases([0, 20], [0, 20, 0])).toBe(0);
    expect(compareReleases([0, 14], [0, 20])).toBeLessThan(0);
    expect(compareReleases([1, 0], [0, 20])).toBeGreaterThan(0);
  });
});

describe('parseEnginePreset', () => {
  it('a bare engine with fitted releases is its latest; one without any is the sourced preset', () => {
    expect(trt.map((r) => r.release)).toEqual(['0.14', '0.20']);
    expect(parseEnginePreset('tensorrt-llm')).toEqual({ id: 'tensorrt-llm', ref: 'tensorrt-llm@0.20', release: trt[1] });
    expect(parseEnginePreset('sglang')).toEqual({ id: 'sglang', ref: 'sglang' });
  });

  it('a fitted release is itself, however it is written', () => {
    expect(parseEnginePreset('tensorrt-llm@0.14')).toEqual({ id: 'tensorrt-llm', ref: 'tensorrt-llm@0.14', release: trt[0] });
    expect(parseEnginePreset('tensorrt-llm@0.20.0')).toEqual({ id: 'tensorrt-llm', ref: 'tensorrt-llm@0.20', release: trt[1] });
    expect(parseEnginePreset('tensorrt-llm@v0.20')).toMatchObject({ ref: 'tensorrt-llm@0.20' });
  });

  it('a release without rows takes the nearest earlier fitted one, with a note', () => {
    expect(parseEnginePreset('tensorrt-llm@0.17')).toEqual({
      id: 'tensorrt-llm',
      ref: 'tensorrt-llm@0.14',
      release: trt[0],
      note: 'tensorrt-llm release 0.17 has no calibration rows: simulated with the nearest earlier fitted release, 0.14',
    });
    expect(parseEnginePreset('tensorrt-llm@1.0')).toMatchObject({ ref: 'tensorrt-llm@0.20', note: expect.stringContaining('nearest earlier fitted release, 0.20') });
  });

  it('an older, malformed or unfitted release, or an unknown engine, is a problem listing what is known', () => {
    expect(parseEnginePreset('tensorrt-llm@0.9')).toEqual({
      path: 'engine.preset',
      message: 'tensorrt-llm release 0.9 is older than every fitted release',
      suggestion: 'fitted releases of tensorrt-llm: 0.14, 0.20; use one of them (the model is not extrapolated backwards)',
    });
    expect(parseEnginePreset('tensorrt-llm@latest')).toMatchObject({ message: "'latest' in 'tensorrt-llm@latest' is not a release number (digits and dots, e.g. 0.20)" });
    expect(parseEnginePreset('sglang@0.4')).toMatchObject({ message: "sglang has no fitted release, so 'sglang@0.4' cannot be simulated as that release" });
    expect(parseEnginePreset('tensorrt')).toMatchObject({ message: "unknown engine preset 'tensorrt'", suggestion: expect.stringContaining('known engines: vllm, tensorrt-llm, sglang') });
    // No engine at all: no guess, only the known engines.
    expect(parseEnginePreset('@0.20')).toMatchObject({ message: "unknown engine preset '@0.20'", suggestion: 'known engines: vllm, tensorrt-llm, sglang, optionally with @release (e.g. tensorrt-llm@0.20)' });
  });
});

describe('resolveScenario with a release', () => {
  it('the resolved engine names the release in force and carries its fitted values', () => {
    for (const r of trt) {
      const e = resolves(`tensorrt-llm@${r.release}`).engine;
      expect(e).toMatchObject({ preset: `tensorrt-llm@${r.release}`, stepOverheadSeconds: r.stepOverheadSeconds, frontendLatencySeconds: r.frontendLatencySeconds, computeEfficiencyFactor: r.computeEfficiencyFactor, memoryEfficiencyFactor: r.memoryEfficiencyFactor });
      expect(e.releaseNote).toBeUndefined();
    }
    expect(resolves('tensorrt-llm@2.0').engine.releaseNote).toMatch(/^tensorrt-llm release 2\.0 has no calibration rows/);
    // A preset without releases resolves as before: no release fields.
    const v = resolves('vllm').engine;
    expect(v.preset).toBe('vllm');
    expect(v).not.toHaveProperty('computeEfficiencyFactor');
    expect(v).not.toHaveProperty('releaseNote');
  });

  it('a bad release is a clear error naming the field', () => {
    expect(resolveErrorOf(withChanges(baseScenario(), { engine: { preset: 'tensorrt-llm@0.1' } }))).toBe(
      'bad.yaml: 1 problem\n  engine.preset: tensorrt-llm release 0.1 is older than every fitted release; fitted releases of tensorrt-llm: 0.14, 0.20; use one of them (the model is not extrapolated backwards)',
    );
  });

  it("the cost model times a step with the release's factors on the calibrated efficiencies", () => {
    const s = resolves('tensorrt-llm@0.14');
    const scenario = { ...s, engine: { ...s.engine, computeEfficiencyFactor: 0.5, memoryEfficiencyFactor: 0.8 } };
    const precision = resolvePrecision(s.gpu, s.config.precision);
    const d = defaultCostModelParams(s.gpu);
    const byHand = new RooflineCostModel({
      model: s.model,
      gpu: s.gpu,
      precision,
      tp: s.config.hardware.tp,
      params: {
        ...d,
        gemmComputeEfficiency: d.gemmComputeEfficiency * 0.5,
        attentionComputeEfficiency: d.attentionComputeEfficiency * 0.5,
        memoryBandwidthEfficiency: d.memoryBandwidthEfficiency * 0.8,
        attentionMemoryEfficiency: d.attentionMemoryEfficiency * 0.8,
        stepOverheadSeconds: s.engine.stepOverheadSeconds!,
      },
    });
    const model = createCostModel(scenario, precision, undefined, 0, null);
    const shape = makeSchedulerOutput(4);
    shape.numDecodeSeqs = 64;
    shape.decodeContextSum = 64 * 1000;
    const t = model.stepTime(shape, emptyBreakdown());
    expect(t).toBe(byHand.stepTime(shape, emptyBreakdown()));
    expect(t).toBeGreaterThan(createCostModel(s, precision, undefined, 0, null).stepTime(shape, emptyBreakdown()));
  });
});
