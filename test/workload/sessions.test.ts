import { describe, expect, it } from 'vitest';
import { createStreams } from '../../sim/random/index.ts';
import { createLengthSampler, createWorkload } from '../../sim/workload/index.ts';
import type { RequestSpec, WorkloadSource } from '../../sim/workload/index.ts';
import type { WorkloadConfig } from '../../sim/scenario/index.ts';
import { ScenarioError } from '../../sim/scenario/index.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

const fixed = (tokens: number) => ({ kind: 'fixed', tokens }) as const;

/** Constant arrivals (one session start per second), fixed lengths, 3 turns, 5 s of think time. */
function chat(overrides: Partial<WorkloadConfig> = {}, sessions: Partial<NonNullable<WorkloadConfig['sessions']>> = {}): WorkloadConfig {
  return {
    arrival: { kind: 'constant', ratePerSecond: 1 },
    promptTokens: fixed(100),
    outputTokens: fixed(20),
    stop: { numRequests: 1000 },
    sessions: { turns: fixed(3), thinkSeconds: 5, ...sessions },
    ...overrides,
  };
}

const done = (spec: RequestSpec, numOutputTokens = spec.numOutputTokens) => ({ spec, numOutputTokens, rejected: false });

describe('createWorkload with sessions: later turns from onFinished(now, finished)', () => {
  it("turn k's prompt is turn k − 1's prompt + its output + new user tokens, arriving thinkSeconds after it finished", () => {
    const source = createWorkload(chat(), createStreams(1));
    const first = source.nextArrival()!;
    expect(first).toEqual({ arrivedAt: 0, numPromptTokens: 100, numOutputTokens: 20, session: 0, turn: 1, repeatedTokens: 0 });
    const second = source.onFinished(7.25, done(first))!;
    expect(second).toEqual({ arrivedAt: 12.25, numPromptTokens: 100 + 20 + 100, numOutputTokens: 20, session: 0, turn: 2, repeatedTokens: 120 });
    // The output the engine actually generated is what the next prompt repeats (e.g. a beam length factor).
    const third = source.onFinished(13, done(second, 26))!;
    expect(third).toEqual({ arrivedAt: 18, numPromptTokens: 220 + 26 + 100, numOutputTokens: 20, session: 0, turn: 3, repeatedTokens: 246 });
    expect(source.onFinished(20, done(third))).toBeNull(); // 3 turns drawn: the session is over
    expect(source.sessionStats()).toEqual({ started: 1, turns: 3, endedByStop: 0, endedByContextCap: 0, endedByRejection: 0 });
  });

  it("draws turns, then (user tokens, output tokens, think) per later turn, from the stream 'sessions' when the session starts", () => {
    const sessions = {
      turns: { kind: 'uniform', minTokens: 2, maxTokens: 6 },
      thinkSeconds: { kind: 'exponential', meanSeconds: 30 },
      userTokens: { kind: 'uniform', minTokens: 10, maxTokens: 90 },
    } as const;
    const config = chat({ outputTokens: { kind: 'uniform', minTokens: 5, maxTokens: 50 } }, sessions);
    const source = createWorkload(config, createStreams(2));
    const starts = [source.nextArrival()!, source.nextArrival()!, source.nextArrival()!];

    const rng = createStreams(2).stream('sessions');
    const turns = createLengthSampler(sessions.turns, rng);
    const user = createLengthSampler(sessions.userTokens, rng);
    const output = createLengthSampler(config.outputTokens!, rng);
    const expected = starts.map(() => {
      const n = turns.sample();
      return Array.from({ length: n - 1 }, () => [user.sample(), output.sample(), -Math.log1p(-rng.next()) * 30]);
    });

    // Finish the sessions' turns interleaved in an arbitrary order: the numbers do not depend on it.
    const current: (RequestSpec | null)[] = starts.slice();
    const seen: number[][][] = starts.map(() => []);
    for (let now = 10, progress = true; progress; now += 10) {
      progress = false;
      for (const s of [2, 0, 1]) {
        const prev = current[s];
        if (prev === null) continue;
        const next = source.onFinished(now, done(prev, prev.numOutputTokens));
        current[s] = next;
        if (next === null) continue;
        progress = true;
        expect(next.session).toBe(s);
        expect(next.repeatedTokens).toBe(prev.numPromptTokens + prev.numOutputTokens);
        seen[s].push([next.numPromptTokens - next.repeatedTokens!, next.numOutputTokens, next.arrivedAt - now]);
      }
    }
    for (let s = 0; s < 3; s++) {
      expect(seen[s]).toHaveLength(expected[s].length);
      seen[s].forEach((row, k) => {
        expect(row[0]).toBe(expected[s][k][0]);
        expect(row[1]).toBe(expected[s][k][1]);
        expect(row[2]).toBeCloseTo(expected[s][k][2], 12);
      });
    }
  });

  it('leaves first turns, their arrivals, lengths and prefix groups exactly as without sessions (common random numbers)', () => {
    const lognormal = {
      promptTokens: { kind: 'lognormal', meanTokens: 500, sigma: 1 },
      outputTokens: { kind: 'lognormal', meanTokens: 200, sigma: 0.7, maxTokens: 2048 },
      arrival: { kind: 'poisson', ratePerSecond: 3 },
      sharedPrefix: { numGroups: 5, tokens: 64 },
    } as const;
    const plain = createWorkload({ ...chat(lognormal), sessions: undefined }, createStreams(3));
    const withSessions = createWorkload(chat(lognormal, { turns: { kind: 'uniform', minTokens: 1, maxTokens: 8 } }), createStreams(3));
    for (let i = 0; i < 200; i++) {
      const a = plain.nextArrival()!;
      const b = withSessions.nextArrival()!;
      expect({ ...b, session: undefined, turn: undefined, repeatedTokens: undefined }).toEqual({ ...a, session: undefined, turn: undefined, repeatedTokens: undefined });
      expect(b.session).toBe(i);
      // Every later turn keeps its first turn's group and prefix.
      const next = withSessions.onFinished(b.arrivedAt + 1, done(b));
      if (next !== null) {
        expect(next.prefixGroup).toBe(b.prefixGroup);
        expect(next.prefixTokens).toBe(64);
      }
    }
  });

  it('counts turns toward stop.numRequests: a turn that would exceed it is not sent and its session ends', () => {
    const source = createWorkload(chat({ stop: { numRequests: 4 } }), createStreams(4));
    const s0 = source.nextArrival()!;
    const s1 = source.nextArrival()!;
    expect(source.onFinished(0.5, done(s0))?.turn).toBe(2); // request 3
    expect(source.nextArrival()?.session).toBe(2); // request 4
    expect(source.followUpsPending(2)).toBe(false); // budget spent: no turn can follow
    expect(source.onFinished(1.5, done(s1))).toBeNull();
    expect(source.nextArrival()).toBeNull();
    expect(source.sessionStats()).toMatchObject({ started: 3, turns: 4, endedByStop: 1 });
  });

  it('sends no turn at or after stop.durationSeconds, and reports pending follow-ups until then', () => {
    const source = createWorkload(chat({ stop: { durationSeconds: 10 } }), createStreams(5));
    const s0 = source.nextArrival()!;
    expect(source.followUpsPending(0)).toBe(true); // s0 has turns left
    const t2 = source.onFinished(4.9, done(s0))!;
    expect(t2.arrivedAt).toBe(9.9);
    expect(source.onFinished(5, done(t2))).toBeNull(); // turn 3 would arrive at 10
    expect(source.sessionStats()!.endedByStop).toBe(1);
    expect(source.followUpsPending(3)).toBe(false); // no session with turns left in flight
    expect(source.nextArrival()?.session).toBe(1);
    expect(source.followUpsPending(10)).toBe(false); // past the end nothing can follow
  });

  it('ends a session at a rejected turn, and before a turn longer than maxContextTokens', () => {
    const source = createWorkload(chat({}, { maxContextTokens: 300 }), createStreams(6));
    const s0 = source.nextArrival()!;
    const s1 = source.nextArrival()!;
    expect(source.onFinished(1, { spec: s0, numOutputTokens: 0, rejected: true })).toBeNull();
    const t2 = source.onFinished(2, done(s1))!;
    expect(t2.numPromptTokens + t2.numOutputTokens).toBe(240); // within the cap
    expect(source.onFinished(3, done(t2))).toBeNull(); // 340 + 20 > 300
    expect(source.sessionStats()).toEqual({ started: 2, turns: 3, endedByStop: 0, endedByContextCap: 1, endedByRejection: 1 });
    expect(source.followUpsPending(3)).toBe(false);
  });

  it('without sessions ignores `finished` and reports no sessions', () => {
    const source = createWorkload({ ...chat(), sessions: undefined }, createStreams(7));
    const s = source.nextArrival()!;
    expect(s.session).toBeUndefined();
    expect(source.onFinished(1, done(s))).toBeNull();
    expect(source.followUpsPending(1)).toBe(false);
    expect(source.sessionStats()).toBeNull();
  });

  it('in a closed loop a client sends its session turns, then starts a new session arrival.thinkSeconds later', () => {
    const source: WorkloadSource = createWorkload(
      chat({ arrival: { kind: 'closed-loop', concurrency: 1, thinkSeconds: 0.5 }, stop: { numRequests: 5 } }, { turns: fixed(2), thinkSeconds: 3 }),
      createStreams(8),
    );
    const a1 = source.nextArrival()!;
    expect(source.nextArrival()).toBeNull();
    const a2 = source.onFinished(1, done(a1))!;
    expect([a2.session, a2.turn, a2.arrivedAt]).toEqual([0, 2, 4]);
    const b1 = source.onFinished(6, done(a2))!;
    expect([b1.session, b1.turn, b1.arrivedAt, b1.numPromptTokens]).toEqual([1, 1, 6.5, 100]);
    const b2 = source.onFinished(7, done(b1))!;
    const c1 = source.onFinished(11, done(b2))!;
    expect([c1.session, c1.turn]).toEqual([2, 1]); // request 5
    expect(source.followUpsPending(12)).toBe(false);
    expect(source.onFinished(12, done(c1))).toBeNull(); // its turn 2 would be request 6
  });
});

describe('workload.sessions in the scenario schema', () => {
  const withSessions = (sessions: unknown) => withChanges(baseScenario(), { 'workload.sessions': sessions });

  it('accepts a bounded turn distribution and a think-time number or distribution', () => {
    const s = scenarioFrom(withSessions({ turns: { kind: 'uniform', minTokens: 4, maxTokens: 8 }, thinkSeconds: { kind: 'lognormal', meanSeconds: 20, sigma: 1 } }));
    expect(s.config.workload.sessions?.maxContextTokens).toBeUndefined();
    expect(scenarioFrom(withSessions({ turns: fixed(3) })).config.workload.sessions?.thinkSeconds).toBe(0);
  });

  it('rejects an unbounded or too long turn distribution and a negative think time', () => {
    expect(() => scenarioFrom(withSessions({ turns: { kind: 'lognormal', meanTokens: 5, sigma: 1 } }))).toThrow(ScenarioError);
    expect(() => scenarioFrom(withSessions({ turns: fixed(5000) }))).toThrow(/turns must be bounded/);
    expect(() => scenarioFrom(withSessions({ turns: fixed(3), thinkSeconds: -1 }))).toThrow(ScenarioError);
    expect(() => scenarioFrom(withSessions({ turns: fixed(3), think: 1 }))).toThrow(/unknown field 'think'/);
  });
});
