import { describe, expect, it } from 'vitest';
import { latencyCdfSpec, renderSvg, timelineSpec } from '../../sim/report/index.ts';
import type { TopLevelSpec } from 'vega-lite';
import { columnsOf, fakeRunResult } from './fake-run.ts';

describe('renderSvg(spec)', () => {
  it('renders the latency CDF to SVG markup, byte-identical on every call', async () => {
    const spec = latencyCdfSpec(fakeRunResult());
    const first = await renderSvg(spec);
    expect(first.startsWith('<svg')).toBe(true);
    expect(first).toContain('fake-chat: latency CDF');
    expect(await renderSvg(spec)).toBe(first);
  });

  it('renders the timeline, byte-identical on every call', async () => {
    const spec = timelineSpec(fakeRunResult());
    const first = await renderSvg(spec);
    expect(first.startsWith('<svg')).toBe(true);
    expect(await renderSvg(spec)).toBe(first);
  });

  it('renders a run without requests or time series', async () => {
    const empty = fakeRunResult({ requests: columnsOf([]) });
    empty.timeSeries.points = [];
    expect((await renderSvg(latencyCdfSpec(empty))).startsWith('<svg')).toBe(true);
    expect((await renderSvg(timelineSpec(empty))).startsWith('<svg')).toBe(true);
  });

  it('fetches nothing: data by URL is refused and reported as a warning', async () => {
    const warnings: string[] = [];
    const spec: TopLevelSpec = {
      data: { url: 'https://example.invalid/data.json' },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    };
    const svg = await renderSvg(spec, { warnings });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(warnings.join('\n')).toContain('refused to load https://example.invalid/data.json');
  });
});
