import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStreams } from '../../sim/random/index.ts';
import { ScenarioError, TraceSchema, WorkloadSchema, type WorkloadConfig } from '../../sim/scenario/index.ts';
import { createTraceSource, createWorkload, loadLengthPairs } from '../../sim/workload/index.ts';
import type { RequestSpec } from '../../sim/workload/index.ts';

const FIXTURES = resolve(__dirname, '../fixtures/traces');
const TINY = join(FIXTURES, 'tiny-azure.csv');

function workload(raw: Record<string, unknown>): WorkloadConfig {
  return WorkloadSchema.parse(raw);
}

function drain(config: WorkloadConfig, traceFile: string, classIndexOf?: (e: string) => number | undefined): RequestSpec[] {
  // createWorkload passes the classes' own classIndexOf; a test's lookup goes to the trace source directly.
  const source = classIndexOf === undefined ? createWorkload(config, createStreams(1), { traceFile }) : createTraceSource(config, traceFile, { classIndexOf });
  const out: RequestSpec[] = [];
  for (let s = source.nextArrival(); s !== null; s = source.nextArrival()) out.push(s);
  return out;
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-trace-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('createWorkload with workload.trace (replay)', () => {
  it('replays every row: offsets from the first row, exact to the 100 ns of 7 fractional digits, with the rows\' lengths', () => {
    const specs = drain(workload({ trace: { file: 'tiny-azure.csv' } }), TINY);
    expect(specs.map((s) => s.arrivedAt)).toEqual([0, 0.0520001, 0.0520001, 2.52004, 5.1434967]);
    expect(specs.map((s) => [s.numPromptTokens, s.numOutputTokens])).toEqual([[4808, 10], [3180, 8], [100, 1], [2000, 50], [10, 3]]);
  });

  it('timeScale 2 halves every arrival, hence every gap, exactly', () => {
    const one = drain(workload({ trace: { file: 'x.csv' } }), TINY).map((s) => s.arrivedAt);
    const two = drain(workload({ trace: { file: 'x.csv', timeScale: 2 } }), TINY).map((s) => s.arrivedAt);
    expect(two).toEqual(one.map((t) => t / 2));
    for (let i = 1; i < one.length; i++) expect(two[i] - two[i - 1]).toBe((one[i] - one[i - 1]) / 2);
  });

  it('a window keeps rows in [startSeconds, endSeconds) of trace time and puts the first kept row at 0', () => {
    const specs = drain(workload({ trace: { file: 'x.csv', startSeconds: 0.05, endSeconds: 5 } }), TINY);
    // Rows at 0.0520001, 0.0520001, 2.52004 are kept; 0 is before, 5.1434967 after.
    expect(specs.map((s) => s.numPromptTokens)).toEqual([3180, 100, 2000]);
    expect(specs.map((s) => s.arrivedAt)).toEqual([0, 0, 2.4680399]);
  });

  it('loop repeats the window shifted by endSeconds − startSeconds until the stop condition', () => {
    const specs = drain(workload({ trace: { file: 'x.csv', startSeconds: 0.05, endSeconds: 5, loop: true }, stop: { numRequests: 7 } }), TINY);
    expect(specs.map((s) => s.numPromptTokens)).toEqual([3180, 100, 2000, 3180, 100, 2000, 3180]);
    expect(specs.map((s) => s.arrivedAt)).toEqual([0, 0, 2.4680399, 4.95, 4.95, 2.4680399 + 4.95, 9.9]);
  });

  it('loop without a window shifts by the span plus one mean gap: span·n/(n − 1)', () => {
    const specs = drain(workload({ trace: { file: 'x.csv', loop: true }, stop: { durationSeconds: 6.45 } }), TINY);
    const period = (5.1434967 * 5) / 4;
    expect(specs.map((s) => s.arrivedAt)).toEqual([0, 0.0520001, 0.0520001, 2.52004, 5.1434967, period]);
  });

  it('stop.numRequests and stop.durationSeconds cut the replay', () => {
    expect(drain(workload({ trace: { file: 'x.csv' }, stop: { numRequests: 2 } }), TINY)).toHaveLength(2);
    expect(drain(workload({ trace: { file: 'x.csv' }, stop: { durationSeconds: 2.52004 } }), TINY)).toHaveLength(3);
  });

  it('a malformed row stops the replay with the file and its line number', () => {
    const file = join(FIXTURES, 'malformed.csv');
    const run = () => drain(workload({ trace: { file: 'x.csv' } }), file);
    expect(run).toThrow(ScenarioError);
    expect(run).toThrow(/malformed\.csv: 1 problem\n {2}line 3: ContextTokens: expected a whole number of tokens >= 1, got "abc"/);
  });

  it("onMalformed 'skip' skips and counts bad fields, short rows and rows out of time order, and says so in notes()", () => {
    const file = join(FIXTURES, 'malformed.csv');
    const source = createWorkload(workload({ trace: { file: 'x.csv', onMalformed: 'skip' } }), createStreams(1), { traceFile: file });
    const specs: RequestSpec[] = [];
    for (let s = source.nextArrival(); s !== null; s = source.nextArrival()) specs.push(s);
    expect(specs.map((s) => [s.arrivedAt, s.numPromptTokens])).toEqual([[0, 100], [2, 300], [4, 600]]);
    expect(source.notes?.()).toEqual(['trace malformed.csv: 3 malformed rows skipped (workload.trace.onMalformed: skip)']);
  });

  it('rows out of time order are malformed, naming the line', () => {
    const file = tempFile('order.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-01-01 00:00:01,1,1\n2023-01-01 00:00:00.5,1,1\n');
    expect(() => drain(workload({ trace: { file: 'x.csv' } }), file)).toThrow(/line 3: earlier than the row before it/);
  });

  it('reads JSON numbers in exponent form (an offset of 1.5e-7 s)', () => {
    const file = tempFile('e.jsonl', '{"t": 0, "p": 10, "o": 2}\n{"t": 1.5e-7, "p": 10, "o": 2}\n{"t": 2e-3, "p": 10, "o": 2}\n');
    const specs = drain(workload({ trace: { file: 'e.jsonl', mapping: { offsetSeconds: 't', promptTokens: 'p', outputTokens: 'o' } } }), file);
    expect(specs.map((s) => s.arrivedAt)).toEqual([0, 1.5e-7, 0.002]);
  });

  it('reads Mooncake JSONL (timestamp in ms, input_length, output_length) with no mapping, skipping blank lines', () => {
    const specs = drain(workload({ trace: { file: 'mooncake.jsonl' } }), join(FIXTURES, 'mooncake.jsonl'));
    expect(specs.map((s) => [s.arrivedAt, s.numPromptTokens, s.numOutputTokens])).toEqual([[0, 655, 52], [10.535, 672, 26], [27.4825, 655, 52]]);
  });

  it('maps columns: offsets in a unit, endpoint → class index, prefix group hash → stable integer, session and turn', () => {
    const file = tempFile('m.csv', 't,in,out,api,sys,sysLen,conv,n\n0,10,1,chat,abc,4,c1,1\n1500,20,2,code,abc,4,c1,2\n2500,30,3,chat,17,8,c2,1\n');
    const config = workload({
      trace: { file: 'm.csv', timeUnit: 'ms', mapping: { offsetSeconds: 't', promptTokens: 'in', outputTokens: 'out', endpoint: 'api', prefixGroup: 'sys', prefixTokens: 'sysLen', session: 'conv', turn: 'n' } },
    });
    const specs = drain(config, file, (e) => ({ chat: 0, code: 1 })[e]);
    expect(specs.map((s) => [s.arrivedAt, s.classIndex, s.prefixTokens, s.turn])).toEqual([[0, 0, 4, 1], [1.5, 1, 4, 2], [2.5, 0, 8, 1]]);
    expect(specs[0].prefixGroup).toBe(specs[1].prefixGroup);
    expect(specs[2].prefixGroup).toBe(17);
    expect(specs[0].session).toBe(specs[1].session);
    expect(specs[0].session).not.toBe(specs[2].session);
    expect(() => drain(config, file, (e) => (e === 'chat' ? 0 : undefined))).toThrow(/line 3: endpoint "code" is not a class in workload\.classes/);
  });

  it('a header without known columns names what to map', () => {
    const file = tempFile('h.csv', 'a,b,c\n1,2,3\n');
    expect(() => drain(workload({ trace: { file: 'h.csv' } }), file)).toThrow(/line 1: header: no known column layout .*give mapping\.timestamp \(or mapping\.offsetSeconds\), mapping\.promptTokens, mapping\.outputTokens/);
  });

  it('streams a file bigger than one read chunk, across chunk boundaries, without losing a row', () => {
    const lines = ['TIMESTAMP,ContextTokens,GeneratedTokens'];
    for (let i = 0; i < 60_000; i++) lines.push(`2024-02-29T00:00:00.${String(i).padStart(6, '0')}Z,${(i % 97) + 1},${(i % 13) + 1}`);
    const file = tempFile('big.csv', lines.join('\n'));
    const specs = drain(workload({ trace: { file: 'big.csv' } }), file);
    expect(specs).toHaveLength(60_000);
    expect(specs[59_999].arrivedAt).toBe(0.059999);
    expect(specs.reduce((a, s) => a + s.numPromptTokens, 0)).toBe(lines.slice(1).reduce((a, l) => a + Number(l.split(',')[1]), 0));
  });
});

describe("createWorkload with workload.trace use 'lengths'", () => {
  it('draws (prompt, output) pairs of the trace, jointly, under workload.arrival', () => {
    const config = workload({ trace: { file: 'x.csv', use: 'lengths' }, arrival: { kind: 'constant', ratePerSecond: 2 }, stop: { numRequests: 200 } });
    const specs = drain(config, TINY);
    expect(specs).toHaveLength(200);
    expect(specs[3].arrivedAt).toBe(1.5);
    const pairs = new Set(['4808,10', '3180,8', '100,1', '2000,50', '10,3']);
    for (const s of specs) expect(pairs.has(`${s.numPromptTokens},${s.numOutputTokens}`)).toBe(true);
    // 200 uniform draws over 5 pairs: each appears (P(a pair never drawn) = 5·0.8^200 ≈ 2e−19).
    expect(new Set(specs.map((s) => s.numPromptTokens)).size).toBe(5);
  });
});

describe("workload.trace rescale (use 'lengths')", () => {
  it('moves each named column to its mean and keeps the pairs: x · target / mean, rounded, at least 1', () => {
    // TINY's pairs: prompts 4808, 3180, 100, 2000, 10 (mean 2019.6), outputs 10, 8, 1, 50, 3 (mean 14.4).
    // Prompts to mean 500: × 0.247574…: 1190.3, 787.3, 24.8, 495.2, 2.5 → 1190, 787, 25, 495, 2.
    // Outputs to mean 7.2: × 0.5: 5, 4, 0.5, 25, 1.5 → 5, 4, 1 (round half up, and the floor 1), 25, 2.
    const config = workload({ trace: { file: 'x.csv', use: 'lengths', rescale: { promptMeanTokens: 500, outputMeanTokens: 7.2 } }, arrival: { kind: 'max' }, stop: { numRequests: 200 } });
    const pairs = new Set(drain(config, TINY).map((s) => `${s.numPromptTokens},${s.numOutputTokens}`));
    expect(pairs).toEqual(new Set(['1190,5', '787,4', '25,1', '495,25', '2,2']));
    const outputsOnly = workload({ trace: { file: 'x.csv', use: 'lengths', rescale: { outputMeanTokens: 28.8 } }, arrival: { kind: 'max' }, stop: { numRequests: 200 } });
    expect(new Set(drain(outputsOnly, TINY).map((s) => `${s.numPromptTokens},${s.numOutputTokens}`))).toEqual(new Set(['4808,20', '3180,16', '100,2', '2000,100', '10,6']));
    // To mean 1: × 1/14.4 gives 0.69, 0.56, 0.07, 3.47, 0.21 → 1, 1, 0 → 1 (the floor), 3, 0 → 1.
    const floor = workload({ trace: { file: 'x.csv', use: 'lengths', rescale: { outputMeanTokens: 1 } }, arrival: { kind: 'max' }, stop: { numRequests: 200 } });
    expect(new Set(drain(floor, TINY).map((s) => `${s.numPromptTokens},${s.numOutputTokens}`))).toEqual(new Set(['4808,1', '3180,1', '100,1', '2000,3', '10,1']));
  });

  it('refuses a mean that scales a row past 10M tokens, naming the field, rather than wrap it', () => {
    // TINY's longest prompt is 4808, 2.38 × its mean 2019.6: to mean 5M it would be 11.9M tokens.
    const huge = workload({ trace: { file: 'x.csv', use: 'lengths', rescale: { promptMeanTokens: 5_000_000 } }, arrival: { kind: 'max' }, stop: { numRequests: 1 } });
    expect(() => drain(huge, TINY)).toThrow(ScenarioError);
    expect(() => drain(huge, TINY)).toThrow(/workload\.trace\.rescale\.promptMeanTokens: 5000000 scales every length × 2476 \(5000000 ÷ the trace's mean 2020\): its longest row, 4808 tokens, would become 11903347, above 10000000/);
  });

  it('gives the new mean up to rounding on a real trace (Azure conversation, 19,366 rows, to the means 202 and 214)', () => {
    const file = resolve(__dirname, '../../data/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv');
    const pairs = loadLengthPairs(file, TraceSchema.parse({ file: 'x.csv', use: 'lengths', rescale: { promptMeanTokens: 202, outputMeanTokens: 214 } }));
    const mean = (a: Int32Array) => a.subarray(0, pairs.count).reduce((x, y) => x + y, 0) / pairs.count;
    expect(pairs.count).toBe(19_366);
    expect(Math.abs(mean(pairs.prompt) - 202)).toBeLessThan(0.5);
    expect(Math.abs(mean(pairs.output) - 214)).toBeLessThan(0.5);
  });

  it('is refused with a replay and when it names no column', () => {
    const problems = (raw: unknown) => {
      const r = WorkloadSchema.safeParse(raw);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(problems({ trace: { file: 'a.csv', rescale: { promptMeanTokens: 100 } } })).toEqual(["trace.rescale: only with use 'lengths' (a replay keeps the trace's own lengths)"]);
    expect(problems({ trace: { file: 'a.csv', use: 'lengths', rescale: {} }, arrival: { kind: 'max' }, stop: { numRequests: 1 } })).toEqual(['trace.rescale: give promptMeanTokens, outputMeanTokens or both']);
    expect(problems({ trace: { file: 'a.csv', use: 'lengths', rescale: { promptMeanTokens: 0.5 } }, arrival: { kind: 'max' }, stop: { numRequests: 1 } })).toEqual(['trace.rescale.promptMeanTokens: Too small: expected number to be >=1']);
  });
});

describe('WorkloadSchema with workload.trace', () => {
  it("use 'replay' forbids arrival and lengths; 'lengths' needs arrival and stop; loop needs stop; no trace needs all four", () => {
    const problems = (raw: unknown) => {
      const r = WorkloadSchema.safeParse(raw);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(problems({ trace: { file: 'a.csv' }, arrival: { kind: 'poisson', ratePerSecond: 1 } })).toEqual([
      "arrival: must be absent with workload.trace use 'replay': the trace supplies arrivals and lengths",
    ]);
    expect(problems({ trace: { file: 'a.csv', use: 'lengths' } })).toEqual([
      "arrival: required with workload.trace use 'lengths' (the trace supplies only lengths)",
      "stop: required with workload.trace use 'lengths'",
    ]);
    expect(problems({ trace: { file: 'a.csv', loop: true } })).toEqual(['stop: a looping trace needs stop.numRequests or stop.durationSeconds']);
    expect(problems({ trace: { file: 'a.csv' } })).toEqual([]);
  });
});

describe('messages about a trace', () => {
  it('quote a field only when it is short and plain, so another file named as a trace is not printed', () => {
    const file = tempFile('passwd.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\n2024-01-01 00:00:00,root:x:0:0:root:/root:/bin/bash,1\n');
    expect(() => drain(workload({ trace: { file: 'x.csv' } }), file)).toThrow(/line 2: ContextTokens: expected a whole number of tokens >= 1, got a value of 31 characters/);
    const header = tempFile('h.csv', 'root:x:0:0:root:/root:/bin/bash\n');
    expect(() => drain(workload({ trace: { file: 'x.csv', mapping: { timestamp: 'a', promptTokens: 'b', outputTokens: 'c' } } }), header)).toThrow(/not in the file \(it has 1 column: a value of 31 characters\)/);
  });
});
