import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JOURNEY_FILES,
  OutputPathError,
  REPORT_FILES,
  journeyCsv,
  journeyMarkdown,
  journeyRows,
  prepareReport,
  reportFolder,
  summaryFile,
  writeJourney,
  writeJson,
  writeReport,
  writeText,
} from '../../sim/report/index.ts';
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
      join(out, 'windows.csv'),
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

describe('reportFolder(parent, name)', () => {
  it('joins a plain name onto its parent', () => {
    expect(reportFolder('reports', 'default')).toBe(join('reports', 'default'));
    expect(reportFolder('/tmp/out', 'a.b_c-1')).toBe('/tmp/out/a.b_c-1');
  });

  it.each(['../x', '..', '.', '', '/abs', 'a/../../b', 'a/b', 'a\\b', 'x\0y'])('refuses %j with an OutputPathError naming it', (name) => {
    expect(() => reportFolder('/tmp/out', name)).toThrow(OutputPathError);
    expect(() => reportFolder('/tmp/out', name)).toThrow(/^unsafe report folder name '/);
  });
});

describe('writeReport into an existing folder: never through a link, never a mix', () => {
  it('replaces a report folder whose summary.json is a planted symlink, leaving the link target untouched', async () => {
    const out = join(dir, 'r');
    await mkdir(out);
    await writeFile(join(dir, 'victim.txt'), 'victim\n');
    await symlink('../victim.txt', join(out, 'summary.json'));
    await writeReport(fakeRunResult(), out);
    expect(await readFile(join(dir, 'victim.txt'), 'utf8')).toBe('victim\n');
    expect((await lstat(join(out, 'summary.json'))).isFile()).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['r', 'victim.txt']);
  });

  it('refuses a target that is a symlink, a file, or a folder of other files, touching nothing', async () => {
    await mkdir(join(dir, 'real'));
    await symlink('real', join(dir, 'link'));
    await writeFile(join(dir, 'file'), 'x');
    await mkdir(join(dir, 'home'));
    await writeFile(join(dir, 'home', 'notes.txt'), 'mine');
    await expect(writeReport(fakeRunResult(), join(dir, 'link'))).rejects.toThrow(/^the report folder .*link is a symbolic link/);
    await expect(writeReport(fakeRunResult(), join(dir, 'file'))).rejects.toThrow(/^the report folder .*file is an existing file/);
    await expect(writeReport(fakeRunResult(), join(dir, 'home'))).rejects.toThrow(/holds files that are not part of a report \('notes.txt'\)/);
    await expect(writeReport(fakeRunResult(), join(dir, 'file', 'sub'))).rejects.toThrow(OutputPathError);
    expect((await readdir(dir)).sort()).toEqual(['file', 'home', 'link', 'real']);
    expect(await readdir(join(dir, 'real'))).toEqual([]);
    expect(await readFile(join(dir, 'home', 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('a next prepare restores a backup left between the two renames and removes stale drafts', async () => {
    const backup = join(dir, '.r.sakiyomi-old-0123456789ab');
    await mkdir(backup);
    await writeFile(join(backup, 'summary.json'), 'old\n');
    await mkdir(join(dir, '.r.sakiyomi-tmp-deadbeef0000'));
    const draft = await prepareReport(join(dir, 'r'));
    expect(await readFile(join(dir, 'r', 'summary.json'), 'utf8')).toBe('old\n');
    expect((await readdir(dir)).filter((n) => n !== 'r')).toHaveLength(1); // only the new draft
    await draft.abort();
    expect(await readdir(dir)).toEqual(['r']);
  });

  it('commit keeps a requests.csv the run streamed into the draft instead of writing its own', async () => {
    const draft = await prepareReport(join(dir, 'r'));
    expect(dirname(draft.requestsCsvPath)).not.toBe(join(dir, 'r'));
    await writeFile(draft.requestsCsvPath, 'streamed\n');
    await draft.commit(fakeRunResult());
    expect(await readFile(join(dir, 'r', 'requests.csv'), 'utf8')).toBe('streamed\n');
    expect((await readdir(join(dir, 'r'))).sort()).toEqual([...REPORT_FILES].sort());
    expect(await readdir(dir)).toEqual(['r']);
  });

  it('abort removes the draft and leaves the previous report as it was', async () => {
    await writeReport(fakeRunResult(), join(dir, 'r'));
    const before = await readFile(join(dir, 'r', 'summary.json'), 'utf8');
    const draft = await prepareReport(join(dir, 'r'));
    await writeFile(draft.requestsCsvPath, 'partial');
    await draft.abort();
    expect(await readdir(dir)).toEqual(['r']);
    expect(await readFile(join(dir, 'r', 'summary.json'), 'utf8')).toBe(before);
  });
});

describe('summaryFile(result, provenance)', () => {
  it('appends sakiyomiVersion and resolved after the run keys, in that order', () => {
    const file = summaryFile(fakeRunResult(), { sakiyomiVersion: '9.9.9', resolved: { model: 'm' } });
    expect(Object.keys(file)).toEqual(['scenario', 'seed', 'simulatedSeconds', 'events', 'summary', 'replicas', 'notes', 'sakiyomiVersion', 'resolved']);
    expect(file.resolved).toEqual({ model: 'm' });
    expect(Object.keys(summaryFile(fakeRunResult()))).not.toContain('resolved');
  });
});

describe('writeText(path, text): atomic, never through a link', () => {
  it('replaces a symlink at the target instead of writing through it', async () => {
    await writeFile(join(dir, 'victim.txt'), 'victim\n');
    await symlink('victim.txt', join(dir, 'schema.json'));
    await writeText(join(dir, 'schema.json'), 'new\n');
    expect(await readFile(join(dir, 'victim.txt'), 'utf8')).toBe('victim\n');
    expect((await lstat(join(dir, 'schema.json'))).isFile()).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['schema.json', 'victim.txt']);
  });

  it('refuses an empty path, a folder, or a path under a file with an OutputPathError', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(writeText('', 'x')).rejects.toThrow(/^the output file path is empty/);
    await expect(writeText(dir, 'x')).rejects.toThrow(/is a folder; expected a file path/);
    await expect(writeText(join(dir, 'file', 'x.json'), 'x')).rejects.toThrow(/^cannot create the output file .*a part of the path is a file/);
    expect(await readdir(dir)).toEqual(['file']);
  });
});
