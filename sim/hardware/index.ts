// The hardware room's public face: GPU and model catalogs (data with sources), number formats,
// model sizes, KV-cache capacity and the cost models. Other folders import from here only.

export type {
  CostModel,
  StageTimes,
  Dtype,
  GpuArch,
  MemoryTechnology,
  TensorCoreGeneration,
  GpuSpec,
  MlaSpec,
  ModelSpec,
  MoeSpec,
  Precision,
  StepBreakdown,
} from './types.ts';
export { addBreakdown, emptyBreakdown, makeStageTimes } from './types.ts';

export { GPUS, GPU_IDS, findGpu } from './gpu-catalog.ts';
export { MODELS, MODEL_IDS, findModel } from './model-catalog.ts';
export { modelFromHfConfig, type HfConfigResult } from './hf-config.ts';
export {
  BYTES_PER_ELEMENT,
  bytesPerElement,
  resolvePrecision,
  type GemmPrecision,
  type MathFormat,
  type PrecisionRequest,
  type ResolvedPrecision,
} from './dtype.ts';
export {
  UNQUANTISED_BYTES,
  activeParameterCount,
  expectedDistinctExperts,
  kvBytesPerToken,
  kvBytesPerTokenPerGpu,
  kvHeadsPerGpu,
  modelParameterCount,
  parameterBreakdown,
  ppPartition,
  stageWeightBytesPerGpu,
  weightBytesPerGpu,
  type ParameterBreakdown,
} from './model-math.ts';
export {
  FIXED_RESERVE_BYTES,
  TP_COMMUNICATION_RESERVE_BYTES,
  activationReserveBytes,
  kvCapacity,
  type KvCapacityInput,
  type KvCapacityResult,
  type ReserveModel,
} from './kv-capacity.ts';
export {
  ACTIVATION_FACTOR,
  CONTEXT_BYTES,
  DECODER_BYTES_PER_SLOT_AND_TOKEN,
  DRIVER_RESERVED_BYTES,
  tensorrtEngineReserve,
  type TensorrtEngineReserve,
} from './trtllm-memory.ts';
export {
  RooflineCostModel,
  SMALL_BATCH_STREAMING_GAIN,
  defaultCostModelParams,
  measuredCostModelParams,
  type CostModelParams,
  type RooflineCostModelInput,
} from './roofline-cost-model.ts';
export { ConstantCostModel } from './constant-cost-model.ts';
export { SpeculativeCostModel, type DraftCost } from './speculative-cost-model.ts';
export { draftFootprint, draftHeadModel, type DraftFootprint, type DraftMethod } from './draft.ts';
export { CALIBRATION, computeFactorOf, scaleEfficiencies, memoryClassOf, memoryFactorOf, oneShotAllReduce, paramsFromCalibration, pcieClass, type Calibration } from './calibration.ts';
export { KV_LINK_PRESETS, KV_LINK_PRESET_IDS, findKvLinkPreset, type KvLinkPreset } from './kv-link-presets.ts';
export { sustainedComputeFraction } from './power-limit.ts';
export { NVLINK_ALL_REDUCE_SAMPLE, allReduceAlphaBeta, nvlinkAllReduceFactors } from './nvlink-collectives.ts';
