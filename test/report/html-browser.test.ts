// End to end: a run's index.html opened in headless Chromium (Debian's `chromium`, driven by
// playwright-core): no console error, no network request, every chart drawn (an <img> of a
// non-empty SVG with marks, decoded to a non-zero size), a hostile scenario name shown as text
// with no dialog fired; a screenshot saved in the run's temporary folder (path printed).
// Skips, saying so, only where no Chromium is installed (CHROMIUM_PATH, else /usr/bin/chromium);
// .ci/run installs it, so CI runs this test.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../sim/report/index.ts';
import { summaryProvenance } from '../../sim/provenance.ts';
import { loadScenario } from '../../sim/scenario/index.ts';
import { runScenario } from '../fixtures/run.ts';

const ROOT = join(import.meta.dirname, '..', '..');
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
});
