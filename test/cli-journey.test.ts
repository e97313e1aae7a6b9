// `sakiyomi journey` end to end, in-process, on tiny scenarios (constant-time steps, a few
// requests) so it takes milliseconds; the real scenarios/journey/ steps are checked by
// test/scenario/journey.test.ts without running them.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOURNEY_CSV_HEADER } from '../sim/report/index.ts';
import { runCli } from './fixtures/cli.ts';

/** A scenario whose steps take exactly 10 ms: 20 requests of 16 prompt and 4 output tokens. */
function tinyScenario(name: string, extra = ''): string {
  return (
    `name: ${name}\ndescription: Step ${name}, what changed and why.\nseed: 2\nmodel: llama-3.1-8b\nhardware: { gpu: h100-sxm }\n` +
    `costModel: { kind: constant, stepSeconds: 0.01 }\n${extra}` +
    'workload:\n  arrival: { kind: poisson, ratePerSecond: 5 }\n  promptTokens: { kind: fixed, tokens: 16 }\n' +
    '  outputTokens: { kind: fixed, tokens: 4 }\n  stop: { numRequests: 20 }\n'
  );
}

function tinyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-journey-'));
  writeFileSync(join(dir, '01-first.yaml'), tinyScenario('01-first'));
  writeFileSync(join(dir, '02-second.yaml'), tinyScenario('02-second', 'precision: { weights: fp8 }\n'));
  return dir;
}

describe('sakiyomi journey', () => {
  it('prints one row per step and writes journey.md, journey.csv and journey.json', async () => {
    const dir = tinyDir();
    const out = join(dir, 'out');
    const r = await runCli('journey', join(dir, '01-first.yaml'), join(dir, '02-second.yaml'), '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/\| step +\| GPUs +\| precision +\| traffic +\| p95 TTFT +\|/);
    expect(r.stdout).toMatch(/\| 01-first +\| h100-sxm × 1 +\| bf16 +\| A +\|/);
    expect(r.stdout).toMatch(/\| 02-second +\| h100-sxm × 1 +\| fp8 +\| A +\|/);
    expect(r.stdout).toContain(`wrote ${join(out, 'journey.md')}, ${join(out, 'journey.csv')}, ${join(out, 'journey.json')}`);
    expect(readdirSync(out).sort()).toEqual(['journey.csv', 'journey.json', 'journey.md']);

    const json = JSON.parse(readFileSync(join(out, 'journey.json'), 'utf8'));
    expect(json.rows.map((row: { step: string }) => row.step)).toEqual(['01-first', '02-second']);
    expect(json.rows[0]).toMatchObject({ traffic: 'A', seed: 2, gpu: 'h100-sxm', gpuCount: 1, precision: 'bf16', overloaded: false, requestsFinished: 20 });
    expect(json.rows[0].prefixCacheHitRate).toBeNull();
    expect(json.rows[0].p95TtftSeconds).toBeGreaterThan(0);

    const csv = readFileSync(join(out, 'journey.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe(JOURNEY_CSV_HEADER);
    expect(csv.slice(1, 3).map((line) => line.split(',')[0])).toEqual(['01-first', '02-second']);
    expect(csv).toHaveLength(4);

    const md = readFileSync(join(out, 'journey.md'), 'utf8');
    expect(md).toContain('| 01-first | h100-sxm × 1 | bf16 | A |');
    expect(md).toContain('## 02-second\n\nStep 02-second, what changed and why.\n');
  });

  it('--json prints the rows on stdout instead of the table', async () => {
    const dir = tinyDir();
    const r = await runCli('journey', join(dir, '02-second.yaml'), '--out', join(dir, 'out'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows.map((row: { step: string }) => row.step)).toEqual(['02-second']);
    expect(existsSync(join(dir, 'out', 'journey.json'))).toBe(true);
  });

  it('without arguments runs scenarios/journey/ in name order into reports/journey/', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sakiyomi-journey-root-'));
    mkdirSync(join(root, 'scenarios', 'journey'), { recursive: true });
    writeFileSync(join(root, 'scenarios', 'journey', 'b.yaml'), tinyScenario('second'));
    writeFileSync(join(root, 'scenarios', 'journey', 'a.yaml'), tinyScenario('first'));
    writeFileSync(join(root, 'scenarios', 'journey', 'README.md'), 'not a scenario\n');
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const r = await runCli('journey', '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).rows.map((row: { step: string }) => row.step)).toEqual(['first', 'second']);
      expect(readdirSync(join(root, 'reports', 'journey')).sort()).toEqual(['journey.csv', 'journey.json', 'journey.md']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('bad input exits 2 with a clear message and writes nothing', async () => {
    const dir = tinyDir();
    const bad = join(dir, '03-bad.yaml');
    writeFileSync(bad, tinyScenario('03-bad').replace('h100-sxm', 'h300'));
    const out = join(dir, 'out');
    const r = await runCli('journey', join(dir, '01-first.yaml'), bad, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toMatch(/hardware\.gpu: unknown GPU 'h300'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);

    const missing = await runCli('journey', join(dir, 'missing.yaml'), '--out', out);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.yaml: 1 problem\n {2}cannot read the scenario: no such file/);

    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const noDir = await runCli('journey');
      expect(noDir.code).toBe(2);
      expect(noDir.stderr).toMatch(/^error: cannot read scenarios\/journey: .*name the scenario files/);
      mkdirSync(join(dir, 'scenarios', 'journey'), { recursive: true });
      const empty = await runCli('journey');
      expect(empty.code).toBe(2);
      expect(empty.stderr).toBe('error: no scenario files (.yaml, .yml, .json) in scenarios/journey\n');
    } finally {
      process.chdir(cwd);
    }
  });
});
