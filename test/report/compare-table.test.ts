import { describe, expect, it } from 'vitest';
import { compareChartData, compareChartSpec, formatCompareReport, formatCompareValue, renderSvg, type CompareMetricView, type CompareView } from '../../sim/report/index.ts';

function metric(over: Partial<CompareMetricView>): CompareMetricView {
  return {
    label: 'p95 TTFT', unit: 'seconds', baseline: 0.2, value: 0.15, diff: -0.05, relDiff: -0.25, ciLow: -0.06, ciHigh: -0.04, relCiLow: -0.3, relCiHigh: -0.2,
    halfWidth: 0.01, significant: true, halfWidthUnpaired: 0.03, crnHalfWidthRatio: 3, n: 10, verdict: 'b lowers p95 TTFT by 25% [20%, 30%] (better)', ...over,
  };
}

const view: CompareView = {
  baseline: 'a',
  replications: 10,
  seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  confidence: 0.95,
  scenarios: [
    {
      name: 'b',
      differences: [{ path: 'engine.enableChunkedPrefill', baseline: true, value: false }],
      warnings: ['something to know'],
      verdict: 'b lowers p95 TTFT by 25% [20%, 30%] (better); goodput fraction unchanged within ±1.0%',
      metrics: {
        'ttftSeconds.p95': metric({}),
        'goodput.fractionMeetingSlo': metric({ label: 'goodput fraction', unit: 'fraction', baseline: 0.9, value: 0.9045, diff: 0.0045, relDiff: 0.005, ciLow: -0.0045, ciHigh: 0.0135, relCiLow: -0.005, relCiHigh: 0.015, significant: false }),
        'kv.preemptions': metric({ label: 'preemptions', unit: 'count', baseline: 0, value: 2, diff: 2, relDiff: NaN, ciLow: 1, ciHigh: 3, relCiLow: NaN, relCiHigh: NaN, crnHalfWidthRatio: NaN }),
      },
    },
  ],
};

describe('formatCompareValue', () => {
  it('prints each unit as the run report does', () => {
    expect(formatCompareValue(0.1234, 'seconds')).toBe('123.4 ms');
    expect(formatCompareValue(1234.5, 'perSecond')).toBe('1,235/s');
    expect(formatCompareValue(0.99871, 'fraction')).toBe('99.87%');
    expect(formatCompareValue(0.0000749, 'usd')).toBe('$0.0000749');
    expect(formatCompareValue(0.366, 'joules')).toBe('0.366 J');
    expect(formatCompareValue(NaN, 'count')).toBe('n/a');
  });
});

describe('formatCompareReport', () => {
  const text = formatCompareReport(view);
  it('heads each comparison with the baseline, the seeds and what differs, then warnings', () => {
    expect(text.split('\n').slice(0, 3)).toEqual([
      'compare b with a (baseline) | 10 replications each, same seeds (1, 2, 3, …, 10) | 95% paired t intervals of b − a',
      'differs in: engine.enableChunkedPrefill: true → false',
      'warning: something to know',
    ]);
  });

  it('tabulates means, signed differences with intervals, relative figures, significance and the CRN gain', () => {
    expect(text).toContain('| p95 TTFT         | 200.0 ms | 150.0 ms | -50.0 ms | [-60.0 ms, -40.0 ms] |  -25.00% | [-30.00%, -20.00%] | yes |    3.00× |');
    expect(text).toContain('| goodput fraction |   90.00% |   90.45% | +0.45 pp | [-0.45 pp, +1.35 pp] |  +0.500% |  [-0.500%, +1.50%] | no  |    3.00× |');
    expect(text).toContain('| preemptions      |        0 |     2.00 |    +2.00 |       [+1.00, +3.00] |      n/a |                n/a | yes |      n/a |');
  });

  it('ends with one verdict line per headline metric', () => {
    expect(text.split('\n').slice(-2)).toEqual(['verdict: b lowers p95 TTFT by 25% [20%, 30%] (better)', 'verdict: goodput fraction unchanged within ±1.0%']);
  });
});

describe('compareChartSpec', () => {
  it('plots the relative difference and its interval in percent, leaving out metrics without a relative figure', () => {
    expect(compareChartData(view)).toEqual([
      { scenario: 'b', metric: 'p95 TTFT', relDiffPercent: -25, lowPercent: -30, highPercent: -20, diff: '-50.0 ms', diffLow: '-60.0 ms', diffHigh: '-40.0 ms', significant: true },
      { scenario: 'b', metric: 'goodput fraction', relDiffPercent: 0.5, lowPercent: -0.5, highPercent: 1.5, diff: '+0.45 pp', diffLow: '-0.45 pp', diffHigh: '+1.35 pp', significant: false },
    ]);
  });

  it('the points\' tooltip: the relative difference and the bounds of its interval (%), the difference and its bounds in the metric\'s unit', () => {
    const spec = compareChartSpec(view) as any;
    const tooltip = spec.layer[1].encoding.tooltip as { field: string; title: string; type: string; format?: string }[];
    expect(tooltip.map((t) => [t.field, t.title])).toEqual([
      ['metric', 'metric'],
      ['scenario', 'scenario'],
      ['relDiffPercent', 'relative difference to a (%)'],
      ['lowPercent', 'relative 95% CI low (%)'],
      ['highPercent', 'relative 95% CI high (%)'],
      ['diff', 'difference to a'],
      ['diffLow', 'difference 95% CI low'],
      ['diffHigh', 'difference 95% CI high'],
      ['significant', 'significant'],
    ]);
    // The percentages are numbers, formatted as every tooltip number is; the differences carry their unit in the text.
    expect(tooltip.filter((t) => t.type === 'quantitative').map((t) => t.format)).toEqual([',.4~g', ',.4~g', ',.4~g']);
    // Every tooltip field is in every datum.
    for (const d of spec.layer[1].data.values) for (const t of tooltip) expect(d).toHaveProperty(t.field);
  });

  it('layers error bars, points and a dashed zero rule, and renders to SVG offline', async () => {
    const spec = compareChartSpec(view) as any;
    expect(spec.layer.map((l: any) => l.mark.type)).toEqual(['rule', 'point', 'rule']);
    expect(spec.layer[0].encoding.x.field).toBe('lowPercent');
    expect(spec.layer[0].encoding.x2.field).toBe('highPercent');
    expect(spec.layer[2].data.values).toEqual([{ zero: 0 }]);
    expect(spec.layer[0].encoding.y.sort).toEqual(['p95 TTFT', 'goodput fraction']);
    const warnings: string[] = [];
    const svg = await renderSvg(spec, { warnings });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('stroke-dasharray="4,4"');
    expect(warnings).toEqual([]);
    expect(await renderSvg(spec)).toBe(svg);
  });
});
