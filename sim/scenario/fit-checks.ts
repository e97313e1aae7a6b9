// "Does it fit?", asked at load: the checks that need the catalogs' numbers, made by
// resolveScenario so that a Scenario that resolves can be run (run.ts no longer finds a bad
// scenario halfway through a list of files). The model's weights and the activation reserve
// leave room for at least one KV block (with a speculative proposer's memory too); at pp > 1 the
// blocks split over the pp virtual engines; n > 1 and beam search need continuous batching;
// engine.maxModelLen is at most the model's context and the block size one the engine offers.
// Invariants: pure; every problem names its field path; the KV capacity asked here is the one
// run.ts builds the replicas from (the same kvCapacity input).

import { draftFootprint, kvCapacity, resolvePrecision, type GpuSpec, type KvCapacityResult, type ModelSpec, type ResolvedPrecision } from '../hardware/index.ts';
import { engineIdOf } from './engine-releases.ts';
import { BLOCK_SIZES, VLLM_MIN_DEFAULT_BATCHED_TOKENS, type ResolvedEngine } from './engine-presets.ts';
import type { Problem } from './errors.ts';
import type { ScenarioConfig } from './schema.ts';

export function checkFit(config: ScenarioConfig, engine: ResolvedEngine, model: ModelSpec, gpu: GpuSpec, draftModel: ModelSpec | undefined): Problem[] {
  const problems: Problem[] = [];
  const { tp } = config.hardware;
  const pp = config.hardware.pp ?? 1;

  if (engine.maxModelLen > model.maxPositionEmbeddings) {
    problems.push({
      path: 'engine.maxModelLen',
      message: `maxModelLen ${engine.maxModelLen} exceeds the ${model.maxPositionEmbeddings} tokens of ${model.id}'s context (max_position_embeddings); vLLM refuses the same`,
      suggestion: `try maxModelLen <= ${model.maxPositionEmbeddings}`,
    });
  }

  // vLLM's SchedulerConfig._verify_args: without chunked prefill a prompt must fit one step, so a
  // step budget below max_model_len is refused at start-up rather than rejecting long prompts later.
  if (engineIdOf(engine.preset) === 'vllm' && !engine.enableChunkedPrefill && engine.maxNumBatchedTokens < engine.maxModelLen) {
    problems.push({
      path: 'engine.maxNumBatchedTokens',
      message: `maxNumBatchedTokens ${engine.maxNumBatchedTokens} is smaller than maxModelLen ${engine.maxModelLen} with chunked prefill off; vLLM refuses this (a whole prompt must fit one step)`,
      suggestion: `raise engine.maxNumBatchedTokens to ${engine.maxModelLen}, set engine.maxModelLen <= ${engine.maxNumBatchedTokens}, or leave maxNumBatchedTokens unset (vLLM then uses max(maxModelLen, ${VLLM_MIN_DEFAULT_BATCHED_TOKENS}))`,
    });
  }

  const gen = config.generation;
  if (gen !== undefined && ((gen.kind === 'sampling' && gen.n > 1) || gen.kind === 'beam') && engine.batching.kind === 'static') {
    problems.push({ path: 'generation', message: 'parallel sampling (n > 1) and beam search need continuous batching (engine.batching kind continuous)' });
  }

  // The fit needs a tp that divides the heads and a speculative setup kvCapacity can size; other
  // checks report those problems, so the fit is asked only when they hold.
  const spec = config.speculative;
  const draftOk = spec === undefined || spec.method !== 'draft-model' || draftModel !== undefined;
  if (model.numAttentionHeads % tp !== 0 || pp > model.numLayers || !draftOk || (spec !== undefined && pp > 1)) return problems;
  const precision = resolvePrecision(gpu, config.precision);
  const draft =
    spec === undefined
      ? undefined
      : draftFootprint(spec.method, model, precision, tp, { ...(draftModel ? { draftModel } : {}), ...(spec.draftLayers !== undefined ? { draftLayers: spec.draftLayers } : {}) });
  const capacity = replicaKvCapacity(config, engine, model, gpu, precision, draft);
  if (!capacity.ok) problems.push({ path: 'hardware', message: capacity.message });
  else if (pp > 1 && Math.floor(capacity.numGpuBlocks / pp) < 1) {
    problems.push({ path: 'hardware.pp', message: `${capacity.numGpuBlocks} KV blocks cannot be split over ${pp} virtual engines` });
  }
  return problems;
}

/**
 * One replica's KV capacity (kvCapacity) from the scenario's hardware and engine settings: the
 * one input both this check and the run's replica plan (cluster/replica-plan.ts) size from.
 */
export function replicaKvCapacity(
  config: ScenarioConfig,
  engine: ResolvedEngine,
  model: ModelSpec,
  gpu: GpuSpec,
  precision: ResolvedPrecision,
  draft: { weightBytesPerGpu: number; kvBytesPerTokenPerGpu: number } | undefined,
): KvCapacityResult {
  const pp = config.hardware.pp ?? 1;
  return kvCapacity({
    model,
    gpu,
    precision,
    tp: config.hardware.tp,
    ...(pp > 1 ? { pp } : {}),
    gpuMemoryUtilization: engine.gpuMemoryUtilization,
    kvCacheFreeMemoryFraction: engine.kvCacheFreeMemoryFraction,
    ...(engine.kvReserve !== undefined ? { reserve: engine.kvReserve } : {}),
    blockSize: engine.blockSize,
    maxNumBatchedTokens: engine.maxNumBatchedTokens,
    maxNumSeqs: engine.maxNumSeqs,
    ...(draft !== undefined ? { draft: { weightBytesPerGpu: draft.weightBytesPerGpu, kvBytesPerTokenPerGpu: draft.kvBytesPerTokenPerGpu } } : {}),
  });
}

/** The block-size rule of the engine preset, as a problem (undefined when the size is offered). */
export function checkBlockSize(preset: ResolvedEngine['preset'], blockSize: number): Problem | undefined {
  const rule = BLOCK_SIZES[engineIdOf(preset)];
  if (rule.allows(blockSize)) return undefined;
  return { path: 'engine.blockSize', message: `${engineIdOf(preset)} offers no KV block size of ${blockSize} tokens; expected ${rule.text}` };
}
