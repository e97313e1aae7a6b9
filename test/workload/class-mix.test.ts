// The multi-class source (workload.classes): shares split one arrival stream (binomial counts,
// the same arrivals and lengths as without classes), own arrivals merge by time, and a class with
// its own arrival draws only from its own streams (adding a class leaves the others unchanged).
// Sessions with classes, played through a tiny driver (play): turns per session by class, the
// class kept across turns, common random numbers, and stop.numRequests over every turn.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStreams } from '../../sim/random/index.ts';
import { classIndexOf, createWorkload } from '../../sim/workload/index.ts';
import type { RequestSpec, WorkloadSource } from '../../sim/workload/index.ts';
import { WorkloadSchema, type WorkloadConfig } from '../../sim/scenario/index.ts';

function drain(source: WorkloadSource, limit = 1_000_000): RequestSpec[] {
  const specs: RequestSpec[] = [];
  for (let spec = source.nextArrival(); spec !== null; spec = source.nextArrival()) {
    specs.push(spec);
    if (specs.length > limit) throw new Error('source did not stop');
  }
  return specs;
}

const base = {
  arrival: { kind: 'poisson', ratePerSecond: 50 },
  promptTokens: { kind: 'lognormal', meanTokens: 500, sigma: 1 },
  outputTokens: { kind: 'lognormal', meanTokens: 200, sigma: 0.7, maxTokens: 2048 },
  stop: { numRequests: 20_000 },
};
const parse = (w: unknown): WorkloadConfig => WorkloadSchema.parse(w);

describe('createWorkload with workload.classes (shares)', () => {
  it('splits counts by share within 4.5 binomial standard deviations', () => {
    const w = parse({ ...base, classes: [{ name: 'a', share: 1 }, { name: 'b', share: 3 }, { name: 'c', share: 6 }] });
    const specs = drain(createWorkload(w, createStreams(7)));
    expect(specs).toHaveLength(20_000);
    const n = specs.length;
    [0.1, 0.3, 0.6].forEach((p, k) => {
      const count = specs.filter((s) => s.classIndex === k).length;
      expect(Math.abs(count - n * p)).toBeLessThan(4.5 * Math.sqrt(n * p * (1 - p)));
    });
  });

  it('keeps the arrivals, lengths and prefix groups of the same workload without classes (only classIndex is added)', () => {
    const plain = parse({ ...base, sharedPrefix: { numGroups: 4, tokens: 100 }, stop: { numRequests: 2000 } });
    const split = parse({ ...base, sharedPrefix: { numGroups: 4, tokens: 100 }, stop: { numRequests: 2000 }, classes: [{ name: 'a', share: 2 }, { name: 'b', share: 1 }] });
    const a = drain(createWorkload(plain, createStreams(3)));
    const b = drain(createWorkload(split, createStreams(3)));
    expect(b.map(({ classIndex: _, ...rest }) => rest)).toEqual(a);
    expect(new Set(b.map((s) => s.classIndex))).toEqual(new Set([0, 1]));
  });

  it("a class's own lengths and shared prefix come from its own streams; its prefix groups follow the workload's", () => {
    const w = parse({
      ...base,
      sharedPrefix: { numGroups: 4, tokens: 100 },
      stop: { numRequests: 3000 },
      classes: [{ name: 'chat', share: 1 }, { name: 'code', share: 1, promptTokens: { kind: 'fixed', tokens: 7 }, outputTokens: { kind: 'fixed', tokens: 3 }, sharedPrefix: { numGroups: 2, tokens: 50 } }],
    });
    const specs = drain(createWorkload(w, createStreams(5)));
    const code = specs.filter((s) => s.classIndex === 1);
    const chat = specs.filter((s) => s.classIndex === 0);
    expect(code.every((s) => s.numPromptTokens === 57 && s.numOutputTokens === 3 && s.prefixTokens === 50)).toBe(true);
    expect(new Set(code.map((s) => s.prefixGroup))).toEqual(new Set([4, 5]));
    expect(new Set(chat.map((s) => s.prefixGroup))).toEqual(new Set([0, 1, 2, 3]));
  });

  it('stops at durationSeconds: no request at or after it', () => {
    const w = parse({ ...base, stop: { durationSeconds: 10 }, classes: [{ name: 'a', share: 1 }, { name: 'b', share: 1 }] });
    const specs = drain(createWorkload(w, createStreams(1)));
    expect(specs.every((s) => s.arrivedAt < 10)).toBe(true);
    expect(Math.abs(specs.length - 500)).toBeLessThan(4.5 * Math.sqrt(500)); // Poisson(500)
  });
});

describe('createWorkload with workload.classes (own arrivals)', () => {
  const { arrival: _, ...noArrival } = base;
  const chat = { name: 'chat', arrival: { kind: 'poisson', ratePerSecond: 5 } };
  const batch = { name: 'batch', arrival: { kind: 'constant', ratePerSecond: 2 }, promptTokens: { kind: 'fixed', tokens: 4000 } };
  const agent = { name: 'agent', arrival: { kind: 'gamma', ratePerSecond: 3, cv: 2 }, outputTokens: { kind: 'fixed', tokens: 20 } };

  it('merges the classes by time: arrivedAt non-decreasing, each class at its own rate', () => {
    const w = parse({ ...noArrival, stop: { durationSeconds: 200 }, classes: [chat, batch] });
    const specs = drain(createWorkload(w, createStreams(11)));
    for (let i = 1; i < specs.length; i++) expect(specs[i].arrivedAt).toBeGreaterThanOrEqual(specs[i - 1].arrivedAt);
    const batchTimes = specs.filter((s) => s.classIndex === 1).map((s) => s.arrivedAt);
    expect(batchTimes).toHaveLength(400); // constant 2/s over [0, 200): exactly 400
    expect(batchTimes.slice(0, 3)).toEqual([0, 0.5, 1]);
    const numChat = specs.filter((s) => s.classIndex === 0).length;
    expect(Math.abs(numChat - 1000)).toBeLessThan(4.5 * Math.sqrt(1000)); // Poisson(1000)
    expect(specs.filter((s) => s.classIndex === 1).every((s) => s.numPromptTokens === 4000)).toBe(true);
  });

  it("adding a class leaves the other classes' requests unchanged (common random numbers)", () => {
    const two = drain(createWorkload(parse({ ...noArrival, stop: { durationSeconds: 100 }, classes: [chat, batch] }), createStreams(9)));
    const three = drain(createWorkload(parse({ ...noArrival, stop: { durationSeconds: 100 }, classes: [chat, agent, batch] }), createStreams(9)));
    const of = (specs: RequestSpec[], k: number) => specs.filter((s) => s.classIndex === k).map(({ classIndex: _, ...rest }) => rest);
    expect(of(three, 0)).toEqual(of(two, 0));
    expect(of(three, 2)).toEqual(of(two, 1));
    expect(of(three, 1).length).toBeGreaterThan(0);
  });

  it('stops after stop.numRequests in all', () => {
    const source = createWorkload(parse({ ...noArrival, stop: { numRequests: 123 }, classes: [chat, batch] }), createStreams(2));
    expect(drain(source)).toHaveLength(123);
    expect(source.nextArrival()).toBeNull();
  });

  it('halt() stops generation at once', () => {
    const source = createWorkload(parse({ ...noArrival, stop: { numRequests: 100 }, classes: [chat, batch] }), createStreams(2));
    expect(source.nextArrival()).not.toBeNull();
    source.halt();
    expect(source.nextArrival()).toBeNull();
  });
});

describe('classIndexOf(config) (trace rows name their class by endpoint)', () => {
  it("maps each class name to its index; an unknown name to undefined; without classes everything to 0", () => {
    const w = parse({ ...base, classes: [{ name: 'chat', share: 1 }, { name: 'code', share: 1 }] });
    const of = classIndexOf(w);
    expect([of('chat'), of('code'), of('Chat'), of('')]).toEqual([0, 1, undefined, undefined]);
    expect(classIndexOf(parse(base))('anything')).toBe(0);
  });

  it('replays a trace whose endpoint column names the classes; an endpoint no class has is a malformed row', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-classes-trace-'));
    const file = join(dir, 't.csv');
    writeFileSync(file, 'offset,prompt,output,endpoint\n0,10,2,chat\n0.5,20,3,code\n1,30,4,chat\n');
    const mapping = { offsetSeconds: 'offset', promptTokens: 'prompt', outputTokens: 'output', endpoint: 'endpoint' };
    const w = parse({ trace: { file: 't.csv', mapping }, classes: [{ name: 'chat' }, { name: 'code', priority: 1 }] });
    const specs = drain(createWorkload(w, createStreams(1), { traceFile: file }));
    expect(specs.map((s) => [s.arrivedAt, s.numPromptTokens, s.classIndex])).toEqual([[0, 10, 0], [0.5, 20, 1], [1, 30, 0]]);
    const other = parse({ trace: { file: 't.csv', mapping }, classes: [{ name: 'chat' }] });
    expect(() => drain(createWorkload(other, createStreams(1), { traceFile: file }))).toThrow(/line 3.*code/);
  });

  it('refuses classes with a replayed trace that has no endpoint column, and a class sharedPrefix there; an endpoint column without classes is noted', () => {
    const noEndpoint = WorkloadSchema.safeParse({ trace: { file: 't.csv' }, classes: [{ name: 'chat' }, { name: 'batch', priority: 5 }] });
    expect(noEndpoint.success).toBe(false);
    expect(noEndpoint.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['trace.mapping.endpoint', expect.stringMatching(/need the trace's endpoint column/)]]);
    const prefix = WorkloadSchema.safeParse({ trace: { file: 't.csv', mapping: { endpoint: 'e' } }, classes: [{ name: 'chat', sharedPrefix: { numGroups: 2, tokens: 50 } }] });
    expect(prefix.error!.issues.map((i) => i.path.join('.'))).toEqual(['classes.0.sharedPrefix']);
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-classes-trace-'));
    const file = join(dir, 't.csv');
    writeFileSync(file, 'offset,prompt,output,endpoint\n0,10,2,chat\n0.5,20,3,code\n');
    const mapping = { offsetSeconds: 'offset', promptTokens: 'prompt', outputTokens: 'output', endpoint: 'endpoint' };
    const source = createWorkload(parse({ trace: { file: 't.csv', mapping } }), createStreams(1), { traceFile: file });
    expect(drain(source).map((r) => r.classIndex ?? 0)).toEqual([0, 0]);
    expect(source.notes?.()).toEqual([expect.stringMatching(/^trace endpoint column 'endpoint' read but no workload.classes declared/)]);
  });
});

/**
 * Plays a source as a cluster would with requests that each take `serviceSeconds` and generate
 * their drawn output: open arrivals, later turns and finishes in time order (ties: in the order
 * they were scheduled); each finish is answered with onFinished (a session's next turn). Returns
 * every request in the order it arrived.
 */
function play(source: WorkloadSource, serviceSeconds = 1, limit = 1_000_000): RequestSpec[] {
  const out: RequestSpec[] = [];
  // Later-turn arrivals and finishes, kept sorted by (at, seq): a plain array is plenty here.
  const events: { at: number; seq: number; finish: boolean; spec: RequestSpec }[] = [];
  let seq = 0;
  const push = (at: number, finish: boolean, spec: RequestSpec) => {
    const e = { at, seq: seq++, finish, spec };
    let i = events.length;
    while (i > 0 && events[i - 1].at > at) i--;
    events.splice(i, 0, e);
  };
  const admit = (spec: RequestSpec) => {
    out.push(spec);
    if (out.length > limit) throw new Error('source did not stop');
    push(spec.arrivedAt + serviceSeconds, true, spec);
  };
  let next = source.nextArrival();
  while (next !== null || events.length > 0) {
    if (next !== null && (events.length === 0 || next.arrivedAt <= events[0].at)) {
      admit(next);
      next = source.nextArrival();
      continue;
    }
    const e = events.shift()!;
    if (!e.finish) {
      admit(e.spec);
      continue;
    }
    const turn = source.onFinished(e.at, { spec: e.spec, numOutputTokens: e.spec.numOutputTokens, rejected: false });
    if (turn !== null) push(turn.arrivedAt, false, turn);
  }
  return out;
}

/** Turns per session, by session id. */
function turnsPerSession(specs: RequestSpec[]): Map<number, number> {
  const turns = new Map<number, number>();
  for (const s of specs) if (s.session !== undefined) turns.set(s.session, Math.max(turns.get(s.session) ?? 0, s.turn!));
  return turns;
}

describe('createWorkload with workload.classes and sessions', () => {
  const { arrival: _, ...noArrival } = base;
  const fixed = (tokens: number) => ({ kind: 'fixed', tokens });

  it("with workload.sessions and shares, the conversations are those of the same workload without classes (only classIndex is added, kept by later turns)", () => {
    const sessions = { turns: { kind: 'uniform', minTokens: 1, maxTokens: 5 }, thinkSeconds: { kind: 'exponential', meanSeconds: 2 } };
    const plain = parse({ ...base, sessions, stop: { numRequests: 3000 } });
    const split = parse({ ...base, sessions, stop: { numRequests: 3000 }, classes: [{ name: 'a', share: 2 }, { name: 'b', share: 1 }] });
    const a = play(createWorkload(plain, createStreams(4)));
    const source = createWorkload(split, createStreams(4));
    const b = play(source);
    expect(b.map(({ classIndex: _c, ...rest }) => rest)).toEqual(a);
    // A later turn carries the class of its session's first turn.
    const classOf = new Map(b.filter((s) => s.turn === 1).map((s) => [s.session!, s.classIndex]));
    expect(b.every((s) => s.classIndex === classOf.get(s.session!))).toBe(true);
    expect(new Set(b.map((s) => s.classIndex))).toEqual(new Set([0, 1]));
    expect(b.some((s) => s.turn! > 1)).toBe(true);
    const stats = source.sessionStats()!;
    expect(stats.turns).toBe(3000);
    expect(stats.started).toBe(b.filter((s) => s.turn === 1).length);
  });

  it("a class's own sessions: its turn counts, think time and user tokens, drawn from 'sessions/<name>'; a class without sessions starts none", () => {
    const w = parse({
      ...noArrival,
      stop: { durationSeconds: 2000 },
      classes: [
        { name: 'chat', arrival: { kind: 'poisson', ratePerSecond: 1 }, promptTokens: fixed(100), outputTokens: fixed(10), sessions: { turns: { kind: 'uniform', minTokens: 1, maxTokens: 5 }, thinkSeconds: 3, userTokens: fixed(7) } },
        { name: 'agent', arrival: { kind: 'poisson', ratePerSecond: 0.5 }, promptTokens: fixed(50), outputTokens: fixed(20), sessions: { turns: fixed(2), thinkSeconds: 0 } },
        { name: 'batch', arrival: { kind: 'constant', ratePerSecond: 0.25 }, promptTokens: fixed(900), outputTokens: fixed(30) },
      ],
    });
    const source = createWorkload(w, createStreams(6));
    const specs = play(source);
    const byClass = (k: number) => specs.filter((s) => s.classIndex === k);
    // batch: no sessions, exactly 2000 × 0.25 = 500 requests.
    expect(byClass(2)).toHaveLength(500);
    expect(byClass(2).every((s) => s.session === undefined)).toBe(true);
    // Session ids are unique across classes: each id belongs to one class.
    const owner = new Map<number, number>();
    for (const s of specs) if (s.session !== undefined) expect(owner.get(s.session) ?? s.classIndex).toBe(s.classIndex), owner.set(s.session, s.classIndex!);
    // Sessions that started before 1900 s ended on their drawn turn count (none cut by the stop).
    const early = (k: number) => {
      const all = turnsPerSession(byClass(k));
      const starts = new Map(byClass(k).filter((s) => s.turn === 1).map((s) => [s.session!, s.arrivedAt]));
      return [...all].filter(([id]) => starts.get(id)! < 1900).map(([, n]) => n);
    };
    const agent = early(1);
    expect(agent.every((n) => n === 2)).toBe(true);
    // chat: turns uniform on 1..5: each count's share within 4.5 binomial standard deviations of 1/5.
    const chat = early(0);
    expect(chat.length).toBeGreaterThan(1700);
    for (let k = 1; k <= 5; k++) {
      const n = chat.filter((t) => t === k).length;
      expect(Math.abs(n - chat.length / 5)).toBeLessThan(4.5 * Math.sqrt((chat.length * 4) / 25));
    }
    // A later chat turn: previous prompt + output + its own 7 user tokens, 3 s after the previous turn finished (1 s of service).
    const later = byClass(0).filter((s) => s.turn === 2);
    expect(later.every((s) => s.numPromptTokens === 100 + 10 + 7 && s.repeatedTokens === 110 && s.numOutputTokens === 10)).toBe(true);
    const firstAt = new Map(byClass(0).filter((s) => s.turn === 1).map((s) => [s.session!, s.arrivedAt]));
    expect(later.every((s) => Math.abs(s.arrivedAt - (firstAt.get(s.session!)! + 1 + 3)) < 1e-9)).toBe(true);
    // agent's later turn: user tokens default to the class's own promptTokens, outputs to its own outputTokens.
    expect(byClass(1).filter((s) => s.turn === 2).every((s) => s.numPromptTokens === 50 + 20 + 50 && s.numOutputTokens === 20)).toBe(true);
    const stats = source.sessionStats()!;
    expect(stats.turns).toBe(specs.length - 500);
    expect(stats.started).toBe(specs.filter((s) => s.turn === 1).length);
  });

  it("adding a class with its own arrival leaves the other classes' requests and sessions unchanged (common random numbers)", () => {
    const chat = { name: 'chat', arrival: { kind: 'poisson', ratePerSecond: 2 }, sessions: { turns: { kind: 'uniform', minTokens: 1, maxTokens: 6 }, thinkSeconds: { kind: 'exponential', meanSeconds: 4 } } };
    const code = { name: 'code', arrival: { kind: 'poisson', ratePerSecond: 1 }, sessions: { turns: fixed(3), thinkSeconds: 1 } };
    const agent = { name: 'agent', arrival: { kind: 'gamma', ratePerSecond: 3, cv: 2 }, sessions: { turns: fixed(4), thinkSeconds: 0.5 } };
    const two = play(createWorkload(parse({ ...noArrival, stop: { durationSeconds: 300 }, classes: [chat, code] }), createStreams(9)));
    const three = play(createWorkload(parse({ ...noArrival, stop: { durationSeconds: 300 }, classes: [chat, agent, code] }), createStreams(9)));
    // Session ids count starts across classes, so compare each class's sessions by their order of start.
    const of = (specs: RequestSpec[], k: number) => {
      const rank = new Map<number, number>();
      return specs.filter((s) => s.classIndex === k).map(({ classIndex: _c, session, ...rest }) => {
        if (!rank.has(session!)) rank.set(session!, rank.size);
        return { ...rest, session: rank.get(session!) };
      });
    };
    expect(of(three, 0)).toEqual(of(two, 0));
    expect(of(three, 2)).toEqual(of(two, 1));
    expect(of(three, 1).some((s) => s.turn === 4)).toBe(true);
  });

  it("with own arrivals, workload.sessions applies to every class, each on its own stream 'sessions/<name>' and with its own lengths", () => {
    const w = parse({
      ...noArrival,
      promptTokens: fixed(100),
      outputTokens: fixed(10),
      stop: { durationSeconds: 100 },
      sessions: { turns: fixed(3), thinkSeconds: 2 },
      classes: [
        { name: 'chat', arrival: { kind: 'constant', ratePerSecond: 1 } },
        { name: 'code', arrival: { kind: 'constant', ratePerSecond: 1 }, promptTokens: fixed(30), outputTokens: fixed(5) },
      ],
    });
    const specs = play(createWorkload(w, createStreams(1)));
    // Sessions start at 0, 1, …, 99 s in each class; turn k + 1 arrives 1 s (service) + 2 s after turn k: turn 3 of a session started at t arrives at t + 6 < 100 for t = 0, …, 93: 94 sessions reach turn 3.
    for (const [k, user, out] of [[0, 100, 10], [1, 30, 5]]) {
      const mine = specs.filter((s) => s.classIndex === k);
      expect(mine.filter((s) => s.turn === 1)).toHaveLength(100);
      expect(mine.filter((s) => s.turn === 3)).toHaveLength(94);
      expect(mine.filter((s) => s.turn === 3).every((s) => s.numPromptTokens === 3 * user + 2 * out && s.numOutputTokens === out)).toBe(true);
    }
  });

  it('stop.numRequests counts every turn of every class; followUpsPending is false once it is reached', () => {
    const w = parse({ ...base, stop: { numRequests: 500 }, sessions: { turns: fixed(50), thinkSeconds: 1 }, classes: [{ name: 'a', share: 1 }, { name: 'b', share: 1, sessions: { turns: fixed(2), thinkSeconds: 1 } }] });
    const source = createWorkload(w, createStreams(3));
    const specs = play(source);
    expect(specs).toHaveLength(500);
    expect(source.followUpsPending(1e9)).toBe(false);
    expect(source.sessionStats()!.turns).toBe(500);
    expect(source.sessionStats()!.endedByStop).toBeGreaterThan(0);
  });
});
