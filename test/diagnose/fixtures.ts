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
