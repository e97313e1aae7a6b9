// writeReport with liveCharts: the same files as the static report, every one byte-identical but
// index.html; index.html carries each chart's interactive Vega spec (compileVega of
// interactiveSpec, the spec of the .vl.json beside it) and the bundle, and regenerates
// byte-identical; without html, liveCharts changes nothing. The compare and plan folders' pages
// (a FolderPage with liveCharts) the same way.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareChartSpec, compileVega, interactiveSpec, jsonForScript, planCostChartSpec, planLoadChartSpec, prepareCompare, preparePlan, writeReport, type CompareView } from '../../sim/report/index.ts';
import { fakeRunResult } from './fake-run.ts';

const BUNDLE = 'window.sakiyomiTest=1;';
const tmp = () => mkdtempSync(join(tmpdir(), 'sakiyomi-live-write-'));

describe('writeReport(…, { html: true, liveCharts })', () => {
  it('changes only index.html, which embeds each chart’s interactive Vega spec and regenerates byte-identical', async () => {
    const [staticDir, liveDir, againDir] = [join(tmp(), 'r'), join(tmp(), 'r'), join(tmp(), 'r')];
    await writeReport(fakeRunResult(), staticDir, undefined, { html: true });
    const written = await writeReport(fakeRunResult(), liveDir, undefined, { html: true, liveCharts: BUNDLE });
    await writeReport(fakeRunResult(), againDir, undefined, { html: true, liveCharts: BUNDLE });
    const names = readdirSync(staticDir).sort();
    expect(readdirSync(liveDir).sort()).toEqual(names);
    expect(written.map((p) => p.slice(liveDir.length + 1))).toContain('index.html');
    for (const name of names) {
      const same = readFileSync(join(staticDir, name), 'utf8') === readFileSync(join(liveDir, name), 'utf8');
      expect(same, name).toBe(name !== 'index.html');
      expect(readFileSync(join(againDir, name), 'utf8') === readFileSync(join(liveDir, name), 'utf8'), name).toBe(true);
    }
    const html = readFileSync(join(liveDir, 'index.html'), 'utf8');
    const blocks = [...html.matchAll(/<script type="application\/json">([^<]*)<\/script>/g)].map((m) => m[1]);
    const charts = names.filter((n) => n.endsWith('.vl.json'));
    expect(blocks).toHaveLength(charts.length);
    // In the page's order: latency CDF, timeline, (windows, class CDF when present), step breakdown.
    const order = ['latency-cdf', 'timeline', 'windows', 'class-cdf', 'step-breakdown'].filter((c) => charts.includes(`${c}.vl.json`));
    for (const [i, chart] of order.entries()) {
      const spec = JSON.parse(readFileSync(join(liveDir, `${chart}.vl.json`), 'utf8'));
      expect(blocks[i], chart).toBe(jsonForScript(await compileVega(interactiveSpec(spec))));
    }
    expect(html).toContain(`<script>${BUNDLE}</script>`);
  });

  it('without html, liveCharts writes nothing more', async () => {
    const [a, b] = [join(tmp(), 'r'), join(tmp(), 'r')];
    await writeReport(fakeRunResult(), a);
    await writeReport(fakeRunResult(), b, undefined, { liveCharts: BUNDLE });
    expect(readdirSync(b).sort()).toEqual(readdirSync(a).sort());
    expect(readdirSync(b)).not.toContain('index.html');
  });
});

const COMPARE: CompareView = { baseline: 'a', replications: 2, seeds: [1, 2], confidence: 0.95, scenarios: [{ name: 'b', differences: [], warnings: [], verdict: '', metrics: {} }] };
const PLAN = { name: 'p', configurations: [{ index: 0, config: { 'hardware.tp': 1 }, status: 'ok' as const, pareto: true, usdPer1kOutputTokens: 0.01, p95TtftSeconds: 0.4, p95TpotSeconds: 0.03, gpus: 1, curve: [{ ratePerSecond: 10, p95TtftSeconds: 0.3, p95TpotSeconds: 0.02, met: true, overloaded: false }] }], simulations: 2 };

/** The data blocks of a page, in order. */
const blocksOf = (html: string) => [...html.matchAll(/<script type="application\/json">([^<]*)<\/script>/g)].map((m) => m[1]);

describe('compare and plan pages with liveCharts', () => {
  it('compare: only index.html differs from the static folder; it carries the chart\'s interactive Vega spec and the bundle', async () => {
    const [staticDir, liveDir] = [join(tmp(), 'c'), join(tmp(), 'c')];
    await (await prepareCompare(staticDir)).commit({ x: 1 }, compareChartSpec(COMPARE), { title: 'compare a vs b', summaryText: 'table' });
    await (await prepareCompare(liveDir)).commit({ x: 1 }, compareChartSpec(COMPARE), { title: 'compare a vs b', summaryText: 'table', liveCharts: BUNDLE });
    for (const name of readdirSync(staticDir)) expect(readFileSync(join(staticDir, name), 'utf8') === readFileSync(join(liveDir, name), 'utf8'), name).toBe(name !== 'index.html');
    const html = readFileSync(join(liveDir, 'index.html'), 'utf8');
    expect(blocksOf(html)).toEqual([jsonForScript(await compileVega(interactiveSpec(compareChartSpec(COMPARE))))]);
    expect(html).toContain(`<script>${BUNDLE}</script>`);
    expect(readFileSync(join(staticDir, 'index.html'), 'utf8')).not.toMatch(/<script/);
  });

  it('plan: both charts live, in the page\'s order (load, cost)', async () => {
    const dir = join(tmp(), 'p');
    await (await preparePlan(dir)).commit(PLAN, planLoadChartSpec(PLAN), planCostChartSpec(PLAN), { title: 'plan p', summaryText: 'table', liveCharts: BUNDLE });
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(blocksOf(html)).toEqual([jsonForScript(await compileVega(interactiveSpec(planLoadChartSpec(PLAN)))), jsonForScript(await compileVega(interactiveSpec(planCostChartSpec(PLAN))))]);
    expect(html).toContain(`<script>${BUNDLE}</script>`);
  });
});
