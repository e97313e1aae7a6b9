import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/scenario/index.ts';
import { profileTrace } from '../../sim/workload/index.ts';
import { runScenario } from '../fixtures/run.ts';
import { runCli } from '../fixtures/cli.ts';

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-profile-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// Arrivals at 0, 1, 3, 6 s (gaps 1, 2, 3: mean 2, sample sd 1, CV 0.5); prompts 10^1..10^4,
// outputs prompt/10 (so ln output = ln prompt − ln 10: both correlations are exactly 1).
const SMALL = 'TIMESTAMP,ContextTokens,GeneratedTokens\n2024-01-01 00:00:00,10,1\n2024-01-01 00:00:01,100,10\n2024-01-01 00:00:03,1000,100\n2024-01-01 00:00:06,10000,1000\n';

describe('profileTrace', () => {
  it('counts, rates, gap CV, windows, length statistics and correlation by hand', () => {
    const p = profileTrace(tempFile('small.csv', SMALL), { windowSeconds: 2 });
    expect(p.rows).toBe(4);
    expect(p.spanSeconds).toBe(6);
    expect(p.meanRatePerSecond).toBe(4 / 6);
    expect(p.interArrival.meanSeconds).toBeCloseTo(2, 12);
    expect(p.interArrival.cv).toBeCloseTo(0.5, 12);
    // Windows [0,2): 0 and 1 (one gap); [2,4): 3; [4,6): none; [6,8): 6.
    expect(p.windows.map((w) => w.arrivals)).toEqual([2, 1, 0, 1]);
    expect(p.windows[0].cv).toBeNull();
    expect(p.promptTokens.mean).toBe(2777.5);
    expect(p.promptTokens.max).toBe(10000);
    // Inverted-CDF ranks: p50 is the 2nd value, p95 and p99 the 4th; LogHistogram: within 0.05 %.
    expect(Math.abs(p.promptTokens.p50 / 100 - 1)).toBeLessThan(5e-4);
    expect(Math.abs(p.promptTokens.p99 / 10000 - 1)).toBeLessThan(5e-4);
    expect(p.promptTokens.logMean).toBeCloseTo(2.5 * Math.LN10, 12);
    expect(p.promptTokens.logSd).toBeCloseTo(Math.LN10 * Math.sqrt(5 / 3), 12);
    expect(p.correlation.pearsonLog).toBeCloseTo(1, 12);
    expect(p.correlation.pearson).toBeCloseTo(1, 12);
    expect(p.firstAt).toBe('2024-01-01T00:00:00.000000000Z');
    expect(p.hourly!.counts[0]).toBe(4);
  });

  it('fits a gamma skeleton to a short trace: rate (rows − 1)/span, the gap CV, lognormal lengths from the log moments', () => {
    const p = profileTrace(tempFile('small.csv', SMALL));
    const sigma = Math.LN10 * Math.sqrt(5 / 3);
    expect(p.skeleton).toContain('    kind: gamma\n    ratePerSecond: 0.5  #');
    expect(p.skeleton).toContain('    cv: 0.5  #');
    expect(p.skeleton).toContain(`    meanTokens: ${Math.round(Math.exp(2.5 * Math.LN10 + (sigma * sigma) / 2) * 10) / 10}\n    sigma: ${Math.round(sigma * 1000) / 1000}\n    maxTokens: 10000`);
    expect(p.skeleton).toContain('    numRequests: 4  #');
  });

  it('fits a daily schedule to a trace of 6 hours or more: rate by hour of day over the seconds covered, largest 1', () => {
    const rows = ['TIMESTAMP,ContextTokens,GeneratedTokens'];
    // 48 rows, one every 600 s from midnight: hours 0–6 have 6 rows in 3600 s, hour 7 has 6 in 3000 s (the last row is at 28,200 s).
    for (let k = 0; k < 48; k++) rows.push(`${new Date(Date.UTC(2024, 0, 1) + k * 600_000).toISOString().replace('T', ' ').replace('Z', '')},100,10`);
    const p = profileTrace(tempFile('day.csv', rows.join('\n')));
    const top = 6 / 3000;
    const w = (r: number) => Math.round((r / top) * 1e4) / 1e4;
    expect(p.hourly!.weights).toEqual([...new Array(7).fill(w(6 / 3600)), 1, ...new Array(16).fill(w(48 / 28200))]);
    expect(p.skeleton).toContain('    kind: daily\n');
    expect(p.skeleton).toContain(`    meanRatePerSecond: ${Math.round((48 / 28200) * 1e6) / 1e6}  #`);
    expect(p.skeleton).toContain('    startHour: 0  #');
  });

  it('profiles each endpoint when an endpoint column is mapped', () => {
    const file = tempFile('e.jsonl', '{"timestamp":0,"input_length":10,"output_length":1,"api":"a"}\n{"timestamp":5,"input_length":20,"output_length":2,"api":"b"}\n{"timestamp":9,"input_length":30,"output_length":3,"api":"a"}\n');
    const p = profileTrace(file, { trace: { mapping: { endpoint: 'api' } } });
    expect(Object.keys(p.endpoints!)).toEqual(['a', 'b']);
    expect(p.endpoints!.a.rows).toBe(2);
    expect(p.endpoints!.a.promptTokens.mean).toBe(20);
    expect(p.spanSeconds).toBe(0.009);
    expect(p.firstAt).toBeUndefined();
  });
});

describe('sakiyomi profile', () => {
  it('writes profile.json, profile.md and a scenario.yaml that loads and runs (`sakiyomi run` on it)', async () => {
    const trace = tempFile('small.csv', SMALL);
    const out = join(mkdtempSync(join(tmpdir(), 'sakiyomi-profile-out-')), 'p');
    const r = await runCli('profile', trace, '--out', out, '--window-seconds', '2');
    expect(r.code).toBe(0);
    for (const name of ['profile.json', 'profile.md', 'scenario.yaml']) expect(existsSync(join(out, name))).toBe(true);
    expect(r.stdout).toContain('4 rows (0 malformed skipped) over 6 s');
    const scenario = loadScenario(join(out, 'scenario.yaml'));
    expect(runScenario(scenario).requests.count).toBe(4);
    const run = await runCli('run', join(out, 'scenario.yaml'), '--out', join(out, '..', 'run'));
    expect(run.code).toBe(0);
  });

  it('a malformed row stops the profile naming its line and the way out; --skip-malformed skips and counts it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-profile-'));
    const file = join(dir, 'bg.csv');
    writeFileSync(file, 'Timestamp,Request tokens,Response tokens\n0,10,5\n1,12,0\n2,14,6\n');
    const stop = await runCli('profile', file);
    expect(stop.code).toBe(2);
    expect(stop.stderr).toMatch(/line 3: .*Response tokens/);
    expect(stop.stderr).toContain('--skip-malformed for sakiyomi profile');
    const skip = await runCli('profile', file, '--skip-malformed');
    expect(skip.code).toBe(0);
    expect(skip.stdout).toContain('2 rows (1 malformed skipped)');
  });

  it('a missing trace is one line and exit 2', async () => {
    const r = await runCli('profile', join(tmpdir(), 'no-such-trace.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*no-such-trace\.csv: 1 problem\n {2}cannot read the trace: no such file\n$/);
  });
});
