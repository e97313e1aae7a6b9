import { describe, expect, it } from 'vitest';
import { runScenario } from '../fixtures/run.ts';
import { scenarioFrom } from '../fixtures/scenarios.ts';

// Llama-3.1-8B on one H100: chat sessions of 4 turns, 256 new user tokens and 65 output tokens
// per turn, 2 s of think time; ~2 session starts per second. Turn k's prompt is
// 256 + (k − 1)·(256 + 65) tokens, so a record's prompt length names its turn. A first turn's KV
// ends at 256 + 65 − 1 = 320 tokens, exactly 20 blocks: the block its last decode fills counts.
const USER = 256;
const OUTPUT = 65;
const BLOCK = 16;

function run(
  enablePrefixCaching: boolean,
  extra: Record<string, unknown> = {},
  sessions: Record<string, unknown> | null = { turns: { kind: 'fixed', tokens: 4 }, thinkSeconds: 2 },
  top: Record<string, unknown> = {},
) {
  return runScenario(
    scenarioFrom({
      ...top,
      name: 'sessions',
      seed: 5,
      model: 'llama-3.1-8b',
      hardware: { gpu: 'h100-sxm', ...(top.hardware as object | undefined) },
      engine: { enablePrefixCaching, blockSize: BLOCK },
      workload: {
        arrival: { kind: 'poisson', ratePerSecond: 2 },
        promptTokens: { kind: 'fixed', tokens: USER },
        outputTokens: { kind: 'fixed', tokens: OUTPUT },
        stop: { numRequests: 400 },
        ...(sessions === null ? {} : { sessions }),
        ...extra,
      },
    }),
  );
}

const turnOf = (prompt: number) => (prompt - USER) / (USER + OUTPUT) + 1;

describe('multi-turn sessions through the whole run', () => {
  const on = run(true);
  const off = run(false);

  it('every turn finishes, none is cut by the drain limit, and the summary counts the sessions', () => {
    expect(on.summary.requests).toMatchObject({ arrived: 400, finished: 400, rejected: 0, unfinished: 0 });
    expect(on.summary.overloaded).toBe(false);
    expect(on.summary.kv.preemptions).toBe(0);
    const s = on.summary.sessions!;
    expect(s.turns).toBe(400);
    expect(s.started).toBeGreaterThanOrEqual(100);
    expect(s.meanTurnsPerSession).toBeCloseTo(400 / s.started, 12);
    // Sessions still running when the 400th request was generated were cut, the rest had 4 turns.
    expect(s.endedByContextCap + s.endedByRejection).toBe(0);
    expect(s.endedByStop).toBeGreaterThan(0);
    const turns = Array.from(on.requests.numPromptTokens.subarray(0, 400), turnOf);
    expect(turns.every((k) => Number.isInteger(k) && k >= 1 && k <= 4)).toBe(true);
    expect(turns.filter((k) => k === 1).length).toBe(s.started);
  });

  it('the hit rate is exactly Σ ⌊(previous prompt + output − 1) / blockSize⌋·blockSize / Σ prompt, close to the repeated fraction', () => {
    let cached = 0;
    let queried = 0;
    let repeated = 0;
    for (let i = 0; i < 400; i++) {
      const prompt = on.requests.numPromptTokens[i];
      queried += prompt;
      if (turnOf(prompt) === 1) continue;
      const previous = prompt - USER - OUTPUT; // the previous turn's prompt
      cached += Math.floor((previous + OUTPUT - 1) / BLOCK) * BLOCK;
      repeated += previous + OUTPUT;
    }
    expect(on.summary.kv.prefillTokensSaved).toBe(cached);
    expect(on.summary.kv.prefixCacheHitRate).toBeCloseTo(cached / queried, 12);
    // Within one block per later turn below the repeated-context fraction.
    expect(on.summary.kv.prefixCacheHitRate!).toBeLessThanOrEqual(repeated / queried);
    expect(on.summary.kv.prefixCacheHitRate!).toBeGreaterThan(repeated / queried - 0.02);
    expect(off.summary.kv.prefixCacheHitRate).toBe(0);
    expect(off.summary.kv.prefillTokensSaved).toBe(0);
  });

  it("later turns' TTFT drops with caching, on the same arrivals and lengths", () => {
    const laterTtft = (r: typeof on) => {
      let sum = 0;
      let n = 0;
      for (let i = 0; i < r.requests.count; i++) {
        if (turnOf(r.requests.numPromptTokens[i]) < 3) continue;
        sum += r.requests.firstTokenAt[i] - r.requests.arrivedAt[i];
        n++;
      }
      return sum / n;
    };
    // The same session starts (first turns arrive on the same Poisson instants) in both runs.
    const starts = (r: typeof on) => Array.from(r.requests.arrivedAt.subarray(0, 400)).filter((_, i) => r.requests.numPromptTokens[i] === USER);
    expect(starts(on).slice(0, 80)).toEqual(starts(off).slice(0, 80));
    expect(laterTtft(on)).toBeLessThan(0.7 * laterTtft(off));
  });

  it('arrivals are not over while a session can still send a turn: the drain limit waits for it', () => {
    // Sessions start at 0, 10, …, 90 s; the last one keeps sending turns (1 s of think time)
    // until 95 s, long after its start and the 1 s drain limit.
    const r = run(true, { arrival: { kind: 'constant', ratePerSecond: 0.1 }, stop: { durationSeconds: 95 } }, { turns: { kind: 'fixed', tokens: 40 }, thinkSeconds: 1 }, { simulation: { maxDrainSeconds: 1 } });
    expect(r.summary.overloaded).toBe(false);
    expect(r.summary.requests.unfinished).toBe(0);
    const last = Math.max(...r.requests.arrivedAt.subarray(0, r.requests.count));
    expect(last).toBeGreaterThan(94);
    expect(r.summary.sessions!.started).toBe(10);
    expect(r.summary.sessions!.endedByStop).toBeGreaterThan(0);
  });

  it('with one turn per session the run is the run without sessions, record for record', () => {
    const single = run(true, {}, { turns: { kind: 'fixed', tokens: 1 }, thinkSeconds: 2 });
    const plain = run(true, {}, null);
    expect(Array.from(single.requests.finishedAt)).toEqual(Array.from(plain.requests.finishedAt));
    expect(Array.from(single.requests.numPromptTokens)).toEqual(Array.from(plain.requests.numPromptTokens));
    const { kv: kvSingle, sessions, ...restSingle } = single.summary;
    const { kv: kvPlain, ...restPlain } = plain.summary;
    expect(restSingle).toEqual(restPlain);
    expect(sessions).toMatchObject({ started: 400, turns: 400, meanTurnsPerSession: 1 });
    expect(kvSingle.prefixCacheHitRate).toBe(0);
    expect(kvPlain.prefixCacheHitRate).toBeUndefined();
    expect(plain.summary.sessions).toBeUndefined();
  });

  it('a turn that outgrows the KV cache is rejected and ends its session; a context cap ends it before', () => {
    // A small KV cache (725 blocks: 11 600 tokens) and 2 closed-loop chat clients whose sessions
    // would run 40 turns: turn k needs 256 + (k − 1)·321 + 64 tokens of KV, so turn 37 never fits (11 876 > 11 600).
    const long = { turns: { kind: 'fixed', tokens: 40 }, thinkSeconds: 1 };
    const small = (sessions: Record<string, unknown>) =>
      runScenario(
        scenarioFrom({
          name: 'sessions-small-kv',
          seed: 5,
          model: 'llama-3.1-8b',
          hardware: { gpu: 'h100-sxm' },
          engine: { gpuMemoryUtilization: 0.23 },
          workload: {
            arrival: { kind: 'closed-loop', concurrency: 2, thinkSeconds: 0 },
            promptTokens: { kind: 'fixed', tokens: USER },
            outputTokens: { kind: 'fixed', tokens: OUTPUT },
            stop: { numRequests: 120 },
            sessions,
          },
        }),
      );
    const rejected = small(long);
    expect(rejected.summary.kv.numGpuBlocks * BLOCK).toBe(11600);
    expect(rejected.summary.requests).toMatchObject({ arrived: 120, unfinished: 0 });
    const turns = Array.from(rejected.requests.numPromptTokens.subarray(0, 120), turnOf);
    const rejectedTurns = turns.filter((_, i) => rejected.requests.status[i] === 2);
    expect(rejectedTurns.length).toBeGreaterThanOrEqual(2);
    expect(rejectedTurns.every((k) => k === 37)).toBe(true);
    expect(rejected.summary.sessions!.endedByRejection).toBe(rejectedTurns.length);
    expect(rejected.summary.requests.rejected).toBe(rejectedTurns.length);
    // The client moved on: a new session started after each rejection.
    expect(rejected.summary.sessions!.started).toBeGreaterThan(rejectedTurns.length);

    // Capped at 2000 tokens: turn k is sent while 256 + (k − 1)·321 + 65 <= 2000, i.e. k <= 6.
    const capped = small({ ...long, maxContextTokens: 2000 });
    expect(capped.summary.requests.rejected).toBe(0);
    const cappedTurns = Array.from(capped.requests.numPromptTokens.subarray(0, 120), turnOf);
    expect(Math.max(...cappedTurns)).toBe(6);
    const s = capped.summary.sessions!;
    expect(s.endedByContextCap).toBe(Math.floor(120 / 6));
    expect(s.started).toBe(20);
  });
});

describe('session-affinity routing over 4 replicas', () => {
  const four = (router: Record<string, unknown>) => run(true, {}, { turns: { kind: 'fixed', tokens: 4 }, thinkSeconds: 2 }, { hardware: { numReplicas: 4 }, router });

  it("sends later turns where their session's blocks are cached: the hit rate of one replica, far above round-robin's", () => {
    const sticky = four({ kind: 'session-affinity' });
    const spread = four({ kind: 'round-robin' });
    const single = run(true);
    const r = sticky.requests;
    // No KV pressure anywhere: a later turn hits ⌊(previous prompt + output − 1)/16⌋ blocks when
    // it lands where the previous turn ran, so the sticky hit rate is the single replica's (up to
    // which turns fall inside the 400 requests, which finish order decides).
    expect(sticky.summary.requests.finished).toBe(400);
    expect(sticky.summary.kv.prefixCacheHitRate!).toBeGreaterThan(0.97 * single.summary.kv.prefixCacheHitRate!);
    // Round-robin sends most later turns elsewhere: far fewer hits.
    expect(spread.summary.kv.prefixCacheHitRate!).toBeLessThan(0.5 * sticky.summary.kv.prefixCacheHitRate!);
    // Every replica served some first turns (the fallback spreads sessions).
    const firstTurns = new Set<number>();
    for (let i = 0; i < r.count; i++) if (turnOf(r.numPromptTokens[i]) === 1) firstTurns.add(r.replica[i]);
    expect(firstTurns.size).toBe(4);
  });
});
