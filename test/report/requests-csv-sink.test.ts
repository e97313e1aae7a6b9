import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRecord } from '../../sim/metrics/index.ts';
import { REQUESTS_CSV_HEADER, openRequestsCsv, requestsCsvChunks } from '../../sim/report/index.ts';
import { runScenario } from '../../sim/run.ts';
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
