// `sakiyomi run` with replications, end to end through the CLI's main(): --json contract, report
// files, determinism whatever --jobs is, and the bad-input messages (exit 2, one line, no stack).
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.ts';

const SCENARIO = 'name: tiny\nseed: 5\nmodel: llama-3.1-8b\nhardware: { gpu: h100-sxm }\nworkload:\n  arrival: { kind: poisson, ratePerSecond: 10 }\n  promptTokens: { kind: fixed, tokens: 64 }\n  outputTokens: { kind: fixed, tokens: 16 }\n  stop: { numRequests: 40 }\n';

function scenarioFile(text = SCENARIO): string {
  const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-study-'));
  const file = join(dir, 'tiny.yaml');
  writeFileSync(file, text);
  return file;
}

describe('run --replications', () => {
  it('run --replications 3 --json prints every metric as { mean, ciLow, ciHigh, halfWidth, relativeHalfWidth, n, values } with the seeds, and writes the report', async () => {
    const file = scenarioFile();
    const out = join(mkdtempSync(join(tmpdir(), 'sakiyomi-study-')), 'report');
    const r = await runCli('run', file, '--replications', '3', '--jobs', '2', '--json', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['scenario', 'seed', 'replications', 'seeds', 'seedRule', 'stop', 'simulatedSeconds', 'events', 'summary', 'perReplication', 'notes']);
    expect(json).toMatchObject({ scenario: 'tiny', seed: 5, replications: 3, seeds: [5, 6, 7], stop: { reason: 'replications' } });
    const p95 = json.summary.ttftSeconds.p95;
    expect(Object.keys(p95)).toEqual(['mean', 'ciLow', 'ciHigh', 'halfWidth', 'relativeHalfWidth', 'n', 'values']);
    expect(p95.n).toBe(3);
    expect(p95.mean).toBeCloseTo((p95.values[0] + p95.values[1] + p95.values[2]) / 3, 12);
    expect(json.perReplication.map((p: { seed: number }) => p.seed)).toEqual([5, 6, 7]);
    // Replication 1 is the plain run with --seed 6.
    const plain = JSON.parse((await runCli('run', file, '--seed', '6', '--json', '--no-report')).stdout);
    expect(p95.values[1]).toBe(plain.ttftSeconds.p95);
    expect(json.summary.cost.usdPer1kTokens.values[1]).toBe(plain.cost.usdPer1kTokens);
    // The report: replicated summary.json (+ provenance) beside replication 0's requests.csv and charts.
    expect(readdirSync(out).sort()).toEqual(['latency-cdf.svg', 'latency-cdf.vl.json', 'requests.csv', 'summary.json', 'timeline.svg', 'timeline.vl.json', 'windows.csv']);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(Object.keys(summary).slice(-2)).toEqual(['sakiyomiVersion', 'resolved']);
    expect(summary.summary).toEqual(json.summary);
    expect(readFileSync(join(out, 'requests.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(41);
  });

  it('the same scenario, seed and R give byte-identical summary.json and --json whatever --jobs is', async () => {
    const file = scenarioFile();
    const base = mkdtempSync(join(tmpdir(), 'sakiyomi-study-'));
    const a = await runCli('run', file, '--replications', '4', '--jobs', '1', '--json', '--out', join(base, 'a'));
    const b = await runCli('run', file, '--replications', '4', '--jobs', '3', '--json', '--out', join(base, 'b'));
    expect(b.stdout).toBe(a.stdout);
    for (const name of ['summary.json', 'requests.csv', 'timeline.vl.json']) {
      expect(readFileSync(join(base, 'b', name), 'utf8'), name).toBe(readFileSync(join(base, 'a', name), 'utf8'));
    }
  });

  it('the console table shows value ± half-width, the relative half-width, why it stopped, and the peak memory', async () => {
    const r = await runCli('run', scenarioFile(), '--replications', '2', '--jobs', '1', '--no-report');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^scenario tiny \| 2 replications \| seeds 5…6 \(replication i: seed 5 \+ i\)/);
    expect(r.stdout).toContain('stopped: 2 replications as asked');
    expect(r.stdout).toMatch(/\| TTFT p95 +\| +[0-9.]+ ms ± [0-9.]+ ms \| ±[0-9.]+% +\| \[/);
    expect(r.stdout).toMatch(/note: peak memory \d+ MiB resident/);
  });

  it('simulation.replications in the file replicates; --replications overrides it; --precision reports its stop', async () => {
    const file = scenarioFile(`${SCENARIO}simulation: { replications: 2 }\n`);
    expect(JSON.parse((await runCli('run', file, '--json', '--no-report', '--jobs', '1')).stdout).seeds).toEqual([5, 6]);
    expect(JSON.parse((await runCli('run', file, '--json', '--no-report', '--jobs', '1', '--replications', '3')).stdout).seeds).toEqual([5, 6, 7]);
    const p = JSON.parse((await runCli('run', file, '--json', '--no-report', '--jobs', '1', '--precision', '0.000001', '--max-replications', '3')).stdout);
    expect(p.stop).toMatchObject({ reason: 'max-replications', precision: 0.000001, maxReplications: 3 });
    expect(p.seeds).toEqual([5, 6, 7]);
  });

  it('--replications 1 (the default) is the plain run, unchanged', async () => {
    const file = scenarioFile();
    const plain = await runCli('run', file, '--json', '--no-report');
    expect((await runCli('run', file, '--json', '--no-report', '--replications', '1')).stdout).toBe(plain.stdout);
    expect(Object.keys(JSON.parse(plain.stdout))[0]).toBe('requests');
  });
});

describe('bad seeds and replication options', () => {
  it.each([
    ['--seed', '1e300'],
    ['--seed', '100000000000000000001'],
    ['--seed', '9007199254740992'],
    ['--seed', '-1'],
    ['--seed', '1.5'],
  ])('%s %s exits 2 stating the range', async (flag, value) => {
    const r = await runCli('run', scenarioFile(), flag, value, '--no-report');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: option '--seed <n>' argument '${value}' is invalid. expected an integer from 0 to 9007199254740991 (2^53 − 1)`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('the largest seed, 9007199254740991, runs', async () => {
    const r = await runCli('run', scenarioFile(), '--seed', '9007199254740991', '--json', '--no-report');
    expect(r.code).toBe(0);
  });

  it('a scenario seed beyond 2^53 − 1 is a scenario error with the range', async () => {
    const r = await runCli('run', scenarioFile(SCENARIO.replace('seed: 5', 'seed: 100000000000000000001')), '--no-report');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('seed: got 100000000000000000000; expected an integer from 0 to 9007199254740991 (2^53 − 1)');
  });

  it.each([
    [['--replications', '0'], "option '--replications <n>' argument '0' is invalid. expected an integer from 1 to 1000"],
    [['--jobs', '0'], "option '--jobs <n>' argument '0' is invalid. expected an integer from 1 to 256"],
    [['--precision', '5'], "option '--precision <p>' argument '5' is invalid. expected a relative half-width between 0 and 1"],
    [['--max-replications', '9'], 'error: --max-replications caps the replications that --precision adds; give --precision too'],
    [['--precision', '0.1', '--replications', '1'], 'error: --precision needs at least 2 replications to start'],
    [['--precision', '0.1', '--replications', '8', '--max-replications', '4'], 'error: --max-replications 4 is below the 8 replications to start with'],
  ])('%j exits 2: %s', async (args, message) => {
    const r = await runCli('run', scenarioFile(), ...args, '--no-report');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
