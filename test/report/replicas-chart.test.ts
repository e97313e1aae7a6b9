// The replicas chart: only when a replica count changed; per pool, held and serving step lines
// from t = 0 to the run's end, by hand (pool 'elastic': 1 replica, a second started at 10 s with
// a 5 s cold start; pool 'fixed': 1 replica); the area under `held` is the held replica-seconds;
// valid Vega-Lite (static and interactive, the interactive one zoomable on tSeconds), renders to
// SVG; the report writes replicas.vl.json / .svg only then.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { compileVega, hasReplicasChart, interactiveSpec, renderSvg, replicasChartData, replicasChartSpec, reportFilesOf } from '../../sim/report/index.ts';
import { runScenario } from '../fixtures/run.ts';
import { baseScenario, scenarioFrom } from '../fixtures/scenarios.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const validate = new Ajv({ strict: false, validateFormats: false, logger: false }).compile(JSON.parse(readFileSync(join(ROOT, 'node_modules', 'vega-lite', 'build', 'vega-lite-schema.json'), 'utf8')));

const SCALE = { policy: 'schedule', minReplicas: 1, maxReplicas: 2, coldStartSeconds: 5, schedule: [{ atSeconds: 10, replicas: 2 }] };

function run(pools?: unknown[], hardware?: unknown) {
  return runScenario(
    scenarioFrom({
      ...baseScenario(),
      costModel: { kind: 'constant', stepSeconds: 0.01 },
      engine: { maxNumSeqs: 1, maxNumBatchedTokens: 1024 },
      workload: { arrival: { kind: 'poisson', ratePerSecond: 5 }, promptTokens: { kind: 'fixed', tokens: 16 }, outputTokens: { kind: 'fixed', tokens: 10 }, stop: { durationSeconds: 30 } },
      ...(pools === undefined ? {} : { pools }),
      ...(hardware === undefined ? {} : { hardware }),
    }),
  );
}

describe('replicas chart', () => {
  const pooled = run([
    { name: 'fixed', hardware: { gpu: 'h100-sxm', numReplicas: 1 } },
    { name: 'elastic', hardware: { gpu: 'h100-sxm', numReplicas: 1, autoscale: SCALE } },
  ]);

  it('per pool: held and serving step lines from 0 to the run end, by hand', () => {
    const R = Number(pooled.simulatedSeconds.toPrecision(6));
    expect(hasReplicasChart(pooled)).toBe(true);
    expect(replicasChartData(pooled)).toEqual([
      { tSeconds: 0, pool: 'fixed', state: 'held', replicas: 1 },
      { tSeconds: R, pool: 'fixed', state: 'held', replicas: 1 },
      { tSeconds: 0, pool: 'fixed', state: 'serving', replicas: 1 },
      { tSeconds: R, pool: 'fixed', state: 'serving', replicas: 1 },
      { tSeconds: 0, pool: 'elastic', state: 'held', replicas: 1 },
      { tSeconds: 10, pool: 'elastic', state: 'held', replicas: 2 },
      { tSeconds: 15, pool: 'elastic', state: 'held', replicas: 2 },
      { tSeconds: R, pool: 'elastic', state: 'held', replicas: 2 },
      { tSeconds: 0, pool: 'elastic', state: 'serving', replicas: 1 },
      { tSeconds: 10, pool: 'elastic', state: 'serving', replicas: 1 },
      { tSeconds: 15, pool: 'elastic', state: 'serving', replicas: 2 },
      { tSeconds: R, pool: 'elastic', state: 'serving', replicas: 2 },
    ]);
    // The area under elastic's held steps is its held replica-seconds (1 GPU per replica).
    const held = replicasChartData(pooled).filter((d) => d.pool === 'elastic' && d.state === 'held');
    let area = 0;
    for (let i = 0; i + 1 < held.length; i++) area += held[i].replicas * (held[i + 1].tSeconds - held[i].tSeconds);
    expect(area).toBeCloseTo(pooled.summary.pools!.elastic.autoscale!.gpuSecondsHeld, 3);
  });

  it('one series named fleet without pools; none when no count changes', () => {
    const single = run(undefined, { gpu: 'h100-sxm', numReplicas: 1, autoscale: SCALE });
    expect(new Set(replicasChartData(single).map((d) => d.pool))).toEqual(new Set(['fleet']));
    expect(replicasChartData(single).filter((d) => d.state === 'serving').map((d) => d.replicas)).toEqual([1, 1, 2, 2]);
    const fixed = run();
    expect(hasReplicasChart(fixed)).toBe(false);
    expect(reportFilesOf(fixed)).not.toContain('replicas.vl.json');
    expect(reportFilesOf(pooled)).toContain('replicas.vl.json');
  });

  it('is valid Vega-Lite, static and interactive (zoom on tSeconds), and renders to SVG', async () => {
    const spec = replicasChartSpec(pooled);
    expect(validate(spec), JSON.stringify(validate.errors)).toBe(true);
    const live = interactiveSpec(spec);
    expect(validate(live), JSON.stringify(validate.errors)).toBe(true);
    // A line becomes line + hover points (a layer); the x zoom sits on one of its views.
    const params: string[] = [];
    const collect = (v: { params?: { name: string }[]; layer?: unknown[] }): void => {
      for (const p of v.params ?? []) params.push(p.name);
      for (const l of v.layer ?? []) collect(l as never);
    };
    collect(live as never);
    expect(params.filter((n) => n.startsWith('zoom_'))).toEqual(['zoom_0']);
    expect(params.some((n) => n.startsWith('hover_'))).toBe(true);
    const warnings: string[] = [];
    await compileVega(live as never, { warnings });
    expect(warnings).toEqual([]);
    expect(await renderSvg(spec)).toMatch(/^<svg/);
  });
});
