// Per-class speculative acceptance by endpoint: speculative.acceptance { kind: per-class } whose
// class names are workload.classes names gives each request its endpoint's α (weights unused).
// By construction (constant 10 ms steps, γ 3): the 'code' class at α = 1 accepts every draft, so
// each verify emits 4 tokens; the 'chat' class at α = 0 emits 1. The class of a record is read
// off its prompt length.
import { describe, expect, it } from 'vitest';
import { speculativeClassOf } from '../../sim/scenario/index.ts';
import { problemsOf } from '../fixtures/problems.ts';
import { runScenario } from '../fixtures/run.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

const classes = [
  { name: 'chat', share: 1, promptTokens: { kind: 'fixed', tokens: 100 }, outputTokens: { kind: 'fixed', tokens: 41 } },
  { name: 'code', share: 1, promptTokens: { kind: 'fixed', tokens: 200 }, outputTokens: { kind: 'fixed', tokens: 41 } },
];
const speculative = (names: string[]) => ({
  method: 'ngram',
  numSpeculativeTokens: 3,
  acceptance: { kind: 'per-class', classes: names.map((name) => ({ name, weight: 1, rate: name === 'code' ? 1 : 0 })) },
});
const raw = (names: string[]) => withChanges(baseScenario(), {
  costModel: { kind: 'constant', stepSeconds: 0.01 },
  'workload.arrival': { kind: 'poisson', ratePerSecond: 2 },
  'workload.stop': { numRequests: 60 },
  'workload.classes': classes,
  speculative: speculative(names),
});

describe('per-class acceptance by workload class', () => {
  it('speculativeClassOf maps workload classes to acceptance classes by name (null when no name matches)', () => {
    expect(speculativeClassOf(scenarioFrom(raw(['code', 'chat'])).config)).toEqual([1, 0]);
    expect(speculativeClassOf(scenarioFrom(raw(['x', 'y'])).config)).toBeNull();
  });

  it("each request decodes at its endpoint's α: code (α 1) emits 4 tokens per step, chat (α 0) 1", () => {
    const q = runScenario(scenarioFrom(raw(['code', 'chat']))).requests;
    const decodeSpan = { 100: [] as number[], 200: [] as number[] };
    for (let i = 0; i < q.count; i++) {
      expect(q.status[i]).toBe(1);
      decodeSpan[q.numPromptTokens[i] as 100 | 200].push(q.finishedAt[i] - q.firstTokenAt[i]);
    }
    // 40 tokens after the first: 40 steps at α 0, 10 steps at α 1 (4 per verify), 10 ms each.
    for (const s of decodeSpan[100]) expect(s).toBeCloseTo(0.4, 9);
    for (const s of decodeSpan[200]) expect(s).toBeCloseTo(0.1, 9);
    expect(decodeSpan[100].length + decodeSpan[200].length).toBe(60);
  });

  it('refuses acceptance classes that name some workload classes but not all', () => {
    expect(problemsOf(() => scenarioFrom(raw(['code', 'other']), 'p.yaml'))).toEqual([
      "speculative.acceptance.classes: the acceptance classes name some workload classes, so they must name every one: missing 'chat' (a request takes the α of its endpoint's class) | add an acceptance class for each workload class, or use names that match none (then classes are drawn by weight)",
    ]);
  });
});
