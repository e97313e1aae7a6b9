// The windows chart: only when there is something to show; one line per class plus 'all'; the
// offered rate sampled at each window's middle; renders to SVG.
import { describe, expect, it } from 'vitest';
import type { WindowRow } from '../../sim/metrics/index.ts';
import { hasWindowsChart, renderSvg, windowsChartData, windowsChartSpec } from '../../sim/report/index.ts';
import { fakeRunResult } from './fake-run.ts';

const p = (x: number) => ({ p50: x, p95: 2 * x, p99: 3 * x });
const row = (start: number, cls?: string): WindowRow => ({ start, end: start + 10, ...(cls === undefined ? {} : { class: cls }), arrivals: 20, completions: 18, ttftSeconds: p(0.1), tpotSeconds: p(0.01), outputTokensPerSecond: 100 });

describe('windows chart', () => {
  it('appears only with more than one window or declared classes', () => {
    const one = fakeRunResult();
    one.summary.windows = [row(0)];
    expect(hasWindowsChart(one)).toBe(false);
    one.summary.windows = [row(0), row(10)];
    expect(hasWindowsChart(one)).toBe(true);
  });

  it('plots arrivals/s, output tokens/s and p95 TTFT in ms per window and class (null without samples)', () => {
    const rows = [row(0), row(0, 'chat'), { ...row(10), ttftSeconds: p(NaN) }];
    expect(windowsChartData(rows)).toEqual([
      { tSeconds: 0, class: 'all', arrivalsPerSecond: 2, outputTokensPerSecond: 100, ttftP95Ms: 200 },
      { tSeconds: 0, class: 'chat', arrivalsPerSecond: 2, outputTokensPerSecond: 100, ttftP95Ms: 200 },
      { tSeconds: 10, class: 'all', arrivalsPerSecond: 2, outputTokensPerSecond: 100, ttftP95Ms: null },
    ]);
  });

  it('overlays the offered rate at each window middle, and renders to SVG', async () => {
    const r = fakeRunResult();
    r.summary.windows = [row(0), row(10)];
    const spec = windowsChartSpec(r, (t) => t / 5) as unknown as { vconcat: { layer?: { data?: { values: unknown[] } }[] }[] };
    expect(spec.vconcat[0].layer![1].data!.values).toEqual([
      { tSeconds: 0, offeredPerSecond: 1 },
      { tSeconds: 10, offeredPerSecond: 3 },
    ]);
    expect(await renderSvg(windowsChartSpec(r))).toMatch(/^<svg/);
  });
});
