// The per-class CDF chart: lines per class in declared order, dashed rules at each class's TTFT
// threshold and E2E targets, a log axis unless a latency is ≤ 0, and class-cdf.vl.json/.svg in the
// report only with declared classes (requests.csv then carries the class column).
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../sim/metrics/index.ts';
import { REPORT_FILES, classCdfData, classCdfSpec, classRuleData, hasClassCdfChart, renderSvg, reportFilesOf, writeReport } from '../../sim/report/index.ts';
import { fakeRunResult } from './fake-run.ts';

function classed(): RunResult {
  const r = fakeRunResult();
  r.classNames = ['chat', 'batch'];
  r.classLatencyCdf = [
    { name: 'chat', ttftSeconds: 0.5, e2eTargets: [], ttft: [{ value: 0.1, fraction: 0.5 }, { value: 0.25, fraction: 1 }], e2e: [{ value: 2, fraction: 1 }] },
    { name: 'batch', ttftSeconds: 5, e2eTargets: [{ percentile: 'p50', target: 10 }, { percentile: 'p95', target: 30 }], ttft: [{ value: 1.2345678, fraction: 1 / 3 }, { value: 3, fraction: 1 }], e2e: [] },
  ];
  return r;
}

describe('class CDF chart', () => {
  it('lists TTFT then E2E points per class in declared order, in ms, rounded to 6 significant digits', () => {
    expect(classCdfData(classed())).toEqual([
      { metric: 'TTFT', class: 'chat', latencyMs: 100, fraction: 0.5 },
      { metric: 'TTFT', class: 'chat', latencyMs: 250, fraction: 1 },
      { metric: 'TTFT', class: 'batch', latencyMs: 1234.57, fraction: 0.333333 },
      { metric: 'TTFT', class: 'batch', latencyMs: 3000, fraction: 1 },
      { metric: 'E2E', class: 'chat', latencyMs: 2000, fraction: 1 },
    ]);
  });

  it('draws a rule at each class TTFT threshold and at each E2E target', () => {
    expect(classRuleData(classed())).toEqual([
      { metric: 'TTFT', class: 'chat', thresholdMs: 500, label: 'per-request' },
      { metric: 'TTFT', class: 'batch', thresholdMs: 5000, label: 'per-request' },
      { metric: 'E2E', class: 'batch', thresholdMs: 10000, label: 'p50' },
      { metric: 'E2E', class: 'batch', thresholdMs: 30000, label: 'p95' },
    ]);
  });

  it('builds two panels sharing the class colour domain, log axes, rules layered over the lines; renders to SVG', async () => {
    const spec = classCdfSpec(classed()) as unknown as { vconcat: { layer: { data: { values: unknown[] }; mark: { type: string }; encoding: { x: { scale: unknown }; color: { scale: { domain: string[] } } } }[] }[] };
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.vconcat.map((p) => p.layer.map((l) => l.mark.type))).toEqual([['line', 'rule'], ['line', 'rule']]);
    expect(spec.vconcat[1].layer[1].data.values).toHaveLength(2);
    expect(spec.vconcat[0].layer[0].encoding.color.scale.domain).toEqual(['chat', 'batch']);
    expect(spec.vconcat[0].layer[0].encoding.x.scale).toEqual({ type: 'log' });
    const svg = await renderSvg(classCdfSpec(classed()));
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('batch');
  });

  it('uses a linear axis when a latency is 0, and no rule layer for a panel without thresholds', () => {
    const r = classed();
    r.classLatencyCdf![0].ttft[0].value = 0;
    r.classLatencyCdf![1].e2eTargets = [];
    const spec = classCdfSpec(r) as unknown as { vconcat: { layer: { mark: { type: string }; encoding: { x: { scale: unknown } } }[] }[] };
    expect(spec.vconcat[0].layer[0].encoding.x.scale).toEqual({ type: 'linear', zero: true });
    expect(spec.vconcat[1].layer.map((l) => l.mark.type)).toEqual(['line']);
  });

  it('is written only with declared classes: class-cdf.vl.json/.svg after the report files, byte-stable, requests.csv with the class column', async () => {
    expect(hasClassCdfChart(fakeRunResult())).toBe(false);
    expect(reportFilesOf(fakeRunResult())).toEqual([...REPORT_FILES]);
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-class-cdf-'));
    const r = classed();
    r.requests!.classIndex.set([0, 1, 1, 0]);
    const written = await writeReport(r, join(dir, 'a'));
    // No summary.classes nor several windows in the fake: no windows chart (windows-chart.ts), so the class chart directly follows.
    expect(written.map((p) => p.slice(join(dir, 'a').length + 1))).toEqual([...REPORT_FILES, 'class-cdf.vl.json', 'class-cdf.svg']);
    expect(readdirSync(join(dir, 'a')).sort()).toEqual(written.map((p) => p.slice(join(dir, 'a').length + 1)).sort());
    await writeReport(r, join(dir, 'b'));
    for (const name of ['class-cdf.vl.json', 'class-cdf.svg']) expect(readFileSync(join(dir, 'b', name), 'utf8')).toBe(readFileSync(join(dir, 'a', name), 'utf8'));
    const csv = readFileSync(join(dir, 'a', 'requests.csv'), 'utf8').split('\n');
    expect(csv[0].endsWith(',e2e_s,class')).toBe(true);
    expect(csv.slice(1, -1).map((l) => l.split(',').at(-1))).toEqual(['chat', 'batch', 'batch', 'chat']);
  });
});
