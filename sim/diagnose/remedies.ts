// The candidate remedies of a diagnosis: for each finding (the bottleneck first, then the
// secondary ones), the remedies that address it, in the order they are usually tried, each only
// where it applies — FP8 only on GPUs with FP8 tensor cores, NVFP4 only on those with FP4 ones
// (Blackwell), prefix caching only when the workload shares prefixes or has sessions, speculative
// decoding only at small batches with a greedy single sequence — and no more than MAX_REMEDIES.
// Each remedy is a set of {dotted path: value} changes to the scenario (patch.ts applies them
// with study's withConfig) and a one-line why.
// Invariants: pure; no remedy twice; the order is the proposal order (ranking comes after the
// simulation, rank.ts); published figures are labelled "published, not simulated".
// Disaggregation (2+ replicas, paged continuous batching, pp 1, no pools) splits the same
// replicas into a prefill and a decode pool over an InfiniBand NDR link per prefill replica (the
// conservative cross-node preset; NVLink inside one node is faster): decode steps stop sharing
// the GPU with long prefill chunks (DistServe, Splitwise).
// Pools: a finding's remedies are built on its pool's own scenario (pool-remedies.ts) and their
// paths moved under pools.<i>.; rebalance-roles, pool-weights and faster-link exist only there.
// Autoscaling and failures: the autoscale and failure remedies are fleet-remedies.ts's.

import { GPUS, resolvePrecision, type GpuSpec } from '../hardware/index.ts';
import { PUBLISHED_SPEC_DECODE, formatSignificant3, publishedQuality } from '../report/index.ts';
import type { Scenario } from '../scenario/index.ts';
import {
  BATCH_SLOTS_FULL,
  CHEAPER_GPU_MIN_MEMORY_FRACTION,
  DECODE_FIXED_SHARE,
  DISAGG_PREFILL_FRACTION,
  MAX_NUM_SEQS_DOWN_FACTOR,
  MAX_NUM_SEQS_UP_FACTOR,
  MIN_TOKEN_BUDGET,
  MORE_REPLICAS_FRACTION,
  SPECULATIVE_ASSUMED_ACCEPTANCE,
  SPECULATIVE_MAX_BATCH,
  SPECULATIVE_OFF_BATCH_FRACTION,
  SPECULATIVE_TOKENS,
  TOKEN_BUDGET_FACTOR,
  TPOT_BUDGET_SHARE,
} from './thresholds.ts';
import { poolObservations } from './observe-pools.ts';
import { FLEET_BUILDERS, fairness } from './fleet-remedies.ts';
import { POOL_BUILDERS, busiestPool, inPool, type Builder } from './pool-remedies.ts';
import type { BottleneckKind, Finding, Observations, Remedy } from './types.ts';

/** At most this many remedies are simulated (each costs `replications` runs). */
export const MAX_REMEDIES = 8;


const is16Bit = (d: string): boolean => d === 'bf16' || d === 'fp16';

const PUBLISHED_FP8 =
  'published: no FP8-vs-16-bit accuracy figure is shipped (data/reference/specdecode_and_quant_accuracy.csv has none); check your model\'s own FP8 evaluation';

function publishedFp4(modelId: string): string[] {
  return publishedQuality('nvfp4', modelId).map((f) => {
    const figure = f.baselineScore !== undefined && f.quantizedScore !== undefined ? `${f.baseline.toUpperCase()} ${f.baselineScore} -> NVFP4 ${f.quantizedScore}` : (f.claim ?? '');
    return `published (not simulated): ${f.method}, ${f.model}, ${f.benchmark}: ${figure}${f.stage === 'pretraining' ? ' [pretraining, not inference quantization]' : ''} (${f.source})`;
  });
}

const BUILDERS: Readonly<Record<string, Builder>> = {
  'fp8-kv-cache': (s, o) => {
    const p = resolvePrecision(s.gpu, s.config.precision);
    if (s.gpu.peakFlops.fp8 === undefined || p.kvBytes <= 1) return undefined;
    return {
      remedy: 'fp8-kv-cache',
      title: 'FP8 KV cache',
      changes: { 'precision.kvCache': 'fp8' },
      addresses: ['kv-capacity', 'bandwidth-bound-decode'],
      why: `halves the KV bytes per token: twice the tokens in the same cache, half the KV read per decode step (${s.gpu.id} has FP8)${slopeWords(o)}`,
      published: [PUBLISHED_FP8],
    };
  },
  'fp8-weights': (s) => {
    if (s.gpu.peakFlops.fp8 === undefined || !is16Bit(s.config.precision.weights) || s.config.precision.attentionWeights !== undefined) return undefined;
    return {
      remedy: 'fp8-weights',
      title: 'FP8 weights (and KV)',
      changes: { 'precision.weights': 'fp8' },
      addresses: ['compute-bound-prefill', 'bandwidth-bound-decode', 'kv-capacity', 'queueing'],
      why: `FP8 GEMMs at twice the 16-bit peak and half the weight bytes per step; the freed memory and the FP8 KV default enlarge the KV cache (${s.gpu.id} has FP8)`,
      published: [PUBLISHED_FP8],
    };
  },
  'nvfp4-hybrid': (s) => {
    if (s.gpu.peakFlops.nvfp4 === undefined || s.config.precision.weights === 'nvfp4' || s.config.precision.weights === 'mxfp4') return undefined;
    return {
      remedy: 'nvfp4-hybrid',
      title: 'NVFP4 MLP weights, FP8 attention',
      changes: { 'precision.weights': 'nvfp4', 'precision.attentionWeights': 'fp8' },
      addresses: ['compute-bound-prefill', 'bandwidth-bound-decode', 'kv-capacity', 'queueing'],
      why: `4.5-bit MLP weights and FP4 GEMMs with FP8 attention (the hybrid keeps attention's accuracy): fewer bytes and more FLOP/s per step (${s.gpu.id} has FP4 tensor cores)`,
      published: publishedFp4(s.model.id),
    };
  },
  'chunked-prefill-on': (s) => {
    if (s.engine.enableChunkedPrefill || s.engine.batching.kind !== 'continuous') return undefined;
    return {
      remedy: 'chunked-prefill-on',
      title: 'chunked prefill on',
      changes: { 'engine.enableChunkedPrefill': true },
      addresses: ['compute-bound-prefill', 'bandwidth-bound-decode', 'queueing'],
      why: 'long prompts are split under the token budget, so they no longer stall the running decodes or wait for a whole-prompt step',
    };
  },
  'token-budget-up': (s, _o, top) => {
    if (!s.engine.enableChunkedPrefill || top !== 'compute-bound-prefill') return undefined;
    const budget = s.engine.maxNumBatchedTokens * TOKEN_BUDGET_FACTOR;
    return {
      remedy: 'token-budget-up',
      title: `token budget ${budget}`,
      changes: { 'engine.maxNumBatchedTokens': budget },
      addresses: ['compute-bound-prefill'],
      why: `${TOKEN_BUDGET_FACTOR}x the prefill tokens per step (maxNumBatchedTokens ${s.engine.maxNumBatchedTokens} -> ${budget}): fewer steps per long prompt, at some cost to the decodes sharing those steps`,
    };
  },
  'token-budget-down': (s, o) => {
    if (!s.engine.enableChunkedPrefill || !(o['tpot.budgetShare'] >= TPOT_BUDGET_SHARE)) return undefined;
    const budget = Math.max(MIN_TOKEN_BUDGET, Math.floor(s.engine.maxNumBatchedTokens / TOKEN_BUDGET_FACTOR));
    if (budget >= s.engine.maxNumBatchedTokens) return undefined;
    return {
      remedy: 'token-budget-down',
      title: `token budget ${budget}`,
      changes: { 'engine.maxNumBatchedTokens': budget },
      addresses: ['bandwidth-bound-decode'],
      why: `smaller prefill chunks per step (maxNumBatchedTokens ${s.engine.maxNumBatchedTokens} -> ${budget}) shorten the steps the decodes share with prefills: lower TPOT, higher TTFT`,
    };
  },
  'prefix-caching-on': (s) => {
    const w = s.config.workload;
    const shares = w.sharedPrefix !== undefined || w.sessions !== undefined || (w.classes ?? []).some((c) => c.sharedPrefix !== undefined || c.sessions !== undefined);
    if (!shares || s.engine.enablePrefixCaching || s.engine.kvLayout !== 'paged') return undefined;
    return {
      remedy: 'prefix-caching-on',
      title: 'prefix caching on',
      changes: { 'engine.enablePrefixCaching': true },
      addresses: ['compute-bound-prefill', 'kv-capacity', 'queueing'],
      why: 'the workload repeats prefixes (a shared system prompt or earlier turns): cached blocks skip their prefill and share their KV',
    };
  },
  speculative: (s, o) => {
    const gen = s.config.generation;
    if (s.config.speculative !== undefined || (gen !== undefined && gen.kind !== 'greedy') || s.engine.batching.kind !== 'continuous' || s.config.hardware.pp > 1) return undefined;
    if (!(o['batch.meanRunning'] <= SPECULATIVE_MAX_BATCH)) return undefined;
    return {
      remedy: 'speculative',
      title: `speculative decoding (EAGLE-style, ${SPECULATIVE_TOKENS} tokens, off above batch ${SPECULATIVE_MAX_BATCH})`,
      changes: {
        speculative: {
          method: 'self-speculative',
          numSpeculativeTokens: SPECULATIVE_TOKENS,
          acceptance: { kind: 'constant', rate: SPECULATIVE_ASSUMED_ACCEPTANCE },
          disableAboveBatchSize: SPECULATIVE_MAX_BATCH,
        },
      },
      addresses: ['step-overhead', 'bandwidth-bound-decode'],
      why: `small batches (${formatSignificant3(o['batch.meanRunning'])} running on average): each verify step emits several tokens per sequence for about one step's cost; switched off above batch ${SPECULATIVE_MAX_BATCH}, where it stops paying`,
      assumptions: [`ASSUMED acceptance ${SPECULATIVE_ASSUMED_ACCEPTANCE} per draft token (EAGLE-1, arXiv:2401.15077, reports about 0.7-0.8); real acceptance depends on the traffic`],
      published: PUBLISHED_SPEC_DECODE.filter((f) => f.method.startsWith('EAGLE-1') || f.load.includes('high')).map(
        (f) => `published (not simulated): ${f.method}, ${f.targetModel} on ${f.hardware}, ${f.load}: ${f.metric} ${f.value} (${f.source})`,
      ),
    };
  },
  'speculative-off-above-batch': (s, o) => {
    const spec = s.config.speculative;
    if (spec === undefined) return undefined;
    const limit = Math.max(1, Math.floor(Math.min(o['batch.meanRunning'] * SPECULATIVE_OFF_BATCH_FRACTION, spec.disableAboveBatchSize ?? Infinity)));
    if (spec.disableAboveBatchSize !== undefined && spec.disableAboveBatchSize <= limit) return undefined;
    return {
      remedy: 'speculative-off-above-batch',
      title: `speculative decoding off above batch ${limit}`,
      changes: { 'speculative.disableAboveBatchSize': limit },
      addresses: ['draft-overhead'],
      why: `drafting pays at small batches only; at ${formatSignificant3(o['batch.meanRunning'])} running requests its proposer time exceeds what accepted tokens return`,
    };
  },
  'max-num-seqs-up': (s, o) => {
    if (!(o['batch.slotsFullShare'] >= BATCH_SLOTS_FULL)) return undefined;
    const seqs = s.engine.maxNumSeqs * MAX_NUM_SEQS_UP_FACTOR;
    return {
      remedy: 'max-num-seqs-up',
      title: `maxNumSeqs ${seqs}`,
      changes: { 'engine.maxNumSeqs': seqs },
      addresses: ['queueing', 'step-overhead'],
      why: `the batch slots are full (${formatSignificant3(o['batch.meanRunning'])} running of ${s.engine.maxNumSeqs}): ${MAX_NUM_SEQS_UP_FACTOR}x the slots let waiting requests join the decode batch${o['decode.fixedShare'] >= DECODE_FIXED_SHARE ? ` (a flat decode slope: more batch is nearly free${slopeWords(o)})` : ''}`,
    };
  },
  'max-num-seqs-down': (s, o) => {
    if (!(o['kv.preemptionsPerRequest'] > 0)) return undefined;
    const seqs = Math.max(1, Math.floor(Math.min(s.engine.maxNumSeqs, o['batch.meanRunning']) * MAX_NUM_SEQS_DOWN_FACTOR));
    if (seqs >= s.engine.maxNumSeqs) return undefined;
    return {
      remedy: 'max-num-seqs-down',
      title: `maxNumSeqs ${seqs}`,
      changes: { 'engine.maxNumSeqs': seqs },
      addresses: ['kv-capacity'],
      why: `fewer requests at once (${formatSignificant3(o['batch.meanRunning'])} running -> at most ${seqs}) so their KV fits: fewer preemptions and recomputation, more queueing`,
    };
  },
  'more-replicas': (s) => {
    // With autoscaling numReplicas is only the count at t = 0: the autoscale remedies size the fleet.
    if (s.config.hardware.autoscale !== undefined) return undefined;
    const n = s.config.hardware.numReplicas;
    const next = n + Math.max(1, Math.round(n * MORE_REPLICAS_FRACTION));
    return {
      remedy: 'more-replicas',
      title: `${next} replicas`,
      changes: { 'hardware.numReplicas': next },
      addresses: ['queueing', 'kv-capacity', 'compute-bound-prefill', 'bandwidth-bound-decode', 'interconnect'],
      why: `${n} -> ${next} replicas: each gets ${formatSignificant3((100 * n) / next)}% of the traffic (and the fleet costs ${formatSignificant3(next / n)}x per hour)`,
      ...fairness(s, true),
    };
  },
  disaggregate: (s) => {
    const { hardware } = s.config;
    const n = hardware.numReplicas;
    if (n < 2 || (hardware.pp ?? 1) > 1 || s.engine.kvLayout !== 'paged' || s.engine.batching.kind !== 'continuous' || s.config.pools !== undefined || hardware.autoscale !== undefined || s.config.failures !== undefined) return undefined;
    const prefill = Math.max(1, Math.floor(n * DISAGG_PREFILL_FRACTION));
    return {
      remedy: 'disaggregate',
      title: `disaggregated ${prefill} prefill + ${n - prefill} decode`,
      changes: {
        pools: [
          { name: 'prefill', role: 'prefill', hardware: { numReplicas: prefill } },
          { name: 'decode', role: 'decode', hardware: { numReplicas: n - prefill } },
        ],
        disaggregation: { link: { preset: 'ib-ndr-400' } },
      },
      addresses: ['bandwidth-bound-decode', 'compute-bound-prefill'],
      why: `the same ${n} replicas as ${prefill} prefill + ${n - prefill} decode, the KV moved over InfiniBand NDR: decode steps no longer wait behind prefill chunks (TPOT), prompts queue on the prefill pool (TTFT may rise)`,
    };
  },
  'router-least-outstanding': (s) => {
    if (s.config.hardware.numReplicas < 2 || ['least-outstanding', 'least-kv', 'power-of-two'].includes(s.config.router.kind)) return undefined;
    return {
      remedy: 'router-least-outstanding',
      title: 'least-outstanding router',
      changes: { router: { kind: 'least-outstanding' } },
      addresses: ['unbalanced-replicas', 'queueing'],
      why: `'${s.config.router.kind}' routing ignores load; sending each request to the replica with the fewest outstanding requests evens the load`,
    };
  },
  ...POOL_BUILDERS,
  ...FLEET_BUILDERS,
  'other-gpu': (s, _o, top) => {
    const gpu = otherGpu(s.gpu, top);
    if (gpu === undefined) return undefined;
    const what = top === 'compute-bound-prefill' ? `${formatSignificant3(gpu.peakFlops.fp16 / s.gpu.peakFlops.fp16)}x the 16-bit FLOP/s` : top === 'step-overhead' ? 'a cheaper GPU for a replica that idles between kernels' : `${formatSignificant3(gpu.memoryBandwidth / s.gpu.memoryBandwidth)}x the HBM bandwidth, ${formatSignificant3(gpu.memoryBytes / s.gpu.memoryBytes)}x the memory`;
    return {
      remedy: 'other-gpu',
      title: `GPU ${gpu.id}`,
      changes: { 'hardware.gpu': gpu.id, 'hardware.usdPerGpuHour': gpu.usdPerGpuHour },
      addresses: ['compute-bound-prefill', 'bandwidth-bound-decode', 'kv-capacity', 'queueing', 'interconnect', 'step-overhead'],
      why: `${gpu.id} instead of ${s.gpu.id}: ${what}, at $${gpu.usdPerGpuHour}/GPU-h against $${s.config.hardware.usdPerGpuHour ?? s.gpu.usdPerGpuHour} (catalog prices)`,
    };
  },
};

/** Per bottleneck, the remedies in the order they are tried. */
const PREFERENCE: Readonly<Record<BottleneckKind, readonly string[]>> = {
  'kv-capacity': ['rebalance-roles', 'fp8-kv-cache', 'fp8-weights', 'nvfp4-hybrid', 'prefix-caching-on', 'max-num-seqs-down', 'other-gpu', 'more-replicas'],
  'compute-bound-prefill': ['rebalance-roles', 'fp8-weights', 'nvfp4-hybrid', 'prefix-caching-on', 'chunked-prefill-on', 'token-budget-up', 'disaggregate', 'other-gpu', 'more-replicas'],
  'bandwidth-bound-decode': ['rebalance-roles', 'fp8-weights', 'fp8-kv-cache', 'nvfp4-hybrid', 'chunked-prefill-on', 'token-budget-down', 'speculative', 'disaggregate', 'other-gpu', 'more-replicas'],
  queueing: ['rebalance-roles', 'more-replicas', 'max-num-seqs-up', 'fp8-weights', 'nvfp4-hybrid', 'prefix-caching-on', 'chunked-prefill-on', 'other-gpu'],
  'step-overhead': ['speculative', 'max-num-seqs-up', 'other-gpu'],
  'draft-overhead': ['speculative-off-above-batch'],
  'unbalanced-replicas': ['router-least-outstanding', 'more-replicas'],
  interconnect: ['other-gpu', 'more-replicas'],
  'unbalanced-pools': ['pool-weights', 'rebalance-roles', 'more-replicas'],
  'transfer-link': ['faster-link', 'rebalance-roles'],
  'cold-start': ['autoscale-min-up', 'autoscale-target-down', 'autoscale-interval-down'],
  'failure-recovery': ['retry-on-failure', 'spare-replica', 'autoscale-min-up'],
  none: ['fp8-weights', 'nvfp4-hybrid', 'prefix-caching-on', 'speculative', 'other-gpu'],
};

/**
 * The GPU to try instead: for compute-bound prefill the best 16-bit FLOP/s per dollar among GPUs
 * with more FLOP/s; for step overhead the cheapest other GPU; otherwise the best HBM bandwidth
 * per dollar among GPUs with more bandwidth and at least as much memory. Undefined when none is.
 */
export function otherGpu(current: GpuSpec, top: BottleneckKind): GpuSpec | undefined {
  const others = GPUS.filter((g) => g.id !== current.id);
  let pool: GpuSpec[];
  let score: (g: GpuSpec) => number;
  if (top === 'compute-bound-prefill') {
    pool = others.filter((g) => g.peakFlops.fp16 > current.peakFlops.fp16);
    score = (g) => g.peakFlops.fp16 / g.usdPerGpuHour;
  } else if (top === 'step-overhead') {
    pool = others.filter((g) => g.usdPerGpuHour < current.usdPerGpuHour && g.memoryBytes >= current.memoryBytes * CHEAPER_GPU_MIN_MEMORY_FRACTION);
    score = (g) => -g.usdPerGpuHour;
  } else {
    pool = others.filter((g) => g.memoryBandwidth > current.memoryBandwidth && g.memoryBytes >= current.memoryBytes);
    score = (g) => g.memoryBandwidth / g.usdPerGpuHour;
  }
  // Ties: the catalog order (sort is stable).
  return [...pool].sort((a, b) => score(b) - score(a))[0];
}

/**
 * The remedies of one finding, in the order they are tried. Bandwidth-bound decode reads the
 * decode slope (slopes.ts): KV-read-bound (a steep slope, the fixed share under
 * DECODE_FIXED_SHARE) tries the FP8 KV cache first; weight-streaming-bound (a flat slope) tries
 * fewer weight bytes (FP8, NVFP4) and a larger batch (more batch is nearly free) before it.
 */
function preferenceOf(kind: BottleneckKind, o: Observations): readonly string[] {
  if (kind !== 'bandwidth-bound-decode') return PREFERENCE[kind];
  const fixed = o['decode.fixedShare'];
  const base = PREFERENCE[kind];
  const moved = (first: readonly string[]): readonly string[] => [...first, ...base.filter((id) => !first.includes(id))];
  // KV-read-bound: the FP8 KV cache first.
  if (fixed < DECODE_FIXED_SHARE) return moved(['rebalance-roles', 'fp8-kv-cache']);
  // Weight-streaming-bound: fewer weight bytes and a larger batch, speculation, then the KV cache.
  if (fixed >= DECODE_FIXED_SHARE) return moved(['rebalance-roles', 'fp8-weights', 'nvfp4-hybrid', 'max-num-seqs-up', 'speculative', 'fp8-kv-cache']);
  return base;
}

/**
 * The candidate remedies for the findings (the bottleneck first), at most MAX_REMEDIES. With pools,
 * a finding's remedies are built on its pool's scenario and observations and moved into it
 * (pool-remedies.ts inPool); a finding across pools (and 'none') targets the busiest pool.
 */
export function candidateRemedies(scenario: Scenario, found: readonly Finding[], o: Observations): Remedy[] {
  const top = found[0]?.kind ?? 'none';
  const out: Remedy[] = [];
  const seen = new Set<string>();
  const busiest = busiestPool(scenario, o);
  const targets: { kind: BottleneckKind; pool?: string }[] = [...found, { kind: 'none' }];
  for (const t of targets) {
    const k = t.pool === undefined ? busiest : scenario.pools!.findIndex((p) => p.name === t.pool);
    const po = k === undefined ? o : poolObservations(o, scenario.pools![k].name);
    for (const id of preferenceOf(t.kind, po)) {
      if (out.length >= MAX_REMEDIES) return out;
      // rebalance-roles once (for the most severe finding's pool): its opposite would undo it.
      const key = k === undefined || id === 'rebalance-roles' ? id : `${id}@${k}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // A pool's finding is its own bottleneck (the GPU to try for a decode pool is a bandwidth one).
      const own = t.pool !== undefined ? t.kind : top;
      const remedy = k === undefined ? BUILDERS[id](scenario, o, top, { whole: scenario, all: o }) : buildInPool(id, scenario, k, po, o, own);
      if (remedy === undefined) continue;
      // The same changes proposed for another finding or pool are one remedy.
      const changes = JSON.stringify(remedy.changes);
      if (seen.has(changes)) continue;
      seen.add(changes);
      out.push(remedy);
    }
  }
  return out;
}

/** Remedies of prefill (chunking, the token budget, prefix caching) do nothing on a decode pool: its replicas only decode (and keep no prefix cache). */
const PREFILL_REMEDIES: ReadonlySet<string> = new Set(['chunked-prefill-on', 'token-budget-up', 'token-budget-down', 'prefix-caching-on']);

function buildInPool(id: string, whole: Scenario, k: number, po: Observations, o: Observations, top: BottleneckKind): Remedy | undefined {
  if (whole.config.pools?.[k].role === 'decode' && PREFILL_REMEDIES.has(id)) return undefined;
  const r = BUILDERS[id](whole.pools![k].scenario, po, top, { whole, pool: k, all: o });
  return r === undefined ? undefined : inPool(r, whole, k);
}

/** '; decode steps: 1.2 ms fixed + 0.05 ms per sequence (fixed share 40%)' when the slope was measured. */
function slopeWords(o: Observations): string {
  const a = o['decode.fixedSeconds'];
  const b = o['decode.stepSecondsPerSeq'];
  if (!Number.isFinite(a) || !Number.isFinite(b)) return '';
  return `; decode steps: ${formatSignificant3(a * 1e3)} ms fixed + ${formatSignificant3(b * 1e3)} ms per sequence (fixed share ${formatSignificant3(100 * o['decode.fixedShare'])}%)`;
}
