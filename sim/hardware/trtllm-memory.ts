// What TensorRT-LLM's TensorRT-engine backend (trtllm-build engines run by the C++ executor:
// releases up to v0.18, e.g. the v0.14 rows of calibration.csv) holds on each GPU besides the
// weights and the KV cache — the memory its KV fraction is NOT taken from. The executor sizes the
// KV pool last, from what cudaMemGetInfo reports free after everything else is allocated:
//   KV = kv_cache_free_gpu_mem_fraction × (visible − weights − execution context − runtime
//        buffers − decoder − CUDA context and libraries)
// (docs/source/reference/memory.md, "C++ runtime"; trtllm-bench throughput
// --kv_cache_free_gpu_mem_fraction default 0.90, tensorrt_llm/bench/benchmark/throughput.py; the
// KvCacheConfig.free_gpu_memory_fraction default 0.9 of the LLM API,
// https://nvidia.github.io/TensorRT-LLM/examples/kvcacheconfig.html).
// Each term, per GPU, from two TensorRT-LLM start-up logs on an H100 SXM 80GB (Llama-2-7B FP8):
//   log A  docs/source/reference/memory.md (NVIDIA/TensorRT-LLM, FAQ "How to debug the memory
//          usage"): engine 6695 MiB, execution context 1134.01 MiB, runtime buffers 43.29 MB,
//          decoder 180.30 MB, "total: 79.10 GiB, available: 70.48 GiB";
//   log B  docs/source/performance/perf-benchmarking.md of v0.12 (trtllm-bench throughput, max
//          batch 4096, max tokens 8192, vocabulary 32,000): engine 6214 MiB, execution context
//          928.77 MiB, runtime buffers 1.14 GB, decoder 4.35 GB, "total: 79.10 GiB, available:
//          63.62 GiB" (and 62.99 GiB of KV at its 0.99 fraction: 0.99 × 63.62).
//   visible     cudaMemGetInfo's total is 79.10 GiB in both logs against the 80 GiB the catalog
//               gives an "80 GB" H100 (gpu-catalog.ts): DRIVER_RESERVED_BYTES = 0.90 GiB is never
//               the engine's to split. ASSUMPTION: the same 0.90 GiB on every GPU (no other log).
//   context     what log A leaves unexplained after its four named allocations: 79.10 − 6.538 −
//               1.107 − 0.042 − 0.176 − 70.48 = 0.756 GiB (CUDA context, cuBLAS/cuBLASLt
//               handles and workspaces, the stream-ordered memory pool): CONTEXT_BYTES.
//   activations TensorRT sizes the execution context at build time for max_num_tokens
//               ("activation size will be close to max number of input tokens * some constant
//               factor", memory.md). Log B: 928.77 MiB at 8192 tokens is 1.44 × the forward
//               estimate of kv-capacity.ts (activationReserveBytes' per-token term: 82,432 B per
//               token for Llama-2-7B, 644 MiB), in line with memory.md's known issue that FP8
//               engines take more activation memory than the optimum: ACTIVATION_FACTOR = 1.44.
//   buffers     the runtime buffers and the batched decoder are sized by max_batch_size × the
//               vocabulary (fp32 logits, sampling workspaces; tuning.py caps the batch "to avoid
//               decoder buffer size becoming too large"). Log B: (1.14 + 4.35) GiB / (4096 ×
//               32,000) = 45 B per sequence slot and vocabulary entry (the log's "GB" read as
//               GiB: TensorRT-LLM's MemoryCounters prints powers of 1024); log A's 0.218 GiB is
//               then ≈ 160 slots, a plausible build setting: DECODER_BYTES_PER_SLOT_AND_TOKEN = 45.
//   tp > 1      NCCL and the custom all-reduce workspace: TP_COMMUNICATION_RESERVE_BYTES of
//               kv-capacity.ts (1 GiB, carried over; no TensorRT-LLM log at tp > 1 here).
// Check against log B (a test): this model leaves 65.4 GiB free for its setup where the log
// reports 63.62 — 1.8 GiB (2.8%) more; log B's unexplained remainder is 3.0 GiB against log A's
// 0.756, so something else grows with the batch slots (4096 there) that neither log names.
// NOTE: only for the TensorRT-engine backend. From v0.19 trtllm-bench runs the PyTorch backend
// (perf-overview: "Starting with v0.19, testing was performed using the PyTorch backend"), which
// profiles a forward pass like vLLM: kv-capacity.ts's 'profiled' reserve.
// NOTE: max_batch_size here is the ENGINE's (build) limit, maxNumSeqs; trtllm-bench tunes it per
// dataset (sim/scenario/trtllm-bench-settings.ts), trtllm-serve's default is 2048 — at which
// a 128k vocabulary costs 11 GiB per GPU of decoder buffers.

import type { Bytes } from '../units.ts';
import { GiB } from '../units.ts';
import type { ModelSpec } from './types.ts';

/** Datasheet memory that cudaMemGetInfo never reports (80 GiB − 79.10 GiB on an H100, logs A and B). */
export const DRIVER_RESERVED_BYTES: Bytes = 0.9 * GiB;
/** CUDA context, library handles and workspaces (log A's unexplained remainder). */
export const CONTEXT_BYTES: Bytes = 0.756 * GiB;
/** TensorRT execution context over the profiled-forward estimate at the same max_num_tokens (log B). */
export const ACTIVATION_FACTOR = 1.44;
/** Runtime buffers + batched decoder per max_batch_size slot and vocabulary entry (log B). */
export const DECODER_BYTES_PER_SLOT_AND_TOKEN = 45;

export interface TensorrtEngineReserve {
  /** Bytes of one GPU not available to weights or KV (everything above, summed). */
  total: Bytes;
  activations: Bytes;
  buffers: Bytes;
  fixed: Bytes;
}

/**
 * The TensorRT-engine backend's reserve on one GPU (header): the execution context for
 * maxNumTokens, the runtime and decoder buffers for maxBatchSize slots, the CUDA context, the
 * driver's share and, at tp > 1, the communication buffers. `forwardBytesPerToken` is the
 * profiled-forward estimate per token (kv-capacity.ts), `tpCommunicationBytes` its tp > 1 allowance.
 */
export function tensorrtEngineReserve(
  model: ModelSpec,
  args: { maxNumTokens: number; maxBatchSize: number; forwardBytesPerToken: number; tpCommunicationBytes: Bytes },
): TensorrtEngineReserve {
  const activations = ACTIVATION_FACTOR * args.maxNumTokens * args.forwardBytesPerToken;
  const buffers = DECODER_BYTES_PER_SLOT_AND_TOKEN * args.maxBatchSize * model.vocabSize;
  const fixed = DRIVER_RESERVED_BYTES + CONTEXT_BYTES + args.tpCommunicationBytes;
  return { total: activations + buffers + fixed, activations, buffers, fixed };
}
