// The multi-class source (workload.classes): shares split one arrival stream (binomial counts,
// the same arrivals and lengths as without classes), own arrivals merge by time, and a class with
// its own arrival draws only from its own streams (adding a class leaves the others unchanged).
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
