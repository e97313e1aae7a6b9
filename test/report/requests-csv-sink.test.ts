import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRecord } from '../../sim/metrics/index.ts';
import { REQUESTS_CSV_HEADER, openRequestsCsv, requestsCsvChunks } from '../../sim/report/index.ts';
import { runScenario } from '../../sim/run.ts';
import { requestsCsvOptions } from '../../sim/study/index.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'sakiyomi-csv-sink-'));

describe('openRequestsCsv(path)', () => {
  it('streams a run to the same bytes as requestsCsvChunks of its kept records, rows in the order requests left', () => {
    const path = join(dir(), 'requests.csv');
    const sink = openRequestsCsv(path, { bufferBytes: 4096 }); // several flushes
    const scenario = scenarioFrom(withChanges(baseScenario(), { 'workload.stop': { numRequests: 300 }, 'simulation.maxDrainSeconds': 5, 'workload.arrival': { kind: 'poisson', ratePerSecond: 60 } }));
    const result = runScenario(scenario, { requestSink: sink, keepRequests: true });
    sink.close();
    expect(sink.rows).toBe(300);
    const streamed = readFileSync(path, 'utf8');
    expect(streamed).toBe([...requestsCsvChunks(result.requests, 7)].join(''));
    const lines = streamed.split('\n');
    expect(lines[0]).toBe(REQUESTS_CSV_HEADER);
    expect(lines.length).toBe(302); // header, 300 rows, '' after the last newline
    expect(lines.slice(1, -1).map((l) => Number(l.split(',')[0]))).toEqual(Array.from(result.requests!.recordOrder!));
  });

  it('with declared classes (requestsCsvOptions), streams the `class` column, equal to requestsCsvChunks with the run\'s classNames; without classes, no column', () => {
    const classed = scenarioFrom(
      withChanges(baseScenario(), {
        'workload.stop': { numRequests: 200 },
        'workload.arrival': { kind: 'poisson', ratePerSecond: 40 },
        'workload.classes': [
          { name: 'chat', share: 3 },
          { name: 'batch', share: 1, slo: { ttftSeconds: 5 } },
        ],
      }),
    );
    expect(requestsCsvOptions(classed)).toEqual({ classNames: ['chat', 'batch'] });
    expect(requestsCsvOptions(scenarioFrom(baseScenario()))).toEqual({});
    const path = join(dir(), 'requests.csv');
    const sink = openRequestsCsv(path, { bufferBytes: 4096, ...requestsCsvOptions(classed) });
    const result = runScenario(classed, { requestSink: sink, keepRequests: true });
    sink.close();
    expect(result.classNames).toEqual(['chat', 'batch']);
    const streamed = readFileSync(path, 'utf8');
    expect(streamed).toBe([...requestsCsvChunks(result.requests, 7, result.classNames)].join(''));
    const lines = streamed.split('\n').slice(0, -1);
    expect(lines[0]).toBe(`${REQUESTS_CSV_HEADER},class`);
    const cols = result.requests!;
    const byId = new Map(lines.slice(1).map((l) => [Number(l.split(',')[0]), l.split(',').at(-1)]));
    expect(byId.size).toBe(200);
    for (let id = 0; id < cols.count; id++) expect(byId.get(id)).toBe(['chat', 'batch'][cols.classIndex[id]]);
    // Both classes occur, in the proportion of their shares (3:1 of 200; binomial sd ≈ 6.1, tolerance ±4 sd).
    const batch = [...byId.values()].filter((c) => c === 'batch').length;
    expect(Math.abs(batch - 50)).toBeLessThan(25);
  });

  it('writes the header alone for no rows, and close() is idempotent', () => {
    const path = join(dir(), 'requests.csv');
    const sink = openRequestsCsv(path);
    sink.close();
    sink.close();
    expect(readFileSync(path, 'utf8')).toBe(`${REQUESTS_CSV_HEADER}\n`);
    expect(() => sink.write(newRecord(0, 0, 1, 1, true))).toThrow(/write after close/);
  });

  it('formats a rejected record with empty instants and latencies', () => {
    const path = join(dir(), 'requests.csv');
    const sink = openRequestsCsv(path);
    const r = newRecord(7, 0.5, 5000, 10, true);
    r.status = 2;
    sink.write(r);
    sink.close();
    expect(readFileSync(path, 'utf8').split('\n')[1]).toBe('7,0.5,,,,5000,10,0,-1,rejected,1,,,');
  });

  it('never follows or overwrites an existing file or symlink at the path', () => {
    const d = dir();
    const victim = join(d, 'victim.txt');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, join(d, 'requests.csv'));
    expect(() => openRequestsCsv(join(d, 'requests.csv'))).toThrow(/EEXIST/);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });
});
