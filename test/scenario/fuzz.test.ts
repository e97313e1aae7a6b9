// Throws random and mutated scenario objects at the loader and the runner: every outcome must
// be a clean ScenarioError or a clean result — never another exception, never a hang.
// Runs are kept small after validation (numRequests ≤ 20, durationSeconds ≤ 3, short outputs,
// at most 8 replicas)
// so that the property explores shapes, not run lengths; limits on run length are the schema's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run.ts';
import { resolveScenario, ScenarioError } from '../../sim/scenario/index.ts';
import type { Scenario } from '../../sim/scenario/index.ts';
import { baseScenario } from '../fixtures/scenarios.ts';

const PATHS = [
  [], ['name'], ['seed'], ['model'], ['hardware'], ['hardware', 'gpu'], ['hardware', 'tp'], ['hardware', 'numReplicas'],
  ['precision'], ['precision', 'weights'], ['precision', 'kvCache'], ['engine'], ['engine', 'blockSize'],
  ['engine', 'maxNumSeqs'], ['engine', 'maxNumBatchedTokens'], ['engine', 'gpuMemoryUtilization'], ['engine', 'enableChunkedPrefill'],
  ['costModel'], ['router'], ['workload'], ['workload', 'arrival'], ['workload', 'arrival', 'kind'], ['workload', 'arrival', 'ratePerSecond'],
  ['workload', 'promptTokens'], ['workload', 'promptTokens', 'kind'], ['workload', 'promptTokens', 'meanTokens'], ['workload', 'promptTokens', 'sigma'],
  ['workload', 'outputTokens'], ['workload', 'outputTokens', 'maxTokens'], ['workload', 'stop'], ['workload', 'stop', 'numRequests'],
  ['slo'], ['metrics'], ['power'], ['simulation'], ['generation'], ['engine', 'kvLayout'], ['engine', 'batching'],
  ['engine', 'preemptionMode'], ['hardware', 'pp'], ['workload', 'sharedPrefix'], ['workload', 'sessions'],
  ['speculative'], ['speculative', 'numSpeculativeTokens'], ['speculative', 'acceptance'], ['speculative', 'draftModel'], ['speculative', 'disableAboveBatchSize'],
];

const VALUES = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom('h100-sxm', 'b200', 'a100-sxm-80gb', 'l40s', 'llama-3.1-70b', 'mistral-7b', 'fp8', 'nvfp4', 'fp16', 'poisson', 'gamma', 'max', 'closed-loop', 'random', 'least-outstanding'),
  fc.integer({ min: -5, max: 70000 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(
    { kind: 'closed-loop', concurrency: 3 },
    { kind: 'gamma', ratePerSecond: 50, cv: 4 },
    { kind: 'max' },
    { kind: 'constant', ratePerSecond: 1000 },
    { kind: 'uniform', minTokens: 1, maxTokens: 400000 },
    { kind: 'empirical', tokens: [1, 5, 900000] },
    { kind: 'constant', stepSeconds: 0.001 },
    { kind: 'random' },
    { kind: 'session-affinity', fallback: 'round-robin' },
    { weights: 'nvfp4' },
    { weights: 'fp8', activations: 'fp16', kvCache: 'fp8' },
    { maxDrainSeconds: 1 },
    { kvLayout: 'contiguous' },
    { batching: { kind: 'static', maxBatchSize: 4, batchTimeoutSeconds: 0.05 } },
    { batching: { kind: 'static', maxBatchSize: 0, batchTimeoutSeconds: -1 } },
    { preemptionMode: 'swap', swapSpaceGiB: 0.001 },
    { preset: 'tensorrt-llm', kvAdmission: 'reserve-full' },
    { preset: 'sglang' },
    { kind: 'beam', width: 3, lengthPenaltyFactor: 1.2 },
    { kind: 'sampling', n: 4, samplingOverheadSeconds: 0.001 },
    { kind: 'beam', width: 0 },
    { numGroups: 2, tokens: 300 },
    { turns: { kind: 'fixed', tokens: 4 }, thinkSeconds: 0.2 },
    { turns: { kind: 'uniform', minTokens: 1, maxTokens: 9 }, thinkSeconds: { kind: 'exponential', meanSeconds: 0.5 }, maxContextTokens: 3000 },
    { turns: { kind: 'lognormal', meanTokens: 5, sigma: 1 } },
    { method: 'draft-model', draftModel: 'llama-3.2-1b', numSpeculativeTokens: 4, acceptance: { kind: 'constant', rate: 0.6 } },
    { method: 'self-speculative', draftLayers: 1, numSpeculativeTokens: 3, acceptance: { kind: 'per-position', rates: [0.9, 0.6, 0.3] }, disableAboveBatchSize: 8 },
    { method: 'ngram', numSpeculativeTokens: 5, acceptance: { kind: 'per-class', classes: [{ name: 'code', weight: 1, rate: 0.9 }, { name: 'chat', weight: 3, rate: 0.2 }] } },
    { method: 'draft-model', draftModel: 'mistral-7b', numSpeculativeTokens: 2, acceptance: { kind: 'constant', rate: 1 } },
    { kind: 'constant', rate: 0 },
    { kind: 'per-position', rates: [0.5] },
  ),
  fc.constant(undefined),
);

const mutation = fc.record({ path: fc.constantFrom(...PATHS), value: VALUES });

function mutate(changes: { path: string[]; value: unknown }[]): unknown {
  let root: any = baseScenario();
  for (const { path, value } of changes) {
    if (path.length === 0) {
      root = value;
      continue;
    }
    let node = root;
    for (const k of path.slice(0, -1)) {
      if (node === null || typeof node !== 'object') break;
      node = node[k];
    }
    if (node !== null && typeof node === 'object') {
      if (value === undefined) delete node[path[path.length - 1]];
      else node[path[path.length - 1]] = value;
    }
  }
  return root;
}

function keepSmall(s: Scenario): void {
  const w = s.config.workload;
  const stop = (w.stop ??= { numRequests: 20 });
  if (stop.numRequests !== undefined) stop.numRequests = Math.min(stop.numRequests, 20);
  else stop.numRequests = 20;
  if (stop.durationSeconds !== undefined) stop.durationSeconds = Math.min(stop.durationSeconds, 3);
  const o = w.outputTokens;
  if (o?.kind === 'fixed') o.tokens = Math.min(o.tokens, 48);
  if (o?.kind === 'uniform') {
    o.minTokens = Math.min(o.minTokens, 48);
    o.maxTokens = Math.min(o.maxTokens, 48);
  }
  if (o?.kind === 'lognormal') o.meanTokens = Math.min(o.meanTokens, 48);
  if (o?.kind === 'empirical') o.tokens = o.tokens.map((t) => Math.min(t, 48));
  s.config.hardware.numReplicas = Math.min(s.config.hardware.numReplicas, 8);
  s.config.simulation.maxDrainSeconds = Math.min(s.config.simulation.maxDrainSeconds ?? 120, 120);
}

/** The paths of every number in value (walked through objects and arrays) that is not finite. */
function nonFiniteNumbers(value: unknown, path = 'summary'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => nonFiniteNumbers(v, `${path}.${key}`));
}

function outcome(raw: unknown): 'error' | 'result' {
  let scenario: Scenario;
  try {
    scenario = resolveScenario(raw, { file: 'fuzz.yaml' });
  } catch (e) {
    if (e instanceof ScenarioError) return 'error';
    throw e;
  }
  keepSmall(scenario);
  try {
    const r = runScenario(scenario);
    // summarize's invariant: every number in the summary is finite (so it is valid JSON).
    expect(nonFiniteNumbers(r.summary)).toEqual([]);
    return 'result';
  } catch (e) {
    if (e instanceof ScenarioError) return 'error';
    throw e;
  }
}

describe('fuzzing the loader and the runner', () => {
  it('mutated scenarios give a ScenarioError or a result, nothing else', () => {
    const seen = { error: 0, result: 0 };
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (changes) => {
        seen[outcome(mutate(changes))]++;
      }),
      { numRuns: 400, seed: 20261129 },
    );
    // Both branches were exercised.
    expect(seen.error).toBeGreaterThan(20);
    expect(seen.result).toBeGreaterThan(20);
  });

  it('arbitrary JSON values give a ScenarioError', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        expect(outcome(value)).toBe('error');
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
