// `sakiyomi compare` through the command line (in-process main): the --json contract, the report
// folder, and bad input exiting 2 with one line before anything is simulated.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.ts';

const SMALL = (name: string, extra = '') =>
  `name: ${name}\nseed: 5\nmodel: llama-3.1-8b\nhardware: { gpu: h100-sxm${extra.includes('numReplicas') ? '' : ', numReplicas: 1'} }\n` +
  'costModel: { kind: constant, stepSeconds: 0.01 }\nengine: { maxNumSeqs: 4, maxNumBatchedTokens: 1024 }\n' +
  'workload:\n  arrival: { kind: poisson, ratePerSecond: 20 }\n  promptTokens: { kind: fixed, tokens: 16 }\n  outputTokens: { kind: uniform, minTokens: 2, maxTokens: 18 }\n  stop: { numRequests: 200 }\n' +
  extra;

function files(): { dir: string; a: string; b: string; faster: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-compare-'));
  const a = join(dir, 'a.yaml');
  const b = join(dir, 'b.yaml');
  const faster = join(dir, 'faster.yaml');
  writeFileSync(a, SMALL('a'));
  writeFileSync(b, SMALL('b', 'router: { kind: random }\n'));
  writeFileSync(faster, SMALL('faster').replace('ratePerSecond: 20', 'ratePerSecond: 25'));
  return { dir, a, b, faster };
}

describe('sakiyomi compare', () => {
  it('--json prints {baseline, scenarios: [{name, differsIn, metrics: {name: {baseline, value, diff, relDiff, ciLow, ciHigh, significant}}}]} and writes the compare folder', async () => {
    const { dir, a, b } = files();
    const out = join(dir, 'out');
    const r = await runCli('compare', a, b, '--replications', '3', '--json', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.baseline).toBe('a');
    expect(json.seeds).toHaveLength(3);
    expect(json.scenarios.map((s: any) => s.name)).toEqual(['b']);
    expect(json.scenarios[0].differsIn).toEqual(['router.kind']);
    const m = json.scenarios[0].metrics['ttftSeconds.p95'];
    for (const key of ['baseline', 'value', 'diff', 'relDiff', 'ciLow', 'ciHigh', 'significant', 'halfWidthUnpaired', 'verdict']) expect(m).toHaveProperty(key);
    expect(typeof m.significant).toBe('boolean');
    expect(readdirSync(out).sort()).toEqual(['compare.json', 'compare.svg', 'compare.vl.json']);
    expect(JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'))).toEqual(json);
    // Same inputs, same bytes.
    const again = await runCli('compare', a, b, '--replications', '3', '--json', '--no-report');
    expect(again.stdout).toBe(r.stdout);
  });

  it('prints one table per compared scenario with what differs and the verdicts, and lists the files written', async () => {
    const { dir, a, b } = files();
    const r = await runCli('compare', a, a, b, '--replications', '2', '--out', join(dir, 'o'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('compare a with a (baseline)');
    expect(r.stdout).toContain('differs in: nothing (same resolved configuration)');
    expect(r.stdout).toContain('compare b with a (baseline)');
    expect(r.stdout).toContain('differs in: router.kind: "round-robin" → "random"');
    expect(r.stdout).toMatch(/verdict: .*p95 TTFT/);
    expect(r.stdout).toContain(`wrote ${join(dir, 'o', 'compare.json')}`);
  });

  it('warns on stderr (with --json) when the workloads differ', async () => {
    const { a, faster } = files();
    const r = await runCli('compare', a, faster, '--replications', '2', '--json', '--no-report');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("warning: faster's workload differs from a's (workload.arrival.ratePerSecond): its arrivals or lengths differ, so pairing removes less noise\n");
  });

  it('bad input exits 2 with one line and writes nothing: one file, --replications 1 or 2.5, a foreign --out folder', async () => {
    const { dir, a, b } = files();
    const one = await runCli('compare', a);
    expect(one.code).toBe(2);
    expect(one.stderr).toBe('error: compare needs at least 2 scenario files (got 1); e.g. sakiyomi compare a.yaml b.yaml\n');
    for (const bad of ['1', '2.5', 'ten', '1001', '9007199254740991']) {
      const r = await runCli('compare', a, b, '--replications', bad);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('expected an integer from 2 to 1000');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const foreign = join(dir, 'mine');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'keep');
    const r = await runCli('compare', a, b, '--replications', '2', '--out', foreign);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: the compare folder .* holds files that are not part of a report/);
    expect(readdirSync(foreign)).toEqual(['notes.txt']);
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });
});
