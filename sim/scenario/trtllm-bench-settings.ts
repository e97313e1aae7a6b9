// trtllm-bench's engine settings for a benchmark row: the max batch size and max number of
// tokens that `trtllm-bench build --dataset` (TensorRT backend) and `trtllm-bench throughput`
// (PyTorch backend, when the flags are not given) derive from the dataset's mean ISL and OSL —
// tensorrt_llm/bench/build/tuning.py, calc_engine_setting and finetune_setting
// (NVIDIA/TensorRT-LLM, the version with the NVFP4 entry in BYTES_PER_ELEM):
//   bytesPerToken  = 2 · layers · max(tp, kvHeads) · headDim · kvBytes        (whole model)
//   engine         = parameters · weightBytes                                   (every parameter)
//   available      = deviceMemory · tp · pp − engine
//   maxRequests    = 0.95 · available / (bytesPerToken · (isl + osl))
//   rawBs    = min(maxRequests, 4096) / pp;   rawTokens = min(rawBs · (1 + isl/osl), 32768)
//   maxBatchSize   = max(64, 32·⌈rawBs/32⌉) below 256, 128·⌈rawBs/128⌉ below 1024, else 256·⌈rawBs/256⌉
//   maxNumTokens   = max(2048, 256·⌈rawTokens/256⌉) below 4096, 512·⌈·/512⌉ below 8192, else 1024·⌈·/1024⌉
// trtllmBenchLimits applies it to catalog names (the validation room's rows).
// trtllm-bench's throughput runs on the TensorRT backend (releases before 0.19: the perf-overview
// pages say the PyTorch backend is used "starting with v0.19") set the executor's dynamic
// batch-size tuner on (bench ExecutorSettingsConfig.dynamic_max_batch_size = True, window 128;
// sim/scheduler/batch-size-tuner.ts): trtllmBenchTunesBatchSize says which releases.
// NOTE: deviceMemory is the catalog's memoryBytes (trtllm-bench reads NVML's total: 79.65 GiB on
// an H100 80GB against the catalog's 80 GiB).
// NOTE: weightBytes is the checkpoint's format (2 for 16-bit, 1 for fp8, 0.5 for nvfp4) applied to
// every parameter, as the heuristic does (it ignores the 16-bit embedding and LM head).

import { compareReleases, engineIdOf, releaseNumber, type EnginePresetRef } from './engine-releases.ts';
import { findGpu, findModel, modelParameterCount, resolvePrecision, type ModelSpec, type PrecisionRequest } from '../hardware/index.ts';

export interface TrtllmBenchSettings {
  maxBatchSize: number;
  maxNumTokens: number;
}

export function trtllmBenchSettings(
  model: ModelSpec,
  args: { weightBytes: number; kvBytes: number; tp: number; pp: number; isl: number; osl: number; deviceMemoryBytes: number },
): TrtllmBenchSettings {
  const { weightBytes, kvBytes, tp, pp, isl, osl, deviceMemoryBytes } = args;
  const bytesPerToken = 2 * model.numLayers * Math.max(tp, model.numKeyValueHeads) * model.headDim * kvBytes;
  const engine = modelParameterCount(model) * weightBytes;
  const available = deviceMemoryBytes * tp * pp - engine;
  const maxRequests = (0.95 * available) / (bytesPerToken * (isl + osl));
  const rawBs = Math.min(maxRequests, 4096) / pp;
  const rawTokens = Math.min(rawBs * (1 + isl / osl), 32768);
  const maxBatchSize =
    rawBs < 256 ? Math.max(64, 32 * Math.ceil(rawBs / 32)) : rawBs < 1024 ? 128 * Math.ceil(rawBs / 128) : 256 * Math.ceil(rawBs / 256);
  const maxNumTokens =
    rawTokens < 4096 ? Math.max(2048, 256 * Math.ceil(rawTokens / 256)) : rawTokens < 8192 ? 512 * Math.ceil(rawTokens / 512) : 1024 * Math.ceil(rawTokens / 1024);
  return { maxBatchSize, maxNumTokens };
}

/**
 * trtllmBenchSettings for catalog names (a model id, a GPU id, a precision request): undefined
 * when a name is not in the catalogs (resolveScenario then says why).
 */
export function trtllmBenchLimits(
  modelId: string,
  gpuId: string,
  precisionRequest: PrecisionRequest,
  shape: { tp: number; pp: number; isl: number; osl: number },
): TrtllmBenchSettings | undefined {
  const model = findModel(modelId);
  const gpu = findGpu(gpuId);
  if (model === undefined || gpu === undefined) return undefined;
  const precision = resolvePrecision(gpu, precisionRequest);
  return trtllmBenchSettings(model, { weightBytes: precision.weightBytes, kvBytes: precision.kvBytes, ...shape, deviceMemoryBytes: gpu.memoryBytes });
}

/** The first release whose trtllm-bench throughput runs on the PyTorch backend (no batch-size tuner). */
const TRTLLM_BENCH_PYTORCH_FROM = '0.19';

/**
 * Whether trtllm-bench of this preset's release ran the batch-size tuner (TensorRT backend): a
 * release before 0.19. `preset` is a resolved name (a bare engine is its latest fitted release).
 */
export function trtllmBenchTunesBatchSize(preset: EnginePresetRef): boolean {
  const at = preset.indexOf('@');
  if (at < 0 || engineIdOf(preset) !== 'tensorrt-llm') return false;
  const n = releaseNumber(preset.slice(at + 1));
  return n !== undefined && compareReleases(n, releaseNumber(TRTLLM_BENCH_PYTORCH_FROM)!) < 0;
}
