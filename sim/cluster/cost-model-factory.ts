// From the scenario's `costModel` section to the CostModel every replica times its steps with:
// one exhaustive switch over the kinds. The roofline's parameters are, in order of precedence:
// the GPU's defaults (calibrated where measured) times the engine release's fitted factors
// (scenario/engine-releases.ts; capped at 1, an efficiency being a fraction of a peak), the
// scenario's efficiency overrides and
// engine.stepOverheadSeconds, then the caller's overrides (calibration sweeps); parallel
// sampling's per-step overhead is added on top. Speculative decoding wraps the target's model
// with the proposer's work (speculation.ts).
// NOTE: the constant cost model ignores precision, parallelism, sampling overhead and
// speculation (a queueing-theory fixture, not a hardware model).

import {
  ConstantCostModel,
  RooflineCostModel,
  defaultCostModelParams,
  scaleEfficiencies,
  type CostModel,
  type CostModelParams,
  type ResolvedPrecision,
} from '../hardware/index.ts';
import type { Scenario } from '../scenario/index.ts';
import type { Speculation } from './speculation.ts';

export function createCostModel(
  scenario: Scenario,
  precision: ResolvedPrecision,
  overrides: Partial<CostModelParams> | undefined,
  samplingOverheadSeconds: number,
  speculation: Speculation | null,
): CostModel {
  const { config, model, gpu } = scenario;
  const c = config.costModel;
  switch (c.kind) {
    case 'roofline': {
      const { computeEfficiencyFactor: cf, memoryEfficiencyFactor: mf } = scenario.engine;
      const params = scaleEfficiencies(defaultCostModelParams(gpu), cf ?? 1, mf ?? 1);
      if (c.gemmComputeEfficiency !== undefined) params.gemmComputeEfficiency = c.gemmComputeEfficiency;
      if (c.memoryBandwidthEfficiency !== undefined) params.memoryBandwidthEfficiency = c.memoryBandwidthEfficiency;
      if (c.attentionComputeEfficiency !== undefined) params.attentionComputeEfficiency = c.attentionComputeEfficiency;
      if (scenario.engine.stepOverheadSeconds !== undefined) params.stepOverheadSeconds = scenario.engine.stepOverheadSeconds;
      if (overrides) Object.assign(params, overrides);
      // Sampling's extra per-step cost rides on the fixed step overhead (every step that decodes samples).
      if (samplingOverheadSeconds > 0) params.stepOverheadSeconds += samplingOverheadSeconds;
      const pp = config.hardware.pp ?? 1;
      const target = new RooflineCostModel({ model, gpu, precision, tp: config.hardware.tp, ...(pp > 1 ? { pp } : {}), params });
      return speculation === null ? target : speculation.costModel(target, params);
    }
    case 'constant':
      return new ConstantCostModel(c.stepSeconds);
    default: {
      const never: never = c;
      throw new Error(`unknown cost model ${JSON.stringify(never)}`);
    }
  }
}
