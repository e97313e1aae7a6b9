// Multi-turn sessions with request classes through the whole run: a chat class with its own
// sessions beside a batch class without any, on 4 replicas behind session-affinity routing.
// Chat turn k's prompt is 256 + (k − 1)·(256 + 65) tokens, so a record's prompt names its turn;
// batch prompts (1000 tokens) match no turn.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../fixtures/run.ts';
import { scenarioFrom } from '../fixtures/scenarios.ts';

const USER = 256;
const OUTPUT = 65;
const BLOCK = 16;
const turnOf = (prompt: number) => (prompt - USER) / (USER + OUTPUT) + 1;

function run(router: Record<string, unknown>) {
  return runScenario(
    scenarioFrom({
      name: 'class-sessions',
      seed: 5,
      model: 'llama-3.1-8b',
      hardware: { gpu: 'h100-sxm', numReplicas: 4 },
      engine: { enablePrefixCaching: true, blockSize: BLOCK },
      router,
      workload: {
        promptTokens: { kind: 'fixed', tokens: USER },
        outputTokens: { kind: 'fixed', tokens: OUTPUT },
        stop: { durationSeconds: 60 },
        classes: [
          { name: 'chat', arrival: { kind: 'poisson', ratePerSecond: 3 }, sessions: { turns: { kind: 'fixed', tokens: 4 }, thinkSeconds: 2 } },
          { name: 'batch', arrival: { kind: 'poisson', ratePerSecond: 1 }, promptTokens: { kind: 'fixed', tokens: 1000 }, outputTokens: { kind: 'fixed', tokens: 50 } },
        ],
      },
    }),
  );
}

describe('request classes with sessions through the whole run', () => {
  const sticky = run({ kind: 'session-affinity' });
  const spread = run({ kind: 'round-robin' });

  it("every request finishes; summary.sessions counts the chat class's turns, and each later turn is counted in its class", () => {
    const r = sticky.requests;
    expect(sticky.summary.requests.unfinished).toBe(0);
    expect(sticky.summary.requests.rejected).toBe(0);
    const chat: number[] = [];
    let batch = 0;
    for (let i = 0; i < r.count; i++) {
      if (r.classIndex[i] === 0) chat.push(turnOf(r.numPromptTokens[i]));
      else {
        expect(r.numPromptTokens[i]).toBe(1000);
        batch++;
      }
    }
    expect(chat.every((k) => Number.isInteger(k) && k >= 1 && k <= 4)).toBe(true);
    expect(chat.some((k) => k === 4)).toBe(true);
    const s = sticky.summary.sessions!;
    expect(s.turns).toBe(chat.length);
    expect(s.started).toBe(chat.filter((k) => k === 1).length);
    expect(s.meanTurnsPerSession).toBeCloseTo(chat.length / s.started, 12);
    // No session ends early except by the stop (a turn that would arrive at or after 60 s).
    expect(s.endedByContextCap + s.endedByRejection).toBe(0);
    // Every session has turns 1..m (m <= 4); those with m < 4 were cut by the stop: exactly (first turns − fourth turns).
    const count = (k: number) => chat.filter((t) => t === k).length;
    expect(count(1)).toBeGreaterThanOrEqual(count(2));
    expect(count(2)).toBeGreaterThanOrEqual(count(3));
    expect(count(3)).toBeGreaterThanOrEqual(count(4));
    expect(s.endedByStop).toBe(count(1) - count(4));
    expect(sticky.summary.classes!.chat.requests.arrived).toBe(chat.length);
    expect(sticky.summary.classes!.batch.requests.arrived).toBe(batch);
  });

  it("session-affinity keeps each session on one replica: the prefix cache serves exactly every later turn's repeated full blocks", () => {
    const r = sticky.requests;
    let cached = 0;
    for (let i = 0; i < r.count; i++) {
      if (r.classIndex[i] !== 0 || turnOf(r.numPromptTokens[i]) === 1) continue;
      const previous = r.numPromptTokens[i] - USER - OUTPUT; // the previous turn's prompt
      cached += Math.floor((previous + OUTPUT - 1) / BLOCK) * BLOCK;
    }
    expect(sticky.summary.kv.preemptions).toBe(0);
    expect(sticky.summary.kv.prefillTokensSaved).toBe(cached);
    // Round-robin sends most later turns elsewhere (the classes interleave, so a session's turns drift across replicas).
    expect(spread.summary.kv.prefillTokensSaved).toBeLessThan(0.5 * cached);
  });

  it('the first turns and the batch class arrive on the same instants under either router (common random numbers)', () => {
    const starts = (x: typeof sticky) => Array.from(x.requests.arrivedAt.subarray(0, x.requests.count)).filter((_, i) => x.requests.classIndex[i] === 1 || x.requests.numPromptTokens[i] === USER).sort((a, b) => a - b);
    expect(starts(spread)).toEqual(starts(sticky));
  });
});

describe("a class's own shared prefix makes the workload cacheable", () => {
  it('prefix caching serves the class prefix although workload.sharedPrefix is absent', () => {
    // One class, one group of a 160-token prefix (10 full blocks), fixed 40-token prompts after it, one replica:
    // every request after the first finds the 10 prefix blocks cached (no KV pressure).
    const r = runScenario(
      scenarioFrom({
        name: 'class-prefix',
        seed: 1,
        model: 'llama-3.1-8b',
        hardware: { gpu: 'h100-sxm' },
        engine: { enablePrefixCaching: true, blockSize: BLOCK },
        workload: {
          arrival: { kind: 'constant', ratePerSecond: 1 },
          promptTokens: { kind: 'fixed', tokens: 40 },
          outputTokens: { kind: 'fixed', tokens: 10 },
          stop: { numRequests: 20 },
          classes: [{ name: 'agent', share: 1, sharedPrefix: { numGroups: 1, tokens: 160 } }],
        },
      }),
    );
    expect(r.summary.requests.finished).toBe(20);
    expect(r.summary.kv.prefillTokensSaved).toBe(19 * 160);
    expect(r.summary.kv.prefixCacheHitRate).toBeCloseTo((19 * 160) / (20 * 200), 12);
  });
});
