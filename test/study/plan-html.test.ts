// `sakiyomi plan --html`: index.html beside plan.json with the ranked table and both charts
// (latency vs offered load, cost vs latency with the Pareto frontier) and the CSP; with
// --static-charts no script; by default interactive (both charts' Vega specs in data blocks, the
// bundle inlined) when `npm run build` made dist/live-charts.js, else static with a note;
// --static-charts without --html is refused.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveChartsBundle } from '../../sim/package-root.ts';
import { runCli } from '../fixtures/cli.ts';
import { planFile } from './plan-fixture.ts';

describe('sakiyomi plan --html', () => {
  it('writes index.html with the table and the two charts, static with --static-charts, else interactive when built', async () => {
    const { dir, file } = planFile();
    const out = join(dir, 'report');
    const r = await runCli('plan', file, '--jobs', '2', '--html', '--static-charts', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['cost.svg', 'cost.vl.json', 'index.html', 'load.svg', 'load.vl.json', 'plan.json']);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<h1 id="scenario-name">plan tiny-plan</h1>');
    expect(html).toContain('Content-Security-Policy');
    expect([...html.matchAll(/<img class="chart"/g)]).toHaveLength(2);
    expect(html).not.toMatch(/<script/i);

    // A second run resumes from the results file: the same result, now the default page.
    const live = await runCli('plan', file, '--jobs', '2', '--html', '--out', join(dir, 'live'));
    expect(live.code, live.stderr).toBe(0);
    const page = readFileSync(join(dir, 'live', 'index.html'), 'utf8');
    const bundle = liveChartsBundle();
    if ('script' in bundle) {
      expect(page.includes(`<script>${bundle.script}</script>`)).toBe(true);
      expect([...page.matchAll(/<figure data-chart="\d"><div class="chart-live"><\/div><img class="chart"/g)]).toHaveLength(2);
      expect([...page.matchAll(/<script type="application\/json">\{/g)]).toHaveLength(2);
    } else {
      expect(live.stderr).toContain(`note: index.html gets static charts: ${bundle.missing}`);
      expect(page).not.toMatch(/<script/i);
    }

    const refused = await runCli('plan', file, '--static-charts', '--out', join(dir, 'refused'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--static-charts chooses the charts of the HTML page: give --html too/);
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  }, 60_000);
});
