// writeReport with liveCharts: the same files as the static report, every one byte-identical but
// index.html; index.html carries each chart's interactive Vega spec (compileVega of
// interactiveSpec, the spec of the .vl.json beside it) and the bundle, and regenerates
// byte-identical; without html, liveCharts changes nothing.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileVega, interactiveSpec, jsonForScript, writeReport } from '../../sim/report/index.ts';
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
