// Speculative decoding through whole runs: the closed form of tokens per verify, the batch-1
// speed-up formula, the two regimes of one scenario swept over load (faster at light load,
// slower at high load, as vLLM measured), the batch-size switch, common random numbers, and the
// clear errors for inconsistent settings.
import { describe, expect, it } from 'vitest';
import {
  RooflineCostModel,
  defaultCostModelParams,
  emptyBreakdown,
  findGpu,
  findModel,
  resolvePrecision,
} from '../../sim/hardware/index.ts';
import { runScenario } from '../fixtures/run.ts';
import { Speculation } from '../../sim/cluster/index.ts';
import { createStreams, keyedUniform } from '../../sim/random/index.ts';
import { loadScenario, ScenarioError, type Scenario } from '../../sim/scenario/index.ts';
import { Request, classFromUniform } from '../../sim/scheduler/index.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';
import { makeSchedulerOutput } from '../../sim/step/index.ts';

const spec = (rate: number | number[], gamma: number, extra: Record<string, unknown> = {}) => ({
  method: 'draft-model',
  draftModel: 'llama-3.2-1b',
  numSpeculativeTokens: gamma,
  acceptance: Array.isArray(rate) ? { kind: 'per-position', rates: rate } : { kind: 'constant', rate },
  ...extra,
});

/** Mean and variance of 1 + accepted under one α with γ drafts (truncated geometric). */
function tokensPerVerify(alpha: number, gamma: number): { mean: number; variance: number } {
  let m = 0;
  let m2 = 0;
  for (let k = 0; k <= gamma; k++) {
    const p = k < gamma ? alpha ** k * (1 - alpha) : alpha ** gamma;
    m += p * (1 + k);
    m2 += p * (1 + k) ** 2;
  }
  return { mean: m, variance: m2 - m * m };
}

describe('speculative decoding: tokens per verify step (constant-time steps)', () => {
  const run = (alpha: number) =>
    runScenario(
      scenarioFrom(
        withChanges(baseScenario(), {
          costModel: { kind: 'constant', stepSeconds: 0.01 },
          'workload.arrival': { kind: 'poisson', ratePerSecond: 20 },
          'workload.stop': { numRequests: 600 },
          speculative: spec(alpha, 3),
        }),
      ),
    ).summary;

  it('α = 0 gives exactly 1 token per verify, α = 1 exactly γ + 1', () => {
    expect(run(0).speculative!.meanAcceptanceLength).toBe(1);
    expect(run(0).speculative!.acceptanceRate).toBe(0);
    expect(run(1).speculative!.meanAcceptanceLength).toBe(4);
    expect(run(1).speculative!.acceptanceRate).toBe(1);
  });

  it('α = 0.6, γ = 3: mean tokens per verify → (1 − α^(γ+1))/(1 − α) = 2.176', () => {
    const s = run(0.6).speculative!;
    const closed = (1 - 0.6 ** 4) / (1 - 0.6);
    expect(closed).toBeCloseTo(2.176, 12);
    const { variance } = tokensPerVerify(0.6, 3);
    expect(s.verifies).toBeGreaterThan(10_000);
    expect(Math.abs(s.meanAcceptanceLength - closed)).toBeLessThan(4 * Math.sqrt(variance / s.verifies));
    expect(s.proposedTokens).toBe(3 * s.verifies);
  });

  it('per-position rates: mean tokens per verify = 1 + α₁ + α₁α₂ + α₁α₂α₃', () => {
    const s = runScenario(
      scenarioFrom(withChanges(baseScenario(), { costModel: { kind: 'constant', stepSeconds: 0.01 }, speculative: spec([0.9, 0.6, 0.3], 3) })),
    ).summary.speculative!;
    const expected = 1 + 0.9 + 0.9 * 0.6 + 0.9 * 0.6 * 0.3;
    // The variance of 1 + accepted is at most (γ/2)² by Popoviciu's inequality: a safe bound.
    expect(Math.abs(s.meanAcceptanceLength - expected)).toBeLessThan(4 * Math.sqrt(1.5 ** 2 / s.verifies));
  });
});

describe('speculative decoding: speed-up at batch 1', () => {
  it('TPOT improves by (1 − α^(γ+1)) / ((1 − α)(γc + 1)), c = draft pass / target step (within 5%)', () => {
    const alpha = 0.8;
    const gamma = 4;
    const raw = withChanges(baseScenario(), {
      'workload.arrival': { kind: 'closed-loop', concurrency: 1 },
      'workload.promptTokens': { kind: 'fixed', tokens: 64 },
      'workload.outputTokens': { kind: 'fixed', tokens: 512 },
      'workload.stop': { numRequests: 20 },
    });
    const plain = runScenario(scenarioFrom(raw)).summary;
    const fast = runScenario(scenarioFrom({ ...raw, speculative: spec(alpha, gamma) })).summary;
    // c at the mean decode context (64 + 256 tokens), from the same cost models the run builds.
    const h100 = findGpu('h100-sxm')!;
    const precision = resolvePrecision(h100, { weights: 'bf16' });
    const params = defaultCostModelParams(h100);
    const target = new RooflineCostModel({ model: findModel('llama-3.1-8b')!, gpu: h100, precision, tp: 1, params });
    const draft = new RooflineCostModel({ model: findModel('llama-3.2-1b')!, gpu: h100, precision, tp: 1, params: { ...params, stepOverheadSeconds: 0, perSequenceOverheadSeconds: 0 } });
    const shape = makeSchedulerOutput(1);
    shape.numDecodeSeqs = 1;
    shape.decodeContextSum = 64 + 256;
    const c = draft.stepTime(shape, emptyBreakdown()) / target.stepTime(shape, emptyBreakdown());
    expect(c).toBeGreaterThan(0.05);
    expect(c).toBeLessThan(0.3);
    const predicted = (1 - alpha ** (gamma + 1)) / ((1 - alpha) * (gamma * c + 1));
    const measured = plain.tpotSeconds.mean / fast.tpotSeconds.mean;
    expect(measured).toBeGreaterThan(1.5);
    expect(Math.abs(measured / predicted - 1)).toBeLessThan(0.05);
  });
});

describe('speculative decoding swept over load (scenarios/speculative-70b-h100-tp4.yaml)', () => {
  const base = loadScenario('scenarios/speculative-70b-h100-tp4.yaml');
  const at = (rate: number | 'max', speculate: boolean, extra?: Partial<NonNullable<Scenario['config']['speculative']>>): Scenario => {
    const s = structuredClone(base);
    s.config.workload.arrival = rate === 'max' ? { kind: 'max' } : { kind: 'poisson', ratePerSecond: rate };
    s.config.workload.stop = { numRequests: rate === 'max' ? 600 : 200 };
    if (rate === 'max') s.config.metrics.warmupSeconds = 0;
    if (!speculate) delete s.config.speculative;
    else if (extra) s.config.speculative = { ...s.config.speculative!, ...extra };
    return s;
  };

  it('at 1 req/s (memory-bound steps) it cuts TPOT and E2E by > 1.3×', () => {
    const plain = runScenario(at(1, false)).summary;
    const fast = runScenario(at(1, true)).summary;
    expect(plain.tpotSeconds.mean / fast.tpotSeconds.mean).toBeGreaterThan(1.3);
    expect(plain.e2eSeconds.p95 / fast.e2eSeconds.p95).toBeGreaterThan(1.3);
    const s = fast.speculative!;
    const { mean, variance } = tokensPerVerify(0.5, 4);
    expect(mean).toBe((1 - 0.5 ** 5) / 0.5);
    expect(Math.abs(s.meanAcceptanceLength - mean)).toBeLessThan(4 * Math.sqrt(variance / s.verifies));
  });

  it('at saturation (compute-bound steps) the same setting lowers throughput; turning it off above a batch size recovers it', () => {
    const plain = runScenario(at('max', false)).summary;
    const fast = runScenario(at('max', true)).summary;
    expect(fast.throughput.outputTokensPerSecond / plain.throughput.outputTokensPerSecond).toBeLessThan(0.9);
    expect(fast.tpotSeconds.mean).toBeGreaterThan(plain.tpotSeconds.mean);
    const switched = runScenario(at('max', true, { disableAboveBatchSize: 32 })).summary;
    expect(switched.speculative!.speculativeStepFraction).toBeLessThan(1);
    expect(switched.throughput.outputTokensPerSecond).toBeGreaterThan(fast.throughput.outputTokensPerSecond);
  });

  it('sees the same requests as the baseline (common random numbers) and is deterministic', () => {
    const plain = runScenario(at(1, false));
    const a = runScenario(at(1, true));
    const b = runScenario(at(1, true));
    expect(Array.from(a.requests.arrivedAt)).toEqual(Array.from(plain.requests.arrivedAt));
    expect(Array.from(a.requests.numPromptTokens)).toEqual(Array.from(plain.requests.numPromptTokens));
    expect(Array.from(a.requests.numOutputTokens)).toEqual(Array.from(plain.requests.numOutputTokens));
    expect(JSON.stringify(a.summary)).toBe(JSON.stringify(b.summary));
  });
});

describe('speculative decoding: other proposers and classes', () => {
  it('self-speculative heads and n-gram lookup run, with their own draft cost', () => {
    const raw = withChanges(baseScenario(), { 'workload.stop': { numRequests: 100 } });
    const eagle = runScenario(scenarioFrom({ ...raw, speculative: { method: 'self-speculative', draftLayers: 1, numSpeculativeTokens: 3, acceptance: { kind: 'constant', rate: 0.7 } } })).summary;
    const ngram = runScenario(scenarioFrom({ ...raw, speculative: { method: 'ngram', numSpeculativeTokens: 3, acceptance: { kind: 'constant', rate: 0.4 } } })).summary;
    expect(eagle.requests.finished).toBe(100);
    expect(ngram.requests.finished).toBe(100);
    expect(eagle.speculative!.draftOverheadShare).toBeGreaterThan(ngram.speculative!.draftOverheadShare);
    expect(ngram.speculative!.draftOverheadShare).toBeGreaterThan(0);
  });

  it('per-class α: each request keeps its keyed class; α 1 vs 0 gives the acceptance rate exactly', () => {
    const result = runScenario(
      scenarioFrom(
        withChanges(baseScenario(), {
          costModel: { kind: 'constant', stepSeconds: 0.01 },
          'workload.stop': { numRequests: 800 },
          speculative: {
            method: 'ngram',
            numSpeculativeTokens: 2,
            acceptance: { kind: 'per-class', classes: [{ name: 'code', weight: 1, rate: 1 }, { name: 'chat', weight: 1, rate: 0 }] },
          },
        }),
      ),
    );
    expect(result.summary.kv.preemptions).toBe(0);
    // By hand: the first token comes from the prefill; then a 'code' request (all accepted)
    // gains 3 tokens per verify, ⌈(L − 1)/3⌉ verifies of 2 accepted; a 'chat' request L − 1
    // verifies of 0. Classes from the same keyed draw the run uses (seed 3).
    const key = keyedUniform(3, 'spec-class');
    let accepted = 0;
    let verifies = 0;
    let code = 0;
    const r = result.requests;
    for (let id = 0; id < r.count; id++) {
      const rest = r.numOutputTokens[id] - 1;
      if (classFromUniform([1, 1], key(id)) === 0) {
        code++;
        verifies += Math.ceil(rest / 3);
        accepted += 2 * Math.ceil(rest / 3);
      } else verifies += rest;
    }
    expect(code).toBeGreaterThan(350);
    expect(code).toBeLessThan(450);
    expect(result.summary.speculative!.verifies).toBe(verifies);
    expect(result.summary.speculative!.acceptedTokens).toBe(accepted);
    expect(result.summary.speculative!.acceptanceRate).toBeCloseTo(accepted / (2 * verifies), 15);
  });
});

describe('speculative decoding: inconsistent settings are clear errors', () => {
  const problem = (speculative: unknown, changes: Record<string, unknown> = {}): string => {
    try {
      scenarioFrom({ ...withChanges(baseScenario(), changes), speculative });
    } catch (e) {
      if (e instanceof ScenarioError) return e.message;
      throw e;
    }
    return 'no error';
  };

  it('names the field and what was expected', () => {
    expect(problem(spec(0.7, 0))).toMatch(/speculative\.numSpeculativeTokens: got 0; expected number to be >=1/);
    expect(problem(spec(1.5, 3))).toMatch(/speculative\.acceptance\.rate: got 1\.5; expected number to be <=1/);
    expect(problem(spec(-0.1, 3))).toMatch(/speculative\.acceptance\.rate: got -0\.1; expected number to be >=0/);
    expect(problem(spec([0.9, 0.5], 3))).toMatch(/one rate per draft token: 3 \(numSpeculativeTokens\), got 2/);
    expect(problem({ method: 'draft-model', numSpeculativeTokens: 3, acceptance: { kind: 'constant', rate: 0.5 } })).toMatch(/needs draftModel/);
    expect(problem({ method: 'ngram', draftModel: 'llama-3.2-1b', numSpeculativeTokens: 3, acceptance: { kind: 'constant', rate: 0.5 } })).toMatch(/draftModel applies to method 'draft-model' only/);
  });

  it('rejects a draft with another vocabulary, an unknown draft (with a suggestion), and combinations it cannot run', () => {
    expect(problem(spec(0.7, 3, { draftModel: 'llama-2-7b' }))).toMatch(/vocabulary of 32000 tokens but the target llama-3\.1-8b has 128256.*llama-3\.2-1b/s);
    expect(problem(spec(0.7, 3, { draftModel: 'llama-3.2-1' }))).toMatch(/unknown draft model 'llama-3\.2-1'.*llama-3\.2-1b/s);
    expect(problem(spec(0.7, 3), { generation: { kind: 'beam', width: 3 } })).toMatch(/beam search \(width 3\) cannot be combined/);
    expect(problem(spec(0.7, 3), { 'engine.batching': { kind: 'static', maxBatchSize: 8, batchTimeoutSeconds: 0.1 } })).toMatch(/needs continuous batching/);
    expect(problem(spec(0.7, 3), { 'hardware.pp': 2 })).toMatch(/pp = 1 only/);
  });
});

describe('speculative decoding: per-class keys', () => {
  it('every turn of a multi-turn session has its session\'s class, whatever its request id', () => {
    const scenario = scenarioFrom(
      withChanges(baseScenario(), {
        speculative: {
          method: 'ngram',
          numSpeculativeTokens: 2,
          acceptance: { kind: 'per-class', classes: [{ name: 'code', weight: 1, rate: 1 }, { name: 'chat', weight: 1, rate: 0 }] },
        },
      }),
    );
    const speculation = new Speculation(scenario.config.speculative!, scenario, resolvePrecision(scenario.gpu, scenario.config.precision));
    const { acceptance } = speculation.schedulerConfig(0, createStreams(3), 3);
    const seen = new Set<number>();
    for (let session = 0; session < 200; session++) {
      const turns = [session * 7 + 1, session * 7 + 500, 100_000 - session].map((id) => {
        const r = new Request(id, 0, 10, 10, true);
        r.session = session;
        return acceptance.accepted(r, 2);
      });
      expect(new Set(turns).size).toBe(1);
      seen.add(turns[0]);
    }
    expect([...seen].sort()).toEqual([0, 2]);
  });
});
