// `sakiyomi compare --html`: index.html beside compare.json, with the comparison table and chart,
// the CSP; interactive (the bundle `npm run build` made, inlined;
// the chart's Vega spec in a data block) when dist/live-charts.js is current, else static with a
// note; --static-charts: the static page (no script); --static-charts without --html is refused;
// without --html no index.html.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveChartsBundle } from '../../sim/package-root.ts';
import { runCli } from '../fixtures/cli.ts';

const SMALL = (name: string, extra = '') =>
  `name: ${name}\nseed: 5\nmodel: llama-3.1-8b\nhardware: { gpu: h100-sxm, numReplicas: 1 }\n` +
  'costModel: { kind: constant, stepSeconds: 0.01 }\nengine: { maxNumSeqs: 4, maxNumBatchedTokens: 1024 }\n' +
  'workload:\n  arrival: { kind: poisson, ratePerSecond: 20 }\n  promptTokens: { kind: fixed, tokens: 16 }\n  outputTokens: { kind: uniform, minTokens: 2, maxTokens: 18 }\n  stop: { numRequests: 100 }\n' +
  extra;

describe('sakiyomi compare --html', () => {
  it('writes a self-contained index.html with the table and the chart: static with --static-charts, else interactive when built', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-compare-html-'));
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(a, SMALL('a'));
    writeFileSync(b, SMALL('b', 'router: { kind: random }\n'));
    const args = [a, b, '--replications', '2', '--jobs', '1', '--html'];
    const r = await runCli('compare', ...args, '--static-charts', '--out', join(dir, 'out'));
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(dir, 'out', 'index.html'), 'utf8');
    expect(html).toContain('<h1 id="scenario-name">compare a vs b</h1>');
    expect(html).toContain('Content-Security-Policy');
    expect([...html.matchAll(/<img class="chart"/g)]).toHaveLength(1);
    expect(html).not.toMatch(/<script/i);

    const live = await runCli('compare', ...args, '--out', join(dir, 'live'));
    expect(live.code, live.stderr).toBe(0);
    const page = readFileSync(join(dir, 'live', 'index.html'), 'utf8');
    for (const file of ['compare.json', 'compare.vl.json', 'compare.svg']) expect(readFileSync(join(dir, 'live', file), 'utf8'), file).toBe(readFileSync(join(dir, 'out', file), 'utf8'));
    const bundle = liveChartsBundle();
    if ('script' in bundle) {
      expect(live.stderr).not.toContain('static charts');
      expect(page.includes(`<script>${bundle.script}</script>`)).toBe(true);
      expect([...page.matchAll(/<figure data-chart="0"><div class="chart-live"><\/div><img class="chart"[^>]*><script type="application\/json">\{/g)]).toHaveLength(1);
      expect(page.includes('script-src &#39;sha256-')).toBe(true);
    } else {
      expect(live.stderr).toContain(`note: index.html gets static charts: ${bundle.missing}`);
      expect(page === html).toBe(true);
    }

    const plain = await runCli('compare', a, b, '--replications', '2', '--jobs', '1', '--out', join(dir, 'plain'));
    expect(plain.code).toBe(0);
    expect(existsSync(join(dir, 'plain', 'index.html'))).toBe(false);
    const refused = await runCli('compare', a, b, '--static-charts', '--out', join(dir, 'refused'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--static-charts chooses the charts of the HTML page: give --html too/);
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  });
});
