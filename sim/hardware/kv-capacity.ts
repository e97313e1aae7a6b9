// How many KV-cache blocks fit on each GPU of a replica, the way vLLM sizes its cache at start-up
// (vLLM Worker.determine_available_memory: budget = total memory × gpu_memory_utilization, minus
// the weights, minus the peak memory of a profiling forward pass over max_num_batched_tokens;
// the rest becomes KV blocks):
//   numGpuBlocks = floor((memoryBytes × util − weights − activationReserve)
//                        / (blockSize × kvBytesPerTokenPerGpu))
// Every GPU of a tp group holds the same number of blocks (each holds its share of the heads),
// so the replica's cache holds numGpuBlocks × blockSize tokens.
// Invariants: ok ⇒ numGpuBlocks ≥ 1; a configuration that does not fit is a value (ok: false)
// whose message states the numbers in GiB and what to change, never an exception.
// Activation reserve (an estimate of vLLM's profiled peak, per GPU), with T = maxNumBatchedTokens:
//   forward   T × (2·hidden + max(3·intermediate, (2·heads + 2·kvHeads)·headDim) / tp) × 2 B
//             — the residual stream and the normalised hidden state (2·hidden), plus the largest
//             transient: the MLP's gate+up output (2·intermediate/tp) with its SiLU·mul product
//             (intermediate/tp), or attention's QKV output and attention output; all 16-bit.
//   sampler   maxNumSeqs × vocab × 4 B × 2 — fp32 logits over the full vocabulary (vLLM gathers
//             the tp shards before sampling) and the sampler's probabilities of the same shape.
//   fixed     1 GiB for the CUDA context, cuBLAS/attention workspaces and captured graphs, plus
//             1 GiB for NCCL and custom all-reduce buffers when tp > 1.
// Check: Llama-3-8B on an H100 with 8192 batched tokens and 256 sequences gives 1.03 GiB of
// activations; vLLM logged 1.26 GiB "PyTorch activation peak memory" and 1.79 GiB (tp=1) /
// 3.58 GiB (tp=2) of non-torch memory for that case (https://github.com/vllm-project/vllm/pull/10511,
// 2024-12), later logs show 0.16–0.20 GiB non-torch (PR #12126, PR #14447), so the fixed
// allowance sits between the two.
// NOTE: activations are counted at 16 bits even for fp8 models: fp8 is only the GEMM input copy;
// the residual stream, norms and GEMM outputs stay bf16.
// MoE and MLA models change the largest transient per token:
//   MoE layer  k·3·expertIntermediate/tp + k·hidden + 2·numExperts — vLLM fused_moe's
//              intermediate caches (gate+up output and SiLU·mul product per routed token, and the
//              k per-expert outputs before they are summed) and the fp32 router logits;
//   MLA        H·(2·(qkNope + qkRope) + 2·vHead)/tp + qLoraRank + kvLoraRank + qkRope — the
//              decompressed per-head queries, keys, values and output of the prefill form, and the
//              replicated q and kv latents.
// MLA's KV cache per token is the whole latent on every GPU (model-math.ts), not divided by tp.
// Pipeline parallelism (pp stages, layers n_s from ppPartition = vLLM's get_pp_indices): a GPU
// of stage s holds W_s = stageWeightBytesPerGpu (its layers, the embedding on s = 0, the final
// norm and LM head on s = pp−1) and the KV of its own layers only, n_s/L of a token's bytes, for
// the same tokens as every other stage. Each stage sizes its own pool (vLLM profiles every worker)
// and the engine takes the smallest:
//   numGpuBlocks = min_s floor((memoryBytes × util − W_s − A_s) / (blockSize × kvBytesPerTokenPerGpu × n_s/L))
//   A_s = forward + fixed + NCCL (tp > 1 or pp > 1: the p2p communicator) + sampler (last stage only)
// so the cache holds ≈ pp× the tokens of pp = 1, less what the heaviest stage's weights take.
// The reported weights, reserve and bytes per token are those of the stage that sets the minimum.
// At pp = 1 this is exactly the single-stage formula above.
// Speculative decoding (input.draft, pp = 1): the proposer's weights join the weights and its KV
// bytes per token join the target's, so blocks hold both (vLLM keeps draft and target KV under
// one block table); the reported weights and bytes per token include the draft's.
// Reserve models (input.reserve): 'profiled' (default) is the estimate above, the memory a
// profiling forward pass finds (vLLM, SGLang, TensorRT-LLM's PyTorch backend); 'tensorrt-engine'
// is TensorRT-LLM's TensorRT-engine backend (trtllm-memory.ts): execution context for
// maxNumBatchedTokens, runtime and decoder buffers for maxNumSeqs slots × the vocabulary, the
// CUDA context and the driver's share, all measured from TensorRT-LLM logs; it replaces the
// reserve A (and A_s: the same on every stage) in the formulas above.

import type { Bytes } from '../units.ts';
import { GiB, MiB } from '../units.ts';
import type { ResolvedPrecision } from './dtype.ts';
import { tensorrtEngineReserve } from './trtllm-memory.ts';
import { UNQUANTISED_BYTES, kvBytesPerTokenPerGpu, ppPartition, stageWeightBytesPerGpu, weightBytesPerGpu } from './model-math.ts';
import type { GpuSpec, ModelSpec } from './types.ts';

/** CUDA context, library workspaces and CUDA graphs (see the derivation above). */
export const FIXED_RESERVE_BYTES: Bytes = 1 * GiB;
/** NCCL and custom all-reduce buffers, only when tp > 1. */
export const TP_COMMUNICATION_RESERVE_BYTES: Bytes = 1 * GiB;
/** fp32 logits + the sampler's probabilities. */
const SAMPLER_BYTES_PER_LOGIT = 4 * 2;

export interface KvCapacityInput {
  model: ModelSpec;
  gpu: GpuSpec;
  precision: ResolvedPrecision;
  tp: number;
  /** Pipeline stages (default 1); each holds its layers' weights and KV. */
  pp?: number;
  gpuMemoryUtilization: number;
  /**
   * When set, KV gets this fraction of the memory left after weights and activations
   * (TensorRT-LLM free_gpu_memory_fraction) and gpuMemoryUtilization is not used.
   */
  kvCacheFreeMemoryFraction?: number;
  /**
   * What besides weights and KV the engine holds: 'profiled' (default; vLLM-style profiling of
   * a forward pass) or 'tensorrt-engine' (TensorRT-LLM's TensorRT backend, trtllm-memory.ts).
   */
  reserve?: ReserveModel;
  blockSize: number;
  maxNumBatchedTokens: number;
  maxNumSeqs: number;
  /**
   * A speculative proposer held beside the target (draft.ts): its weights add to every GPU's
   * weights and its KV bytes to every token's (pp = 1 only). Absent: none.
   */
  draft?: { weightBytesPerGpu: Bytes; kvBytesPerTokenPerGpu: Bytes };
}

/**
 * Memory one GPU may fill with weights, activations and KV, given what weights and activations
 * use: M·gpuMemoryUtilization (vLLM, SGLang), or used + f·(M − used) (TensorRT-LLM).
 */
function memoryBudget(input: KvCapacityInput, used: number): number {
  const f = input.kvCacheFreeMemoryFraction;
  const m = input.gpu.memoryBytes;
  return f === undefined ? m * input.gpuMemoryUtilization : used + f * Math.max(0, m - used);
}

/** Memory the weights may take at most: the budget, or all of it when KV takes a share of the rest. */
function weightCeiling(input: KvCapacityInput): number {
  return input.kvCacheFreeMemoryFraction === undefined ? input.gpu.memoryBytes * input.gpuMemoryUtilization : input.gpu.memoryBytes;
}

function sizingText(input: KvCapacityInput): string {
  const f = input.kvCacheFreeMemoryFraction;
  return f === undefined ? `at gpuMemoryUtilization ${input.gpuMemoryUtilization}` : `with KV at ${f} of free memory`;
}

export type ReserveModel = 'profiled' | 'tensorrt-engine';

export type KvCapacityResult =
  | {
      ok: true;
      numGpuBlocks: number;
      weightBytesPerGpu: Bytes;
      activationReserveBytesPerGpu: Bytes;
      /** Of one token on one GPU (at pp > 1: of the binding stage's layers). */
      kvBytesPerTokenPerGpu: Bytes;
      /** Bytes of the allocated block pool on each GPU. */
      kvBytesPerGpu: Bytes;
      /** Tokens the replica's cache holds: numGpuBlocks × blockSize. */
      maxTokensInCache: number;
    }
  | { ok: false; message: string };

/** Estimated peak activation memory of vLLM's profiling run, per GPU (derivation above). */
export function activationReserveBytes(
  model: ModelSpec,
  tp: number,
  maxNumBatchedTokens: number,
  maxNumSeqs: number,
  reserve: ReserveModel = 'profiled',
): Bytes {
  const perToken = 2 * model.hiddenSize + transientPerToken(model, tp);
  if (reserve === 'tensorrt-engine') {
    return tensorrtEngineReserve(model, {
      maxNumTokens: maxNumBatchedTokens,
      maxBatchSize: maxNumSeqs,
      forwardBytesPerToken: perToken * UNQUANTISED_BYTES,
      tpCommunicationBytes: tp > 1 ? TP_COMMUNICATION_RESERVE_BYTES : 0,
    }).total;
  }
  const forward = maxNumBatchedTokens * perToken * UNQUANTISED_BYTES;
  const sampler = maxNumSeqs * model.vocabSize * SAMPLER_BYTES_PER_LOGIT;
  const fixed = FIXED_RESERVE_BYTES + (tp > 1 ? TP_COMMUNICATION_RESERVE_BYTES : 0);
  return forward + sampler + fixed;
}

/** The largest transient activation per token per GPU, in elements (derivation above). */
function transientPerToken(model: ModelSpec, tp: number): number {
  const mla = model.mla;
  const moe = model.moe;
  const attention =
    mla === undefined
      ? ((2 * model.numAttentionHeads + 2 * model.numKeyValueHeads) * model.headDim) / tp
      : (model.numAttentionHeads * (2 * (mla.qkNopeHeadDim + mla.qkRopeHeadDim) + 2 * mla.vHeadDim)) / tp +
        (mla.qLoraRank ?? 0) +
        mla.kvLoraRank +
        mla.qkRopeHeadDim;
  let mlp = moe === undefined || moe.numDenseLayers > 0 ? (3 * model.intermediateSize) / tp : 0;
  if (moe !== undefined) {
    const k = moe.numExpertsPerToken;
    mlp = Math.max(mlp, (k * 3 * moe.expertIntermediateSize) / tp + k * model.hiddenSize + 2 * moe.numExperts);
  }
  return Math.max(mlp, attention);
}

export function kvCapacity(input: KvCapacityInput): KvCapacityResult {
  const { model, gpu, precision, tp, blockSize, maxNumBatchedTokens, maxNumSeqs } = input;
  if (!Number.isInteger(tp) || tp < 1 || model.numAttentionHeads % tp !== 0) {
    return {
      ok: false,
      message: `tp=${tp} must be a positive integer that divides the ${model.numAttentionHeads} attention heads of ${model.id}`,
    };
  }
  const pp = input.pp ?? 1;
  if (pp !== 1 && input.draft !== undefined) return { ok: false, message: `a speculative proposer's memory is modelled at pp = 1 only, not pp=${pp}` };
  if (pp !== 1) return pipelineKvCapacity(input, pp);
  const draft = input.draft;
  const weights = weightBytesPerGpu(model, precision.weightBytes, tp, precision.attentionGemm.weightBytes) + (draft?.weightBytesPerGpu ?? 0);
  const reserve = activationReserveBytes(model, tp, maxNumBatchedTokens, maxNumSeqs, input.reserve);
  const budget = memoryBudget(input, weights + reserve);
  const perToken = kvBytesPerTokenPerGpu(model, precision.kvBytes, tp) + (draft?.kvBytesPerTokenPerGpu ?? 0);
  const blockBytes = blockSize * perToken;
  const numGpuBlocks = Math.floor((budget - weights - reserve) / blockBytes);

  if (numGpuBlocks >= 1) {
    return {
      ok: true,
      numGpuBlocks,
      weightBytesPerGpu: weights,
      activationReserveBytesPerGpu: reserve,
      kvBytesPerTokenPerGpu: perToken,
      kvBytesPerGpu: numGpuBlocks * blockBytes,
      maxTokensInCache: numGpuBlocks * blockSize,
    };
  }

  const remedies = remediesFor(input, weightCeiling(input));
  if (weights >= weightCeiling(input)) {
    const offer = `${gpu.id} offers ${gib(weightCeiling(input))} GiB ${sizingText(input)}`;
    return {
      ok: false,
      message: `${model.id} in ${weightFormats(precision)} needs ${gib(weights)} GiB of weights per GPU at tp=${tp}${draftText(draft)}, but ${offer}; try ${joinOr(remedies)}`,
    };
  }
  const offer = `${gpu.id} offers ${gib(budget)} GiB ${sizingText(input)}`;
  const higher = input.kvCacheFreeMemoryFraction === undefined ? 'a higher gpuMemoryUtilization' : 'a higher kvCacheFreeMemoryFraction';
  remedies.splice(remedies.length - 1, 0, 'a smaller maxNumBatchedTokens or maxNumSeqs', higher);
  return {
    ok: false,
    message:
      `${model.id} in ${weightFormats(precision)} at tp=${tp} needs ${gib(weights)} GiB of weights${draftText(draft)}, ${gib(reserve)} GiB of ` +
      `activation reserve (maxNumBatchedTokens ${maxNumBatchedTokens}, maxNumSeqs ${maxNumSeqs}) and at least one ` +
      `${(blockBytes / MiB).toFixed(1)} MiB KV block per GPU, but ${offer}; try ${joinOr(remedies)}`,
  };
}

function draftText(draft: KvCapacityInput['draft']): string {
  return draft === undefined || draft.weightBytesPerGpu === 0 ? '' : ` (of which ${gib(draft.weightBytesPerGpu)} GiB are the speculative proposer's)`;
}

/** kvCapacity at pp > 1: the smallest pool over the stages (see the header). */
function pipelineKvCapacity(input: KvCapacityInput, pp: number): KvCapacityResult {
  const { model, gpu, precision, tp, blockSize, maxNumBatchedTokens, maxNumSeqs } = input;
  if (!Number.isInteger(pp) || pp < 1 || pp > model.numLayers) {
    return { ok: false, message: `pp=${pp} must be a positive integer no larger than the ${model.numLayers} layers of ${model.id}` };
  }
  const parts = ppPartition(model.numLayers, pp);
  const fullPerToken = kvBytesPerTokenPerGpu(model, precision.kvBytes, tp);
  const forward = maxNumBatchedTokens * (2 * model.hiddenSize + transientPerToken(model, tp)) * UNQUANTISED_BYTES;
  const sampler = maxNumSeqs * model.vocabSize * SAMPLER_BYTES_PER_LOGIT;
  const fixed = FIXED_RESERVE_BYTES + TP_COMMUNICATION_RESERVE_BYTES;
  // The TensorRT-engine reserve holds on every stage (each rank runs the engine and the decoder).
  const engineReserve =
    input.reserve === 'tensorrt-engine'
      ? tensorrtEngineReserve(model, {
          maxNumTokens: maxNumBatchedTokens,
          maxBatchSize: maxNumSeqs,
          forwardBytesPerToken: (2 * model.hiddenSize + transientPerToken(model, tp)) * UNQUANTISED_BYTES,
          tpCommunicationBytes: TP_COMMUNICATION_RESERVE_BYTES,
        }).total
      : undefined;
  let best: { blocks: number; weights: number; reserve: number; perToken: number; stage: number; budget: number } | null = null;
  let heaviest = 0;
  for (let s = 0; s < pp; s++) {
    const weights = stageWeightBytesPerGpu(model, precision.weightBytes, tp, pp, s, precision.attentionGemm.weightBytes);
    const reserve = engineReserve ?? forward + fixed + (s === pp - 1 ? sampler : 0);
    const perToken = (fullPerToken * parts[s]) / model.numLayers;
    const budget = memoryBudget(input, weights + reserve);
    const blocks = Math.floor((budget - weights - reserve) / (blockSize * perToken));
    if (weights > heaviest) heaviest = weights;
    if (best === null || blocks < best.blocks) best = { blocks, weights, reserve, perToken, stage: s, budget };
  }
  const b = best!;
  if (b.blocks >= 1) {
    return {
      ok: true,
      numGpuBlocks: b.blocks,
      weightBytesPerGpu: b.weights,
      activationReserveBytesPerGpu: b.reserve,
      kvBytesPerTokenPerGpu: b.perToken,
      kvBytesPerGpu: b.blocks * blockSize * b.perToken,
      maxTokensInCache: b.blocks * blockSize,
    };
  }
  return {
    ok: false,
    message:
      `${model.id} in ${weightFormats(precision)} at tp=${tp}, pp=${pp}: stage ${b.stage} (${parts[b.stage]} layers) needs ` +
      `${gib(b.weights)} GiB of weights (the heaviest stage ${gib(heaviest)} GiB), ${gib(b.reserve)} GiB of activation reserve ` +
      `and at least one ${((blockSize * b.perToken) / MiB).toFixed(1)} MiB KV block per GPU, but ${gpu.id} offers ${gib(b.budget)} GiB ` +
      `${sizingText(input)}; try a larger pp or tp, narrower weights, or a larger GPU`,
  };
}

/** The remedies that would make room: the smallest tp that fits, narrower weights, a larger GPU. */
function remediesFor(input: KvCapacityInput, budget: number): string[] {
  const { model, precision, maxNumBatchedTokens, maxNumSeqs } = input;
  const parts: string[] = [];
  for (let tp = input.tp + 1; tp <= model.numAttentionHeads; tp++) {
    if (model.numAttentionHeads % tp !== 0) continue;
    const need =
      weightBytesPerGpu(model, precision.weightBytes, tp, precision.attentionGemm.weightBytes) +
      activationReserveBytes(model, tp, maxNumBatchedTokens, maxNumSeqs, input.reserve);
    if (need < budget) {
      parts.push(`tp >= ${tp}`);
      break;
    }
  }
  if (precision.weightBytes > 1) parts.push('fp8 weights');
  else if (precision.weights === 'fp8') parts.push('nvfp4 weights');
  else if (precision.weights === 'int8') parts.push('int4 weights');
  parts.push('a larger GPU');
  return parts;
}

/** 'bf16', or 'nvfp4 (attention fp8)' for the hybrid. */
function weightFormats(precision: ResolvedPrecision): string {
  return precision.attentionWeights === precision.weights
    ? precision.weights
    : `${precision.weights} (attention ${precision.attentionWeights})`;
}

function joinOr(parts: string[]): string {
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')}, or ${parts[parts.length - 1]}` : parts[0];
}

function gib(bytes: number): string {
  return (bytes / GiB).toFixed(1);
}
