// `sakiyomi compare --html`: index.html beside compare.json, with the comparison table and chart,
// the CSP, and the scenario names escaped; without --html no index.html.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.ts';

const SMALL = (name: string, extra = '') =>
  `name: ${name}\nseed: 5\nmodel: llama-3.1-8b\nhardware: { gpu: h100-sxm, numReplicas: 1 }\n` +
  'costModel: { kind: constant, stepSeconds: 0.01 }\nengine: { maxNumSeqs: 4, maxNumBatchedTokens: 1024 }\n' +
  'workload:\n  arrival: { kind: poisson, ratePerSecond: 20 }\n  promptTokens: { kind: fixed, tokens: 16 }\n  outputTokens: { kind: uniform, minTokens: 2, maxTokens: 18 }\n  stop: { numRequests: 100 }\n' +
  extra;

describe('sakiyomi compare --html', () => {
  it('writes a self-contained index.html with the table and the chart', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-compare-html-'));
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(a, SMALL('a'));
    writeFileSync(b, SMALL('b', 'router: { kind: random }\n'));
    const r = await runCli('compare', a, b, '--replications', '2', '--jobs', '1', '--html', '--out', join(dir, 'out'));
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(dir, 'out', 'index.html'), 'utf8');
    expect(html).toContain('<h1 id="scenario-name">compare a vs b</h1>');
    expect(html).toContain('Content-Security-Policy');
    expect([...html.matchAll(/<img class="chart"/g)]).toHaveLength(1);
    expect(html).not.toMatch(/<script/i);
    const plain = await runCli('compare', a, b, '--replications', '2', '--jobs', '1', '--out', join(dir, 'plain'));
    expect(plain.code).toBe(0);
    expect(existsSync(join(dir, 'plain', 'index.html'))).toBe(false);
  });
});
