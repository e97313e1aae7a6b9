// Scenarios whose bottleneck is known by construction (small: 300–400 requests, about a second of
// simulation each at 4 replications), shared by the diagnose tests.
//   kv-starved     Llama-2-7B (512 KiB of FP16 KV per token) on one L40S, 0.5–1.5k prompts and
//                  0.5–1k outputs: the cache holds a handful of requests; preemptions, waits.
//   long-prompts   Llama-3.1-8B on an H100, 4k–16k-token prompts, 16-token outputs at 3/s:
//                  ~30k prompt tokens/s of prefill, compute-bound steps, TTFT over its target.
//   queueing       Llama-3.1-8B on an A100 with maxNumSeqs 8 at 3.8/s, about 95% of what 8 slots
//                  serve (4/s overloads it): the slots are full and requests queue for them.
//   tiny-overhead  Llama-3.2-1B on an H100 with 4 ms of per-step overhead at 2/s: a 1B model's
//                  decode step is ~0.5 ms of GPU work, so overhead is most of every step.
//   unbalanced     4 H100 replicas behind prefix-aware routing with its load cap off and one
//                  shared prefix: every request follows the prefix to the same replica.
// With pools, autoscaling and failures (each described where it is defined):
//   two-pools-one-starved, unbalanced-pools, link-bound (disaggregated), cold-start, failure-lost.
import { resolveScenario, type Scenario } from '../../sim/scenario/index.ts';

const scenario = (raw: Record<string, unknown>): Scenario => resolveScenario(raw, { file: `${String(raw.name)}.yaml` });

export const KV_STARVED = (): Scenario =>
  scenario({
    name: 'kv-starved',
    seed: 7,
    model: 'llama-2-7b',
    hardware: { gpu: 'l40s' },
    precision: { weights: 'fp16' },
    workload: {
      arrival: { kind: 'poisson', ratePerSecond: 1 },
      promptTokens: { kind: 'uniform', minTokens: 512, maxTokens: 1536 },
      outputTokens: { kind: 'uniform', minTokens: 512, maxTokens: 1024 },
      stop: { numRequests: 300 },
    },
    slo: { ttftSeconds: 2, tpotSeconds: 0.1 },
  });

export const LONG_PROMPTS = (): Scenario =>
  scenario({
    name: 'long-prompts',
    seed: 7,
    model: 'llama-3.1-8b',
    hardware: { gpu: 'h100-sxm' },
    workload: {
      arrival: { kind: 'poisson', ratePerSecond: 3 },
      promptTokens: { kind: 'uniform', minTokens: 4000, maxTokens: 16000 },
      outputTokens: { kind: 'fixed', tokens: 16 },
      stop: { numRequests: 300 },
    },
    slo: { ttftSeconds: 1, tpotSeconds: 0.1 },
  });

export const QUEUEING = (): Scenario =>
  scenario({
    name: 'queueing',
    seed: 7,
    model: 'llama-3.1-8b',
    hardware: { gpu: 'a100-sxm-80gb' },
    engine: { maxNumSeqs: 8 },
    workload: {
      arrival: { kind: 'poisson', ratePerSecond: 3.8 },
      promptTokens: { kind: 'uniform', minTokens: 200, maxTokens: 400 },
      outputTokens: { kind: 'uniform', minTokens: 100, maxTokens: 200 },
      stop: { numRequests: 400 },
    },
    slo: { ttftSeconds: 1, tpotSeconds: 0.1 },
  });

export const TINY_OVERHEAD = (): Scenario =>
  scenario({
    name: 'tiny-overhead',
    seed: 7,
    model: 'llama-3.2-1b',
    hardware: { gpu: 'h100-sxm' },
    engine: { stepOverheadSeconds: 0.004 },
    workload: {
      arrival: { kind: 'poisson', ratePerSecond: 2 },
      promptTokens: { kind: 'uniform', minTokens: 64, maxTokens: 256 },
      outputTokens: { kind: 'uniform', minTokens: 32, maxTokens: 96 },
      stop: { numRequests: 300 },
    },
    slo: { ttftSeconds: 0.5, tpotSeconds: 0.05 },
  });

export const UNBALANCED = (): Scenario =>
  scenario({
    name: 'unbalanced',
    seed: 7,
    model: 'llama-3.1-8b',
    hardware: { gpu: 'h100-sxm', numReplicas: 4 },
    router: { kind: 'prefix-aware', loadCap: 'off' },
    workload: {
      arrival: { kind: 'poisson', ratePerSecond: 12 },
      promptTokens: { kind: 'uniform', minTokens: 200, maxTokens: 1000 },
      outputTokens: { kind: 'uniform', minTokens: 100, maxTokens: 300 },
      sharedPrefix: { numGroups: 1, tokens: 256 },
      stop: { numRequests: 400 },
    },
    slo: { ttftSeconds: 0.5, tpotSeconds: 0.05 },
  });

/**
 * Two pools behind round-robin, 1 request/s each: the KV-starved Llama-2-7B on an L40S (as
 * KV_STARVED) beside the same model on an H100 SXM, whose cache holds the same traffic.
 */
export const TWO_POOLS_ONE_STARVED = (): Scenario =>
  scenario({
    name: 'two-pools-one-starved',
    seed: 7,
    model: 'llama-2-7b',
    precision: { weights: 'fp16' },
    pools: [
      { name: 'h100', hardware: { gpu: 'h100-sxm', numReplicas: 1 } },
      { name: 'l40s', hardware: { gpu: 'l40s', numReplicas: 1 } },
    ],
    router: { kind: 'round-robin' },
    workload: {
      arrival: { kind: 'poisson', ratePerSecond: 2 },
      promptTokens: { kind: 'uniform', minTokens: 512, maxTokens: 1536 },
      outputTokens: { kind: 'uniform', minTokens: 512, maxTokens: 1024 },
      stop: { numRequests: 400 },
    },
    slo: { ttftSeconds: 2, tpotSeconds: 0.1 },
  });

/**
 * Disaggregated Llama-3.1-8B on H100s, 2 prefill + 2 decode, long prompts (mean 6k tokens ≈ 0.8 GB
 * of KV each) at 10/s over ONE shared 64 Gb/s link (8 GB/s): ≈ 100 ms per transfer, the link
 * about 80% busy — the transfers queue on it (M/D/1: a wait of about two transfer times). A
 * generous TTFT target (10 s) keeps the prefill pool's compute out of the verdict.
 */
export const LINK_BOUND = (): Scenario =>
  scenario({
    name: 'link-bound',
    seed: 7,
    model: 'llama-3.1-8b',
    hardware: { gpu: 'h100-sxm' },
    pools: [
      { name: 'prefill', role: 'prefill', hardware: { numReplicas: 2 } },
      { name: 'decode', role: 'decode', hardware: { numReplicas: 2 } },
    ],
    disaggregation: { link: { bandwidthGBps: 8, latencySeconds: 0.00001 }, linkScope: 'shared' },
    router: { kind: 'least-outstanding' },
    workload: {
      arrival: { kind: 'poisson', ratePerSecond: 10 },
      promptTokens: { kind: 'lognormal', meanTokens: 6000, sigma: 0.5, maxTokens: 32000 },
      outputTokens: { kind: 'lognormal', meanTokens: 300, sigma: 0.5, maxTokens: 4096 },
      stop: { numRequests: 400 },
    },
    slo: { ttftSeconds: 10, tpotSeconds: 0.1 },
  });

/**
 * Two pools of one replica behind round-robin, 3.8/s each with maxNumSeqs 8: an A100 in BF16 at
 * ~95% of what its 8 slots serve (as QUEUEING) beside an H100 in FP8 that serves them easily —
 * the slow pool's requests queue while the fast pool has room.
 */
export const UNBALANCED_POOLS = (): Scenario =>
  scenario({
    name: 'unbalanced-pools',
    seed: 7,
    model: 'llama-3.1-8b',
    engine: { maxNumSeqs: 8 },
    pools: [
      { name: 'h100-fp8', hardware: { gpu: 'h100-sxm', numReplicas: 1 }, precision: { weights: 'fp8' } },
      { name: 'a100', hardware: { gpu: 'a100-sxm-80gb', numReplicas: 1 } },
    ],
    router: { kind: 'round-robin' },
    workload: {
      arrival: { kind: 'poisson', ratePerSecond: 7.6 },
      promptTokens: { kind: 'uniform', minTokens: 200, maxTokens: 400 },
      outputTokens: { kind: 'uniform', minTokens: 100, maxTokens: 200 },
      stop: { numRequests: 500 },
    },
    slo: { ttftSeconds: 1, tpotSeconds: 0.1 },
  });

/**
 * Autoscaled Llama-3.1-8B on H100s with maxNumSeqs 16 (about 7 requests/s per replica): 2/s for
 * the first minute, then 10/s; one replica at t = 0, target 16 outstanding per replica, a decision
 * every 10 s and a 30 s cold start — the rise queues on one replica while the second loads.
 */
export const COLD_START = (): Scenario =>
  scenario({
    name: 'cold-start',
    seed: 7,
    model: 'llama-3.1-8b',
    hardware: { gpu: 'h100-sxm', numReplicas: 1, autoscale: { policy: 'target-concurrency', target: 16, minReplicas: 1, maxReplicas: 4, intervalSeconds: 10, coldStartSeconds: 30 } },
    engine: { maxNumSeqs: 16 },
    router: { kind: 'least-outstanding' },
    workload: {
      arrival: { kind: 'schedule', interpolation: 'step', points: [{ atSeconds: 0, ratePerSecond: 2 }, { atSeconds: 60, ratePerSecond: 10 }] },
      promptTokens: { kind: 'uniform', minTokens: 200, maxTokens: 400 },
      outputTokens: { kind: 'uniform', minTokens: 100, maxTokens: 200 },
      stop: { durationSeconds: 150 },
    },
    metrics: { windowSeconds: 10 },
    slo: { ttftSeconds: 1, tpotSeconds: 0.1 },
  });

/**
 * Two H100 replicas of Llama-3.1-8B at 12/s; replica 1 fails at 20 s for 40 s and its requests
 * are lost (onFailure 'lost'): requests in flight there are lost, and the survivor carries the
 * whole load until the repair.
 */
export const FAILURE_LOST = (): Scenario =>
  scenario({
    name: 'failure-lost',
    seed: 7,
    model: 'llama-3.1-8b',
    hardware: { gpu: 'h100-sxm', numReplicas: 2 },
    router: { kind: 'least-outstanding' },
    failures: { events: [{ replica: 1, atSeconds: 20, repairSeconds: 40 }], onFailure: 'lost' },
    workload: {
      arrival: { kind: 'poisson', ratePerSecond: 12 },
      promptTokens: { kind: 'uniform', minTokens: 200, maxTokens: 1000 },
      outputTokens: { kind: 'uniform', minTokens: 100, maxTokens: 300 },
      stop: { numRequests: 900 },
    },
    slo: { ttftSeconds: 0.5, tpotSeconds: 0.05 },
  });
