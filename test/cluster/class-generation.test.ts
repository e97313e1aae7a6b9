// Per-class generation (workload.classes[i].generation) end to end, by hand calculation: one
// request at a time (constant arrivals 1 s apart, 11 steps of 10 ms each), fixed lengths, so
// every request's sequences, KV blocks and delivered tokens are known exactly.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../fixtures/run.ts';
import { scenarioFrom } from '../fixtures/scenarios.ts';

const PROMPT = 96; // 6 full blocks of 16
const OUTPUT = 10;
const scenario = (classes: unknown[], top: Record<string, unknown> = {}) =>
  scenarioFrom({
    name: 'class-generation',
    seed: 5,
    model: 'llama-3.1-8b',
    hardware: { gpu: 'h100-sxm' },
    engine: { blockSize: 16 },
    costModel: { kind: 'constant', stepSeconds: 0.01 },
    workload: {
      arrival: { kind: 'constant', ratePerSecond: 1 },
      promptTokens: { kind: 'fixed', tokens: PROMPT },
      outputTokens: { kind: 'fixed', tokens: OUTPUT },
      stop: { numRequests: 40 },
      classes,
    },
    ...top,
  });

describe('runScenario with per-class generation', () => {
  const beam = runScenario(scenario([{ name: 'chat', share: 1 }, { name: 'wide', share: 1, generation: { kind: 'beam', width: 4, lengthPenaltyFactor: 1.5 } }]));
  const greedy = runScenario(scenario([{ name: 'chat', share: 1 }, { name: 'wide', share: 1 }]));
  const sampling = runScenario(scenario([{ name: 'chat', share: 1 }, { name: 'multi', share: 1, generation: { kind: 'sampling', n: 3 } }]));
  const classOf = (r: typeof beam) => Array.from(r.requests.classIndex);

  it('each request carries its class: beam × 1.5 lengthens only the wide class (15 vs 10 tokens per record)', () => {
    expect(beam.summary.requests.finished).toBe(40);
    const cls = classOf(beam);
    expect(cls).toEqual(classOf(greedy)); // the class draws do not depend on generation
    expect(cls.filter((k) => k === 1).length).toBeGreaterThan(5);
    cls.forEach((k, i) => expect(beam.requests.numOutputTokens[i]).toBe(k === 1 ? 15 : OUTPUT));
  });

  it('beam width 4 on one class: KV peak 6 shared prompt blocks + 4 × 1 decode block = 10 (greedy: ⌈(96 + 9)/16⌉ = 7)', () => {
    // Requests never overlap (0.11 s of steps, 1 s apart), so the peak is one request's blocks.
    // wide: 96 + 14 computed tokens → 6 full prompt blocks shared + 4 sequences × ⌈14/16⌉ blocks.
    const blocks = (r: typeof beam) => Math.round(r.summary.kv.maxUsage * r.summary.kv.numGpuBlocks);
    expect(blocks(greedy)).toBe(7);
    expect(blocks(beam)).toBe(6 + 4 * 1);
  });

  it('per-class KV usage: block-seconds per request 0.01 × (6 + 9 × 7) = 0.69 (chat), 0.01 × (6 + 14 × 10) = 1.46 (wide)', () => {
    // chat: the prefill step holds ⌈96/16⌉ = 6 blocks, its 9 decode steps 7; wide (15 tokens):
    // 6, then 14 decode steps of 6 shared + 4 × 1 blocks. meanUsageWithDrain = Σ block-seconds / (blocks × run).
    const c = beam.summary.classes!;
    const B = beam.summary.kv.numGpuBlocks;
    const perRequest = (k: typeof c.chat) => (k.kvUsage!.meanUsageWithDrain * B * beam.simulatedSeconds) / k.requests.finished;
    expect(perRequest(c.chat)).toBeCloseTo(0.69, 9);
    expect(perRequest(c.wide)).toBeCloseTo(1.46, 9);
    expect(c.chat.kvUsage!.maxUsage * B).toBeCloseTo(7, 9);
    expect(c.wide.kvUsage!.maxUsage * B).toBeCloseTo(10, 9);
    // The greedy run: both classes 0.69 per request.
    const g = greedy.summary.classes!;
    expect((g.wide.kvUsage!.meanUsageWithDrain * B * greedy.simulatedSeconds) / g.wide.requests.finished).toBeCloseTo(0.69, 9);
    // Σ over classes = the fleet's, windowed and drain included.
    expect(c.chat.kvUsage!.meanUsage + c.wide.kvUsage!.meanUsage).toBeCloseTo(beam.summary.kv.meanUsage, 15);
    expect(c.chat.kvUsage!.meanUsageWithDrain + c.wide.kvUsage!.meanUsageWithDrain).toBeCloseTo(beam.summary.kv.meanUsageWithDrain, 15);
  });

  it('delivered tokens per request: chat 10, beam 15 (one sequence), sampling n = 3 → 30; the fleet is their sum', () => {
    const perRequest = (t: { throughputWithDrain: { outputTokensPerSecond: number; requestsPerSecond: number } }) =>
      t.throughputWithDrain.outputTokensPerSecond / t.throughputWithDrain.requestsPerSecond;
    const b = beam.summary.classes!;
    expect(perRequest(b.chat)).toBeCloseTo(10, 9);
    expect(perRequest(b.wide)).toBeCloseTo(15, 9);
    const s = sampling.summary.classes!;
    expect(perRequest(s.multi)).toBeCloseTo(30, 9);
    const nMulti = s.multi.requests.finished;
    const nChat = s.chat.requests.finished;
    expect(nMulti + nChat).toBe(40);
    // Fleet: Σ delivered tokens / Σ finished requests.
    expect(perRequest(sampling.summary)).toBeCloseTo((10 * nChat + 30 * nMulti) / 40, 9);
    const nWide = b.wide.requests.finished;
    expect(perRequest(beam.summary)).toBeCloseTo((10 * (40 - nWide) + 15 * nWide) / 40, 9);
  });

  it('generation sections: the fleet per-class (largest numSeqs), each non-greedy class its own', () => {
    const g = beam.summary.generation!;
    expect(g.kind).toBe('per-class');
    expect(g.numSeqs).toBe(4);
    expect(beam.summary.classes!.chat.generation).toBeUndefined();
    const w = beam.summary.classes!.wide.generation!;
    expect(w.kind).toBe('beam');
    expect(w.numSeqs).toBe(4);
    expect(w.generatedOutputTokensPerSecond).toBeCloseTo(4 * w.deliveredOutputTokensPerSecond, 9);
    expect(w.deliveredOutputTokensPerSecond).toBe(beam.summary.classes!.wide.throughput.outputTokensPerSecond);
    // The fleet's rates are the classes' sums: generated = chat's 1 × + wide's 4 ×.
    const chat = beam.summary.classes!.chat.throughput.outputTokensPerSecond;
    expect(beam.summary.throughput.outputTokensPerSecond).toBeCloseTo(chat + w.deliveredOutputTokensPerSecond, 9);
    expect(g.generatedOutputTokensPerSecond).toBeCloseTo(chat + 4 * w.deliveredOutputTokensPerSecond, 9);
    expect(beam.notes).toContain('class wide: generation: beam search, width 4 (4 decode tokens per request per step, prompt blocks shared copy-on-write; output tokens count the 1 returned sequence), output lengths × 1.5 (length penalty)');
  });

  it('a class without its own generation takes the top-level one', () => {
    const r = runScenario(scenario([{ name: 'chat', share: 1 }, { name: 'plain', share: 1, generation: { kind: 'greedy' } }], { generation: { kind: 'sampling', n: 2 } }));
    const c = r.summary.classes!;
    expect(c.chat.generation!.numSeqs).toBe(2);
    expect(c.chat.throughputWithDrain.outputTokensPerSecond / c.chat.throughputWithDrain.requestsPerSecond).toBeCloseTo(20, 9);
    expect(c.plain.generation).toBeUndefined();
    expect(c.plain.throughputWithDrain.outputTokensPerSecond / c.plain.throughputWithDrain.requestsPerSecond).toBeCloseTo(10, 9);
  });
});
