// End to end: a run's index.html opened in headless Chromium (Debian's `chromium`, driven by
// playwright-core): no console error, no network request, every chart drawn (an <img> of a
// non-empty SVG with marks, decoded to a non-zero size), a hostile scenario name shown as text
// with no dialog fired; a screenshot saved in the run's temporary folder (path printed).
// The interactive page (the browser bundle built here with bin/build-live-charts.mjs, as
// `npm run build` does): every chart drawn live by Vega (an SVG with marks, its fallback image
// hidden), no CSP violation (securitypolicyviolation events and console errors both fail the
// test), no request, no dialog; hovering a point shows vega-tooltip's element with the field
// titles and values; a wheel zooms and a drag pans a time series' x domain; with JavaScript off
// the fallback images show; and, as a control that the CSP listeners can fail, the same page with
// one byte of its script changed is blocked (violations reported, no chart live, images shown).
// Skips, saying so, only where no Chromium is installed (CHROMIUM_PATH, else /usr/bin/chromium);
// A plan page (plan --html, interactive): both charts live, no console error, no request, no CSP
// violation, and hovering near a point of the cost chart shows its configuration's tooltip.
// .ci/run installs it, so CI runs this test.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planCostChartSpec, planLoadChartSpec, preparePlan, writeReport, type PlanResultView } from '../../sim/report/index.ts';
import { buildLiveCharts } from '../../bin/build-live-charts.mjs';
import type { Browser, Page } from 'playwright-core';

// The browser-side callbacks below run in Chromium; the project's TypeScript has no DOM library.
declare const window: any;
declare const document: any;
declare function getComputedStyle(element: unknown): { display: string; position: string; visibility: string };
import { summaryProvenance } from '../../sim/provenance.ts';
import { loadScenario } from '../../sim/scenario/index.ts';
import { runScenario } from '../fixtures/run.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** A page that records console errors, requests, dialogs and CSP violations. */
async function watchedPage(browser: Browser, javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const log = { consoleErrors: [] as string[], requests: [] as string[], dialogs: [] as string[] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => log.consoleErrors.push(String(e)));
  page.on('request', (r) => {
    if (!r.url().startsWith('data:') && !r.url().startsWith('file:')) log.requests.push(r.url());
  });
  page.on('dialog', async (d) => {
    log.dialogs.push(d.message());
    await d.dismiss();
  });
  // Injected by the browser's debugging protocol, so the page's CSP does not apply to it.
  await page.addInitScript(() => {
    const w = window as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e: { violatedDirective: string; blockedURI: string }) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { page, log, violations: () => page.evaluate(() => (window as { cspViolations: string[] }).cspViolations) };
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOSTILE = '<img src=x onerror=alert(1)>';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`html-browser.test.ts: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

describe.skipIf(!hasChromium)('index.html in headless Chromium', () => {
  it('renders every chart offline, fires no dialog and shows a hostile name as text', { timeout: 120_000 }, async () => {
    const scenario = loadScenario(join(ROOT, 'scenarios', 'analytic', 'md1.yaml'));
    const result = runScenario(scenario);
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-html-'));
    await writeReport({ ...result, scenarioName: HOSTILE }, dir, summaryProvenance(scenario), { html: true });
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const chartCount = [...html.matchAll(/<img class="chart"/g)].length;
    expect(chartCount).toBeGreaterThanOrEqual(3);

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const consoleErrors: string[] = [];
      const requests: string[] = [];
      const dialogs: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => consoleErrors.push(String(e)));
      page.on('request', (r) => {
        if (!r.url().startsWith('data:') && !r.url().startsWith('file:')) requests.push(r.url());
      });
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      const url = pathToFileURL(join(dir, 'index.html')).href;
      await page.goto(url, { waitUntil: 'load' });
      expect(await page.textContent('#scenario-name')).toBe(HOSTILE);
      // Only the charts are images: the hostile name made none.
      type Img = { className: string; naturalWidth: number; naturalHeight: number; complete: boolean };
      const images = await page.$$eval('img', (els) => els.map((e) => e as unknown as Img).map((e) => ({ cls: e.className, w: e.naturalWidth, h: e.naturalHeight, ok: e.complete })));
      expect(images).toHaveLength(chartCount);
      for (const img of images) {
        expect(img.cls).toBe('chart');
        expect(img.ok).toBe(true);
        expect(img.w).toBeGreaterThan(100);
        expect(img.h).toBeGreaterThan(100);
      }
      // Each chart's SVG has marks (vega's mark groups with paths).
      for (const m of html.matchAll(/src="data:image\/svg\+xml;base64,([^"]+)"/g)) {
        const svg = Buffer.from(m[1], 'base64').toString('utf8');
        expect(svg).toMatch(/class="mark-(line|rect|area|symbol|rule)/);
        expect(svg).toMatch(/<path [^>]*d="M/);
      }
      const shot = join(dir, 'index.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`screenshot: ${shot}`);
      expect(readFileSync(shot).length).toBeGreaterThan(10_000);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('the interactive page: live charts under the strict CSP, tooltips, zoom and pan on time series, the static fallback without JavaScript', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-html-live-'));
    await buildLiveCharts(join(dir, 'live-charts.js'));
    const liveCharts = readFileSync(join(dir, 'live-charts.js'), 'utf8');
    const scenario = loadScenario(join(ROOT, 'scenarios', 'endpoints-8b-h100.yaml'));
    const result = runScenario(scenario);
    const out = join(dir, 'report');
    await writeReport({ ...result, scenarioName: HOSTILE }, out, summaryProvenance(scenario), { html: true, liveCharts });
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const chartCount = [...html.matchAll(/<figure data-chart=/g)].length;
    expect(chartCount).toBe(5); // latency CDF, timeline, windows, class CDF, step breakdown
    const url = pathToFileURL(join(out, 'index.html')).href;

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const watched = (javaScriptEnabled = true) => watchedPage(browser, javaScriptEnabled);
      const allLive = (page: Page) => page.waitForFunction((n) => document.querySelectorAll('figure.live .chart-live svg').length === n, chartCount, { timeout: 60_000 });

      const { page, log, violations } = await watched();
      await page.goto(url, { waitUntil: 'load' });
      await allLive(page);
      expect(await page.textContent('#scenario-name')).toBe(HOSTILE);
      // Every chart drawn by Vega, with marks; its fallback image hidden.
      const figures = await page.$$eval('figure[data-chart]', (els) =>
        els.map((f) => ({
          marks: f.querySelectorAll('.chart-live g[class^="mark-"] path[d^="M"]').length,
          img: getComputedStyle(f.querySelector('img.chart')).display,
        })),
      );
      for (const f of figures) {
        expect(f.marks).toBeGreaterThan(0);
        expect(f.img).toBe('none');
      }
      // Hovering near (not on) a point of the latency CDF shows the nearest point's tooltip (styled by the page's hashed style: fixed, visible):
      // the pointer lands more than 8 px from every point (vega-lite's nearest hover: a Voronoi cell, not the point's own few pixels).
      const points = await page.$$('figure[data-chart="0"] .chart-live g.mark-symbol path');
      expect(points.length).toBeGreaterThan(10);
      await points[0].scrollIntoViewIfNeeded();
      const centres = (await Promise.all(points.map((p) => p.boundingBox()))).map((b) => ({ x: b!.x + b!.width / 2, y: b!.y + b!.height / 2 }));
      const plot = (await page.$('figure[data-chart="0"] .chart-live svg'))!;
      const pbox = (await plot.boundingBox())!;
      const far = (at: { x: number; y: number }) => Math.min(...centres.map((c) => Math.hypot(c.x - at.x, c.y - at.y)));
      const mid = centres[Math.floor(centres.length / 2)];
      const spot = [12, 16, 20, 25, 30, 40].flatMap((d) => [{ x: mid.x, y: mid.y + d }, { x: mid.x, y: mid.y - d }, { x: mid.x + d, y: mid.y }, { x: mid.x - d, y: mid.y }]).find((at) => far(at) > 10 && at.x > pbox.x && at.y > pbox.y);
      expect(spot, 'a spot more than 10 px from every point').toBeDefined();
      await page.mouse.move(spot!.x, spot!.y);
      await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5_000 });
      const tip = await page.$eval('#vg-tooltip-element', (e) => ({ text: (e as { innerText: string }).innerText, position: getComputedStyle(e).position, visibility: getComputedStyle(e).visibility }));
      expect(tip.position).toBe('fixed');
      expect(tip.visibility).toBe('visible');
      expect(tip.text).toMatch(/latency \(ms\)\s+[\d,.]+\s+cumulative fraction\s+[\d.]+\s+metric\s+(TTFT|TPOT|E2E)/);
      // The timeline's panels share one x scale and one zoom: a wheel over the first panel zooms it; a drag over the third pans the same domain.
      type Views = { sakiyomiViews: { scale(n: string): { domain(): number[] } }[] };
      const domain = () => page.evaluate(() => (window as Views).sakiyomiViews[1].scale('x').domain());
      const panel = await page.$('figure[data-chart="1"] .chart-live svg');
      await panel!.scrollIntoViewIfNeeded();
      const pb = await panel!.boundingBox();
      const full = await domain();
      await page.mouse.move(pb!.x + 300, pb!.y + 120);
      await page.mouse.wheel(0, -400);
      await page.waitForFunction((d) => (window as Views).sakiyomiViews[1].scale('x').domain()[0] !== d, full[0]);
      const zoomed = await domain();
      expect(zoomed[1] - zoomed[0]).toBeLessThan(0.9 * (full[1] - full[0]));
      // The third panel (the queues): vega-lite's concat_2_group, its plot's background rectangle.
      const third = (await (await page.$('figure[data-chart="1"] .chart-live g.concat_2_group > g > path.background'))!.boundingBox())!;
      expect(third.y).toBeGreaterThan(pb!.y + 250);
      const lowest = third.y + third.height / 2;
      await page.mouse.move(third.x + 300, lowest);
      await page.mouse.down();
      await page.mouse.move(third.x + 400, lowest, { steps: 5 });
      await page.mouse.up();
      const panned = await domain();
      expect(panned[0]).toBeLessThan(zoomed[0]);
      expect(panned[1] - panned[0]).toBeCloseTo(zoomed[1] - zoomed[0], 6);
      const shot = join(dir, 'index-live.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`screenshot: ${shot}`);
      expect(readFileSync(shot).length).toBeGreaterThan(10_000);
      expect(await violations()).toEqual([]);
      expect(log).toEqual({ consoleErrors: [], requests: [], dialogs: [] });

      // Without JavaScript: the static images show, decoded.
      const off = await watched(false);
      await off.page.goto(url, { waitUntil: 'load' });
      const images = await off.page.$$eval('img.chart', (els) => els.map((e) => ({ w: (e as { naturalWidth: number }).naturalWidth, shown: getComputedStyle(e).display !== 'none' })));
      expect(images).toHaveLength(chartCount);
      for (const img of images) expect(img).toEqual({ w: expect.any(Number), shown: true });
      expect(Math.min(...images.map((i) => i.w))).toBeGreaterThan(100);

      // Control: one byte of the script changed, its hash no longer matches: the CSP blocks it, and the listeners say so.
      const tampered = join(out, 'tampered.html');
      writeFileSync(tampered, html.replace(`<script>${liveCharts}</script>`, `<script>${liveCharts};</script>`));
      const bad = await watched();
      await bad.page.goto(pathToFileURL(tampered).href, { waitUntil: 'load' });
      await bad.page.waitForTimeout(500);
      expect((await bad.violations()).some((v) => v.startsWith('script-src'))).toBe(true);
      expect(bad.log.consoleErrors.some((e) => /Content Security Policy/.test(e))).toBe(true);
      expect(await bad.page.$$eval('figure.live', (els) => els.length)).toBe(0);
      expect(await bad.page.textContent('#scenario-name')).toBe(HOSTILE);
      expect(bad.log.dialogs).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('a plan page: both charts live under the CSP, no request, a tooltip near a point', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-html-plan-'));
    await buildLiveCharts(join(dir, 'live-charts.js'));
    const liveCharts = readFileSync(join(dir, 'live-charts.js'), 'utf8');
    const curve = (k: number) => [10, 20, 30].map((r) => ({ ratePerSecond: r, p95TtftSeconds: (0.1 * r) / k, p95TpotSeconds: 0.001 * r, met: r < 30, overloaded: false }));
    const view: PlanResultView = {
      name: HOSTILE,
      configurations: [1, 2].map((k, index) => ({ index, config: { 'hardware.tp': k }, status: 'ok' as const, pareto: k === 2, usdPer1kOutputTokens: 0.01 * k, p95TtftSeconds: 0.5 / k, p95TpotSeconds: 0.02, gpus: k, curve: curve(k) })),
      simulations: 12,
      slo: [{ metric: 'ttft', percentile: 'p95', target: 1 }],
    };
    const out = join(dir, 'plan');
    await (await preparePlan(out)).commit(view, planLoadChartSpec(view), planCostChartSpec(view), { title: `plan ${HOSTILE}`, summaryText: 'the table', liveCharts });
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const { page, log, violations } = await watchedPage(browser);
      await page.goto(pathToFileURL(join(out, 'index.html')).href, { waitUntil: 'load' });
      await page.waitForFunction(() => document.querySelectorAll('figure.live .chart-live svg').length === 2, undefined, { timeout: 60_000 });
      expect(await page.textContent('#scenario-name')).toBe(`plan ${HOSTILE}`);
      // The cost chart: two configurations' points; the pointer 14 px right of one shows its tooltip.
      const points = await page.$$('figure[data-chart="1"] .chart-live g.mark-symbol path');
      expect(points.length).toBe(2);
      await points[0].scrollIntoViewIfNeeded();
      const box = (await points[0].boundingBox())!;
      await page.mouse.move(box.x + box.width / 2 + 14, box.y + box.height / 2);
      await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5_000 });
      const tip = await page.$eval('#vg-tooltip-element', (e) => (e as { innerText: string }).innerText);
      expect(tip).toMatch(/configuration\s+tp=[12]/);
      expect(tip).toMatch(/usdPer1kOutputTokens\s+0\.0[12]/);
      const shot = join(dir, 'plan.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`screenshot: ${shot}`);
      expect(await violations()).toEqual([]);
      expect(log).toEqual({ consoleErrors: [], requests: [], dialogs: [] });
    } finally {
      await browser.close();
    }
  });
});
