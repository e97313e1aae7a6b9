import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOURNEY_FILES, REPORT_FILES, journeyCsv, journeyMarkdown, journeyRows, writeJourney, writeJson, writeReport, writeText } from '../../sim/report/index.ts';
import { fakeRunResult } from './fake-run.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sakiyomi-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeReport(result, outDir)', () => {
  it('creates outDir and writes exactly the report files, returning their paths in order', async () => {
    const out = join(dir, 'nested', 'fake-chat');
    const written = await writeReport(fakeRunResult(), out);
    expect(written).toEqual([
      join(out, 'summary.json'),
      join(out, 'requests.csv'),
      join(out, 'latency-cdf.vl.json'),
      join(out, 'latency-cdf.svg'),
      join(out, 'timeline.vl.json'),
      join(out, 'timeline.svg'),
    ]);
    expect((await readdir(out)).sort()).toEqual([...REPORT_FILES].sort());
  });

  it('writes summary.json that parses back to the run summary, 2-space indented with a trailing newline', async () => {
    const result = fakeRunResult({ overloaded: true });
    await writeReport(result, dir);
    const text = await readFile(join(dir, 'summary.json'), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "scenario": "fake-chat",\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      scenario: 'fake-chat',
      seed: 42,
      simulatedSeconds: 12,
      events: 1234,
      summary: result.summary,
      replicas: result.replicas,
      notes: result.notes,
    });
  });

  it('streams requests.csv with the header and one line per request', async () => {
    await writeReport(fakeRunResult(), dir);
    const lines = (await readFile(join(dir, 'requests.csv'), 'utf8')).split('\n');
    expect(lines[0]).toMatch(/^id,arrived_at_s,/);
    expect(lines[3]).toBe('2,2,,,,5000,0,0,-1,rejected,1,,,');
    expect(lines).toHaveLength(6);
  });

  it('writes chart specs as JSON and their SVGs, byte-identical across runs', async () => {
    await writeReport(fakeRunResult(), join(dir, 'a'));
    await writeReport(fakeRunResult(), join(dir, 'b'));
    for (const name of REPORT_FILES) {
      expect(await readFile(join(dir, 'b', name), 'utf8'), name).toBe(await readFile(join(dir, 'a', name), 'utf8'));
    }
    const spec = JSON.parse(await readFile(join(dir, 'a', 'latency-cdf.vl.json'), 'utf8'));
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    expect((await readFile(join(dir, 'a', 'timeline.svg'), 'utf8')).startsWith('<svg')).toBe(true);
  });
});

describe('writeJourney(rows, outDir)', () => {
  it('writes journey.md, journey.csv and journey.json ({ rows }) into outDir, returning their paths in order', async () => {
    const rows = journeyRows([{ name: '01-step', description: 'First.', precision: { weights: 'fp8' }, workload: {}, result: fakeRunResult() }]);
    const out = join(dir, 'nested', 'journey');
    expect(await writeJourney(rows, out)).toEqual(JOURNEY_FILES.map((name) => join(out, name)));
    expect(await readFile(join(out, 'journey.md'), 'utf8')).toBe(journeyMarkdown(rows));
    expect(await readFile(join(out, 'journey.csv'), 'utf8')).toBe(journeyCsv(rows));
    expect(await readFile(join(out, 'journey.json'), 'utf8')).toBe(`${JSON.stringify({ rows }, null, 2)}\n`);
  });
});

describe('writeJson(path, value) / writeText(path, text)', () => {
  it('writes indented JSON and plain text, creating the parent directory', async () => {
    await writeJson(join(dir, 'x', 'v.json'), { a: [1] });
    await writeText(join(dir, 'y', 't.txt'), 'hello');
    expect(await readFile(join(dir, 'x', 'v.json'), 'utf8')).toBe('{\n  "a": [\n    1\n  ]\n}\n');
    expect(await readFile(join(dir, 'y', 't.txt'), 'utf8')).toBe('hello');
  });
});
