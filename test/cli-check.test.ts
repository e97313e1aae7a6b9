// `run --check`: the exit code says whether the SLO targets were met (0), missed or the run
// overloaded (3), with one line per scenario on stderr; the summary carries slo.verdicts (a
// single run's bounds null in JSON), and the console prints the SLO table.
// The scenario: constant-time steps of 10 ms, one request at a time, a request per second with
// 16 prompt and 10 output tokens: TTFT = one step = 10 ms, TPOT = 10 ms, E2E = 100 ms exactly (the
// percentiles within the histograms' 0.05 %), every request meets the per-request SLO.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli.ts';

const BASE = [
  'name: NAME',
  'model: llama-3.1-8b',
  'hardware: { gpu: h100-sxm }',
  'costModel: { kind: constant, stepSeconds: 0.01 }',
  'engine: { maxNumSeqs: 1, maxNumBatchedTokens: 1024 }',
  'workload:',
  '  arrival: { kind: constant, ratePerSecond: RATE }',
  '  promptTokens: { kind: fixed, tokens: 16 }',
  '  outputTokens: { kind: fixed, tokens: 10 }',
  '  stop: { numRequests: 40 }',
].join('\n');

function scenario(slo: string, options: { rate?: number; name?: string; extra?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-check-'));
  const file = join(dir, 'tiny.yaml');
  writeFileSync(file, `${BASE.replace('RATE', String(options.rate ?? 1)).replace('NAME', options.name ?? 'tiny')}\n${slo}\n${options.extra ?? ''}`);
  return file;
}

describe('sakiyomi run --check', () => {
  it('a latency target with nothing measured behind it (warm-up covering every request) is missed, not met by a 0', async () => {
    const file = scenario('slo: { ttft: { p95: 0.02 }, e2e: { p99: 0.2 } }', { extra: 'metrics: { warmupRequests: 40 }' });
    const r = await runCli('run', file, '--no-report', '--check', '--json');
    expect(r.code).toBe(3);
    const verdicts = JSON.parse(r.stdout).slo.verdicts;
    expect(verdicts.map((v: { verdict: string; value: number | null }) => [v.verdict, v.value])).toEqual([['missed', null], ['missed', null]]);
  });

  it('exits 0 when every target is met, saying so on stderr, and prints the SLO table', async () => {
    const file = scenario('slo: { ttft: { p95: 0.02 }, tpot: { p99: 0.011 }, e2e: { mean: 0.2 }, goodput: { fraction: 1 } }');
    const r = await runCli('run', file, '--no-report', '--check');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('check: tiny: all 4 SLO targets met; not overloaded\n');
    expect(r.stdout).toContain('SLO targets (1 run: no interval):');
    expect(r.stdout).toMatch(/\| TTFT +\| p95 +\| +<= 20\.0 ms \| +10\.0 ms \| met +\|/);
    expect(r.stdout).toMatch(/\| goodput +\| fraction +\| +>= 100\.0% \| +100\.0% \| met +\|/);
  });

  it('exits 3 when a target is missed, naming it with its value and target', async () => {
    const file = scenario('slo: { ttft: { p95: 0.005 }, e2e: { p99: 1 } }');
    const r = await runCli('run', file, '--no-report', '--check');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('check: tiny: missed TTFT p95 10.0 ms > 5.00 ms\n');
  });

  it('exits 3 when the goodput fraction is below its bound (per-request threshold from the ttft target)', async () => {
    // ttft p99 0.005 makes the per-request TTFT threshold 5 ms: no request meets it, goodput 0%.
    const file = scenario('slo: { ttft: { p99: 0.005 }, goodput: { fraction: 0.5 } }');
    const r = await runCli('run', file, '--no-report', '--check', '--json');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('check: tiny: missed TTFT p99 10.0 ms > 5.00 ms, goodput fraction 0.0% < 50.0%\n');
    const summary = JSON.parse(r.stdout);
    expect(summary.goodput.fractionMeetingSlo).toBe(0);
    expect(summary.slo.verdicts).toEqual([
      { metric: 'ttft', percentile: 'p99', target: 0.005, value: expect.closeTo(0.01, 5), ciLow: null, ciHigh: null, verdict: 'missed' },
      { metric: 'goodput', percentile: 'fraction', target: 0.5, value: 0, ciLow: null, ciHigh: null, verdict: 'missed' },
    ]);
  });

  it('exits 3 for an overloaded run even with every target met, and says overloaded', async () => {
    // 20 requests/s against 100 ms of service each (10/s), and a drain limit of 0.5 s after the
    // last arrival: about 16 of the 40 requests are still unfinished.
    const file = scenario('slo: { e2e: { p50: 1000 } }', { rate: 20, extra: 'simulation: { maxDrainSeconds: 0.5 }\n' });
    const r = await runCli('run', file, '--no-report', '--check');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('check: tiny: overloaded\n');
  });

  it('without targets: exit 0 when not overloaded; without --check the exit code ignores verdicts', async () => {
    const none = await runCli('run', scenario('slo: { ttftSeconds: 0.5 }'), '--no-report', '--check');
    expect(none.code).toBe(0);
    expect(none.stderr).toBe('check: tiny: no SLO targets; not overloaded\n');
    expect(none.stdout).not.toContain('SLO targets');
    const missed = await runCli('run', scenario('slo: { ttft: { p95: 0.005 } }'), '--no-report');
    expect(missed.code).toBe(0);
    expect(missed.stderr).toBe('');
  });

  it('several scenarios: one line each, missed anywhere decides the code', async () => {
    const met = scenario('slo: { ttft: { p95: 0.02 } }');
    const missed = scenario('slo: { ttft: { p95: 0.005 } }', { name: 'tiny2' });
    const r = await runCli('run', met, missed, '--no-report', '--check');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('check: tiny: all 1 SLO target met; not overloaded\ncheck: tiny2: missed TTFT p95 10.0 ms > 5.00 ms\n');
  });
});

describe('sakiyomi run --check with request classes', () => {
  it("weighs every class's own SLO targets: a class that misses its target exits 3 and is named", async () => {
    const classes = [
      '  classes:',
      '    - { name: fast, share: 1, slo: { ttft: { p95: 0.02 } } }',
      '    - { name: strict, share: 1, slo: { ttft: { p95: 0.005 } } }',
    ].join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-check-'));
    const file = join(dir, 'classes.yaml');
    writeFileSync(file, `${BASE.replace('RATE', '1').replace('NAME', 'classes')}\n${classes}\n`);
    const r = await runCli('run', file, '--no-report', '--check');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/check: classes: missed strict: TTFT p95 10(\.\d+)? ms > 5(\.0+)? ms/);
    expect(r.stderr).not.toMatch(/fast:/);
    // Replicated: the class's verdict is judged on its interval, and still decides the exit code.
    const replicated = await runCli('run', file, '--no-report', '--check', '--replications', '2', '--jobs', '1');
    expect(replicated.code).toBe(3);
    expect(replicated.stderr).toMatch(/check: classes: missed strict: TTFT p95/);
  });
});
