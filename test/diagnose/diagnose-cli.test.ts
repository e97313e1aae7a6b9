// `sakiyomi diagnose` through the command line (in-process main): --json on stdout and
// diagnose.json in the report folder, the console table, and bad input exiting 2 with one line.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.ts';

const TINY =
  'name: tiny\nseed: 3\nmodel: llama-3.2-1b\nhardware: { gpu: h100-sxm }\nengine: { stepOverheadSeconds: 0.004 }\n' +
  'workload:\n  arrival: { kind: poisson, ratePerSecond: 2 }\n  promptTokens: { kind: uniform, minTokens: 64, maxTokens: 256 }\n' +
  '  outputTokens: { kind: uniform, minTokens: 32, maxTokens: 96 }\n  stop: { numRequests: 150 }\n';

describe('sakiyomi diagnose', () => {
  it('--json prints the diagnosis and writes it to <out>/diagnose.json; the table names the bottleneck', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-diagnose-'));
    const file = join(dir, 'tiny.yaml');
    writeFileSync(file, TINY);
    const out = join(dir, 'out');
    const r = await runCli('diagnose', file, '--replications', '2', '--jobs', '1', '--json', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.bottleneck.kind).toBe('step-overhead');
    expect(json.prescriptions[0].remedy).toBe('speculative');
    expect(JSON.parse(readFileSync(join(out, 'diagnose.json'), 'utf8'))).toEqual(json);
    const text = await runCli('diagnose', file, '--replications', '2', '--jobs', '1', '--no-report');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^diagnose tiny \| 2 replications \| bottleneck: step-overhead/);
    expect(text.stdout).toContain('1. speculative decoding');
  });

  it('--replications 1 (an interval needs two), a huge --replications or --jobs: exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-diagnose-'));
    const file = join(dir, 'tiny.yaml');
    writeFileSync(file, TINY);
    const one = await runCli('diagnose', file, '--replications', '1', '--no-report');
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/--replications/);
    // A huge count is bad input too (it exited 1 from an array allocation), and so are huge --jobs.
    for (const args of [['--replications', '9007199254740991'], ['--jobs', '100000']]) {
      const r = await runCli('diagnose', file, ...args, '--no-report');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/expected an integer from \d+ to \d+/);
    }
  });

  it('report --diagnose puts the diagnosis on the HTML page; --diagnose without --html exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-diagnose-'));
    const file = join(dir, 'tiny.yaml');
    writeFileSync(file, TINY);
    const out = join(dir, 'page');
    const r = await runCli('report', file, '--diagnose', '--out', out);
    expect(r.code).toBe(0);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<h2>Diagnosis</h2>');
    expect(html).toMatch(/<pre class="diagnosis">diagnose tiny \| 5 replications \| bottleneck: step-overhead/);
    const bare = await runCli('run', file, '--diagnose', '--no-report');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/--diagnose puts the diagnosis on the HTML page/);
  });
});
