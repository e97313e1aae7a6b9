// workload.classes and engine.schedulingPolicy at load: requestClassesOf's answer, and the
// problems of files that misuse them (each one line naming its field).
import { describe, expect, it } from 'vitest';
import { DEFAULT_SLO, requestClassesOf, WorkloadSchema } from '../../sim/scenario/index.ts';
import { problemsOf } from '../fixtures/problems.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

const shares = [
  { name: 'chat', share: 3, priority: 0, slo: { ttft: { p95: 0.5 } } },
  { name: 'summarise', share: 1, priority: 2, slo: { ttftSeconds: 5, tpotSeconds: 0.2 } },
  { name: 'batch', share: 1 },
];
const problems = (changes: Record<string, unknown>) => problemsOf(() => scenarioFrom(withChanges(baseScenario(), changes), 'p.yaml'));

describe('requestClassesOf(config)', () => {
  it('without classes: one undeclared default class with the scenario SLO', () => {
    const s = scenarioFrom(baseScenario());
    expect(requestClassesOf(s.config)).toEqual({ classes: [{ name: 'default', priority: 0, slo: DEFAULT_SLO }], declared: false });
  });

  it('with classes: each in file order with its priority (default 0) and its SLO resolved like the scenario slo (default: the scenario slo)', () => {
    const s = scenarioFrom(withChanges(baseScenario(), { 'workload.classes': shares, slo: { ttftSeconds: 2 } }));
    expect(requestClassesOf(s.config)).toEqual({
      declared: true,
      classes: [
        { name: 'chat', priority: 0, slo: { ttftSeconds: 0.5, tpotSeconds: 0.1, ttft: { p95: 0.5 } } }, // threshold from its p95 target
        { name: 'summarise', priority: 2, slo: { ttftSeconds: 5, tpotSeconds: 0.2 } },
        { name: 'batch', priority: 0, slo: { ttftSeconds: 2, tpotSeconds: 0.1 } }, // the scenario's
      ],
    });
  });

  it('classes with their own arrivals need no top-level arrival', () => {
    const w = baseScenario().workload;
    delete w.arrival;
    w.classes = [{ name: 'a', arrival: { kind: 'poisson', ratePerSecond: 1 } }, { name: 'b', arrival: { kind: 'constant', ratePerSecond: 2 } }];
    expect(requestClassesOf(scenarioFrom({ ...baseScenario(), workload: w }).config).classes.map((c) => c.name)).toEqual(['a', 'b']);
  });
});

describe('resolveScenario refuses misused classes', () => {
  it('a mix of shares and own arrivals', () => {
    expect(problems({ 'workload.classes': [{ name: 'a', share: 1 }, { name: 'b', arrival: { kind: 'poisson', ratePerSecond: 1 } }] })).toEqual([
      'workload.classes: either every class has a share (of workload.arrival) or every class has its own arrival; got 1 with a share, 1 with an arrival, 0 with neither',
    ]);
  });

  it('own arrivals beside a top-level arrival; shares without one', () => {
    expect(problems({ 'workload.classes': [{ name: 'a', arrival: { kind: 'poisson', ratePerSecond: 1 } }] })).toEqual([
      'workload.arrival: every class has its own arrival, so workload.arrival must be absent (remove it, or give the classes shares of it instead)',
    ]);
    const raw = baseScenario();
    delete raw.workload.arrival;
    raw.workload.classes = [{ name: 'a', share: 1 }];
    expect(problemsOf(() => scenarioFrom(raw, 'p.yaml'))).toEqual(['workload.arrival: every class has a share, so workload.arrival is required: the shares split it']);
  });

  it('no arrival anywhere', () => {
    const raw = baseScenario();
    delete raw.workload.arrival;
    expect(problemsOf(() => scenarioFrom(raw, 'p.yaml'))).toEqual(['workload.arrival: required field missing (expected an arrival process, e.g. { kind: poisson, ratePerSecond: 10 })']);
  });

  it('duplicate and unsafe names, a share and an arrival on one class, a closed-loop class arrival', () => {
    expect(problems({
      'workload.classes': [
        { name: 'chat', share: 1 },
        { name: 'chat', share: 1 },
        { name: '../x', share: 1 },
        { name: 'both', share: 1, arrival: { kind: 'poisson', ratePerSecond: 1 } },
      ],
    })).toEqual([
      "workload.classes.2.name: got \"../x\"; a class name is 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'",
      'workload.classes.3.arrival: give a class either a share (of the top-level workload.arrival) or its own arrival, not both',
      "workload.classes.1.name: class name 'chat' is already used by class 0; names must be unique",
    ]);
    const raw = baseScenario();
    delete raw.workload.arrival;
    raw.workload.classes = [{ name: 'a', arrival: { kind: 'closed-loop', concurrency: 4 } }];
    expect(problemsOf(() => scenarioFrom(raw, 'p.yaml'))).toEqual([
      "workload.classes.0.arrival.kind: a class's own arrival must be open-loop (poisson, gamma, constant, …), not 'closed-loop': classes are merged by arrival time",
    ]);
  });

  it('per-class speculative settings are refused, by field; a class generation is accepted', () => {
    expect(problems({ 'workload.classes': [{ name: 'a', share: 1, generation: { kind: 'sampling', n: 2 }, speculative: {} }] })).toEqual([
      'workload.classes.0.speculative: per-class speculative settings are not supported: the proposer is one per replica; for per-class α give the top-level speculative.acceptance { kind: per-class } classes named after the workload classes',
    ]);
    const s = scenarioFrom(withChanges(baseScenario(), { 'workload.classes': [{ name: 'a', share: 1, generation: { kind: 'beam', width: 4 } }, { name: 'b', share: 1 }] }));
    expect(s.config.workload.classes![0].generation).toEqual({ kind: 'beam', width: 4 });
  });

  it('per-class generation: no per-class sampling overhead, no pools, not with speculative decoding or static batching', () => {
    expect(problems({ 'workload.classes': [{ name: 'a', share: 1, generation: { kind: 'sampling', n: 2, samplingOverheadSeconds: 0.001 } }] })).toEqual([
      "workload.classes.0.generation.samplingOverheadSeconds: the sampling overhead is a per-step cost of the replica's cost model, one per replica (a step mixes classes), so a class cannot carry its own | give samplingOverheadSeconds in the top-level generation, or remove it here",
    ]);
    expect(problems({ 'workload.classes': [{ name: 'a', share: 1, generation: { kind: 'greedy' } }], pools: [{ name: 'p', hardware: { gpu: 'h100-sxm' } }] })).toEqual([
      'workload.classes.0.generation: per-class generation with pools is not supported: the pool summaries count delivered tokens with one run-wide generation | give the generation at the top level, or drop pools',
    ]);
    expect(problems({ 'workload.classes': [{ name: 'a', share: 1, generation: { kind: 'beam', width: 2 } }], speculative: { method: 'ngram', numSpeculativeTokens: 3, acceptance: { kind: 'constant', rate: 0.7 } } })).toEqual([
      "workload.classes.0.generation: speculative decoding runs one sequence per request; beam search (width 2) cannot be combined with it (vLLM rejects the same) | remove class 'a's generation, or the top-level speculative section",
    ]);
    expect(problems({ 'workload.classes': [{ name: 'a', share: 1, generation: { kind: 'sampling', n: 2 } }], engine: { batching: { kind: 'static', maxBatchSize: 8, batchTimeoutSeconds: 0.1 } } })).toEqual([
      'workload.classes.0.generation: parallel sampling (n > 1) and beam search need continuous batching (engine.batching kind continuous)',
    ]);
  });

  it('classes in a closed loop', () => {
    expect(problems({ 'workload.arrival': { kind: 'closed-loop', concurrency: 4 }, 'workload.classes': [{ name: 'a', share: 1 }] })).toEqual([
      'workload.classes: classes split open-loop traffic; a closed loop (arrival kind closed-loop) has no per-class arrivals to split | use an open-loop arrival (poisson, gamma, constant) with class shares',
    ]);
  });

  it('classes with sessions resolve (the workload\'s, or a class\'s own); a class\'s sessions lognormal that keeps too little mass is named', () => {
    const turns = { kind: 'fixed', tokens: 2 };
    const s = scenarioFrom(withChanges(baseScenario(), { 'workload.sessions': { turns }, 'workload.classes': [{ name: 'a', share: 1 }, { name: 'b', share: 1, sessions: { turns, thinkSeconds: 3 } }] }));
    expect(s.config.workload.classes![1].sessions).toEqual({ turns, thinkSeconds: 3 });
    expect(problems({ 'workload.classes': [{ name: 'a', share: 1, sessions: { turns: { kind: 'lognormal', meanTokens: 5000, sigma: 0.1, maxTokens: 100 }, userTokens: { kind: 'lognormal', meanTokens: 5000, sigma: 0.1, maxTokens: 100 } } }] })).toEqual([
      'workload.classes.0.sessions.turns.maxTokens: maxTokens 100 keeps only 0.0% of a lognormal with meanTokens 5000 and sigma 0.1 (at least 0.1% is needed) | raise maxTokens or lower meanTokens',
      'workload.classes.0.sessions.userTokens.maxTokens: maxTokens 100 keeps only 0.0% of a lognormal with meanTokens 5000 and sigma 0.1 (at least 0.1% is needed) | raise maxTokens or lower meanTokens',
    ]);
  });

  it('a class with its own sessions under a replayed trace (the trace rows are its requests)', () => {
    const r = WorkloadSchema.safeParse({ trace: { file: 'x.csv', mapping: { endpoint: 'ep' } }, classes: [{ name: 'a', sessions: { turns: { kind: 'fixed', tokens: 2 } } }] });
    expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'classes.0.sessions: with workload.trace a class takes its requests from the trace rows naming it (the endpoint column): remove sessions',
    ]);
  });

  it("a class prompt that can never fit maxModelLen, and a class lognormal that keeps too little mass", () => {
    expect(problems({
      'engine.maxModelLen': 1000,
      'workload.classes': [
        { name: 'long', share: 1, promptTokens: { kind: 'fixed', tokens: 1000 } },
        { name: 'tail', share: 1, outputTokens: { kind: 'lognormal', meanTokens: 5000, sigma: 0.1, maxTokens: 100 } },
      ],
    })).toEqual([
      "workload.classes.0.promptTokens: every prompt of class 'long' has at least 1000 tokens, but a prompt must be shorter than maxModelLen 1000: every request of the class would be rejected | draw prompts below 1000 tokens",
      'workload.classes.1.outputTokens.maxTokens: maxTokens 100 keeps only 0.0% of a lognormal with meanTokens 5000 and sigma 0.1 (at least 0.1% is needed) | raise maxTokens or lower meanTokens',
    ]);
  });
});

describe('engine.schedulingPolicy', () => {
  it("resolves absent (fcfs) by default, so a file without it reports its engine as before; 'priority' for vllm and sglang", () => {
    expect(scenarioFrom(baseScenario()).engine.schedulingPolicy).toBeUndefined();
    expect(scenarioFrom(withChanges(baseScenario(), { 'engine.schedulingPolicy': 'priority' })).engine.schedulingPolicy).toBe('priority');
    expect(scenarioFrom(withChanges(baseScenario(), { engine: { preset: 'sglang', schedulingPolicy: 'priority' } })).engine.schedulingPolicy).toBe('priority');
  });

  it("refuses 'priority' for tensorrt-llm (its WaitingQueuePolicy is FCFS only) and with static batching", () => {
    expect(problems({ engine: { preset: 'tensorrt-llm', schedulingPolicy: 'priority' } })).toEqual([
      "engine.schedulingPolicy: the tensorrt-llm preset offers 'fcfs' only (TensorRT-LLM's WaitingQueuePolicy has FCFS alone), not 'priority' | remove schedulingPolicy, or use preset 'vllm' or 'sglang'",
    ]);
    expect(problems({ engine: { schedulingPolicy: 'priority', batching: { kind: 'static', maxBatchSize: 8, batchTimeoutSeconds: 0.1 } } })).toEqual([
      "engine.schedulingPolicy: 'priority' orders an iteration-level scheduler's waiting queue; static batching forms batches in arrival order | remove schedulingPolicy or engine.batching",
    ]);
  });

  it('an unknown policy names the two', () => {
    expect(problems({ 'engine.schedulingPolicy': 'lifo' })).toEqual(['engine.schedulingPolicy: got "lifo"; expected one of fcfs, priority']);
  });
});
