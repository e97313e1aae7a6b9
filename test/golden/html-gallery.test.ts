// The gallery: `npm run reports` (`sakiyomi run --html --static-charts …`, then `npm start` for the
// default scenario's interactive page) writes index.html beside each bundled scenario's report.
// Here one quick scenario (md1) regenerates through the CLI byte-identical to its committed
// folder, index.html included; every committed index.html is either static (the strict CSP, no
// script) or interactive (one script, allowed by its sha256 hash, and nothing unsafe).
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.ts';
import { HTML_CSP, interactiveCsp } from '../../sim/report/index.ts';
import { liveChartsBundle } from '../../sim/package-root.ts';
import { writeReport } from '../../sim/report/index.ts';
import { summaryProvenance } from '../../sim/provenance.ts';
import { loadScenario } from '../../sim/scenario/index.ts';
import { offeredRateOf } from '../../sim/workload/index.ts';
import { runScenario } from '../fixtures/run.ts';
import { buildLiveCharts } from '../../bin/build-live-charts.mjs';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the HTML gallery', () => {
  it('run --html regenerates reports/md1/ byte-identical, index.html included', { timeout: 60_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sakiyomi-gallery-')), 'md1');
    const r = await runCli('run', '--html', '--static-charts', join(ROOT, 'scenarios', 'analytic', 'md1.yaml'), '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const names = readdirSync(out).sort();
    expect(names).toContain('index.html');
    for (const name of names) {
      const committed = join(ROOT, 'reports', 'md1', name);
      expect(readFileSync(join(out, name), 'utf8') === readFileSync(committed, 'utf8'), `${committed} differs from a fresh run: npm run reports`).toBe(true);
    }
  });

  it('`sakiyomi report` is `run --html`: the same index.html', { timeout: 60_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sakiyomi-gallery-')), 'md1');
    const r = await runCli('report', '--static-charts', join(ROOT, 'scenarios', 'analytic', 'md1.yaml'), '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'index.html'), 'utf8') === readFileSync(join(ROOT, 'reports', 'md1', 'index.html'), 'utf8')).toBe(true);
  });

  it('run --html is interactive when `npm run build` made dist/live-charts.js, else static with a note saying so; --static-charts needs --html', { timeout: 60_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sakiyomi-gallery-')), 'md1');
    const r = await runCli('report', join(ROOT, 'scenarios', 'analytic', 'md1.yaml'), '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const bundle = liveChartsBundle();
    if ('script' in bundle) {
      expect(r.stderr).not.toContain('static charts');
      expect(html).toContain(`<script>${bundle.script}</script>`);
    } else {
      expect(r.stderr).toContain(`note: index.html gets static charts: ${bundle.missing}; run \`npm run build\` for interactive ones, or pass --static-charts`);
      expect(html === readFileSync(join(ROOT, 'reports', 'md1', 'index.html'), 'utf8')).toBe(true);
    }
    const bare = await runCli('run', '--static-charts', join(ROOT, 'scenarios', 'analytic', 'md1.yaml'), '--no-report');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/--static-charts chooses the charts of the HTML page: give --html too/);
  });

  it('reports/default/index.html (`npm start`) regenerates byte-identical: interactive with a freshly built bundle, or static', { timeout: 120_000 }, async () => {
    const committed = readFileSync(join(ROOT, 'reports', 'default', 'index.html'), 'utf8');
    const interactive = committed.includes('<script>');
    const tmp = mkdtempSync(join(tmpdir(), 'sakiyomi-gallery-'));
    let liveCharts: string | undefined;
    if (interactive) {
      await buildLiveCharts(join(tmp, 'live-charts.js'));
      liveCharts = readFileSync(join(tmp, 'live-charts.js'), 'utf8');
    }
    const scenario = loadScenario(join(ROOT, 'scenarios', 'default.yaml'));
    const offeredRate = offeredRateOf(scenario.config.workload);
    await writeReport(runScenario(scenario), join(tmp, 'default'), summaryProvenance(scenario), { html: true, ...(offeredRate === undefined ? {} : { offeredRate }), ...(liveCharts === undefined ? {} : { liveCharts }) });
    expect(readFileSync(join(tmp, 'default', 'index.html'), 'utf8') === committed, `reports/default/index.html (${interactive ? 'interactive' : 'static'}) differs from a fresh run: npm run reports`).toBe(true);
  });

  it('every committed index.html is static (strict CSP, no script) or interactive (one script allowed by its hash, nothing unsafe)', () => {
    const pages = readdirSync(join(ROOT, 'reports')).map((d) => join(ROOT, 'reports', d, 'index.html')).filter((p) => existsSync(p));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    for (const p of pages) {
      const html = readFileSync(p, 'utf8');
      const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1].replaceAll('&#39;', "'") ?? '';
      expect(csp, p).toMatch(/^default-src 'none';/);
      expect(csp, p).not.toMatch(/unsafe-eval|http|\*/);
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)];
      const executable = scripts.filter((m) => m[1] !== ' type="application/json"');
      if (scripts.length === 0) {
        expect(csp, p).toBe(HTML_CSP);
        continue;
      }
      expect(executable, `${p}: one script, the live-charts bundle`).toHaveLength(1);
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
      expect(csp, p).toBe(interactiveCsp(executable[0][2], style));
    }
  });
});
