// The screening pass: ε-dominance picks the candidates (hand-built results), the step factors of a
// screened start, and on a 12-configuration constant-cost plan: fewer simulations than the full
// search of every configuration, the same best answer, screened-out configurations on no frontier,
// and the same bytes from 3 shards + merge, from a resumed run and from --jobs 1 and 2.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeScreen, loadPlan, mergeResultFiles, nearFrontier, parseResultsText, runPlan, screenedOut, stepFactor, type PointResult } from '../../sim/study/index.ts';
import { planFile } from './plan-fixture.ts';

const result = (index: number, v: Partial<PointResult>): PointResult => ({ index, key: String(index), config: {}, status: 'ok', curve: [], simulations: 1, ...v });

describe('nearFrontier (ε-dominance with margin m)', () => {
  it('keeps the frontier and what is within 1 + m of it; drops what another beats by more than m in every objective', () => {
    const rs = [
      result(0, { usdPer1kOutputTokens: 1, p95TtftSeconds: 1, p95TpotSeconds: 1, maxRatePerSecond: 10, maxRateGpus: 1 }),
      // 20% worse in every objective: within m = 0.25, so near.
      result(1, { usdPer1kOutputTokens: 1.2, p95TtftSeconds: 1.2, p95TpotSeconds: 1.2, maxRatePerSecond: 10 / 1.2, maxRateGpus: 1 }),
      // 30% worse everywhere, and on neither frontier: not near.
      result(2, { usdPer1kOutputTokens: 1.3, p95TtftSeconds: 1.3, p95TpotSeconds: 1.3, maxRatePerSecond: 10 / 1.3, maxRateGpus: 1 }),
      // Dearer but faster TTFT: on the cost frontier.
      result(3, { usdPer1kOutputTokens: 3, p95TtftSeconds: 0.5, p95TpotSeconds: 1.3, maxRatePerSecond: 1, maxRateGpus: 1 }),
      // More GPUs but a far higher max rate: on the capacity frontier.
      result(4, { usdPer1kOutputTokens: 5, p95TtftSeconds: 5, p95TpotSeconds: 5, maxRatePerSecond: 100, maxRateGpus: 8 }),
      result(5, { status: 'skipped' }),
      result(6, { reason: 'SLO missed at every rate tried' }),
    ];
    expect(nearFrontier(rs, 0.25)).toEqual([true, true, false, true, true, false, false]);
    // With m = 0 only the frontiers (and the cheapest) remain.
    expect(nearFrontier(rs, 0)).toEqual([true, false, false, true, true, false, false]);
  });

  it('keeps the runners-up: cost within 1 + m of the cheapest qualifies even when dominated by more than m elsewhere', () => {
    const rs = [
      result(0, { usdPer1kOutputTokens: 1, p95TtftSeconds: 0.1, p95TpotSeconds: 0.01, minReplicas: 2, gpus: 2 }),
      result(1, { usdPer1kOutputTokens: 1.1, p95TtftSeconds: 0.5, p95TpotSeconds: 0.05, minReplicas: 2, gpus: 2 }),
      result(2, { usdPer1kOutputTokens: 1.5, p95TtftSeconds: 0.5, p95TpotSeconds: 0.05, minReplicas: 2, gpus: 2 }),
      // Cheap but with no fleet meeting the target: does not qualify as a runner-up.
      result(3, { usdPer1kOutputTokens: 0.5, p95TtftSeconds: 9, p95TpotSeconds: 9 }),
    ];
    expect(nearFrontier(rs, 0.25)).toEqual([true, true, false, true]);
  });

  it('screenedOut marks the result and appends why; step factors grow g, g², g⁴ up to 2', () => {
    const s = screenedOut(result(0, { reason: 'x' }), 0.25);
    expect(s.screened).toBe(true);
    expect(s.reason).toBe("x; screened out: more than 25% from the frontier in the screening pass (its figures are the screen's)");
    expect([0, 1, 2, 3].map((k) => stepFactor(1.15, k))).toEqual([1.15, 1.15 ** 2, 1.15 ** 4, 2]);
    expect([0, 1, 5].map((k) => stepFactor(2, k))).toEqual([2, 2, 2]);
  });
});

// 4 GPUs × 3 step times on the constant cost model: capacity ∝ 1/step and cost ∝ price × step, so
// the slow steps on the dear GPUs are far from the frontier.
const SCREEN_PLAN = `name: screen-plan
seed: 3
model: llama-3.1-8b
hardware: { gpu: h100-sxm }
costModel: { kind: constant, stepSeconds: 0.01 }
engine: { maxNumSeqs: 4 }
workload:
  arrival: { kind: poisson, ratePerSecond: 10 }
  promptTokens: { kind: fixed, tokens: 64 }
  outputTokens: { kind: fixed, tokens: 8 }
  stop: { numRequests: 300 }
slo: { e2e: { mean: 0.5 } }
sweep:
  hardware.gpu: [a100-sxm-80gb, h100-sxm, h200-sxm, b200]
  costModel.stepSeconds: [0.01, 0.02, 0.04]
plan: { replications: 3, tolerance: 0.05 }
`;

describe('runPlan with the screening pass', () => {
  it('searches only the near configurations in full: fewer simulations, the same best, the others marked and off the frontiers', async () => {
    const screenedPlan = loadPlan(planFile(SCREEN_PLAN).file);
    expect(activeScreen(screenedPlan)).toEqual({ replications: 1, tolerance: 0.1, margin: 0.25, minConfigurations: 8 });
    const fullPlan = loadPlan(planFile(SCREEN_PLAN.replace('tolerance: 0.05 }', 'tolerance: 0.05, screen: false }')).file);
    expect(activeScreen(fullPlan)).toBeUndefined();
    const screened = await runPlan(screenedPlan, { jobs: 2 });
    const full = await runPlan(fullPlan, { jobs: 2 });
    expect(screened.best?.key).toBe(full.best?.key);
    expect(screened.best?.maxRatePerSecond).toBeCloseTo(full.best!.maxRatePerSecond!, 1);
    const out = screened.configurations.filter((c) => c.screened === true);
    expect(out.length).toBeGreaterThanOrEqual(4);
    expect(out.every((c) => !c.pareto && !c.paretoCapacity && /screened out/.test(c.reason ?? ''))).toBe(true);
    // Every configuration slower than 0.01 s per step on a GPU dearer than the cheapest is out.
    expect(out.map((c) => c.config['costModel.stepSeconds'])).not.toContain(0.01);
    expect(screened.simulations).toBeLessThan(0.75 * full.simulations);
  }, 60_000);

  it('gives the same bytes from --jobs 1 and 2, from 3 shards + merge, and from a run resumed after the screening pass', async () => {
    const { dir, file } = planFile(SCREEN_PLAN);
    const plan = loadPlan(file);
    const jsonl = join(dir, 'r.jsonl');
    const one = await runPlan(plan, { jobs: 2, jsonlPath: jsonl });
    expect(JSON.stringify(await runPlan(plan, { jobs: 1 }))).toBe(JSON.stringify(one));
    const shards = [];
    for (const index of [2, 0, 1]) {
      const path = join(dir, `s${index}.jsonl`);
      await runPlan(plan, { jobs: 2, jsonlPath: path, shard: { index, count: 3 } });
      shards.push({ file: path, parsed: parseResultsText(path, readFileSync(path, 'utf8')) });
    }
    expect(JSON.stringify(mergeResultFiles(shards))).toBe(JSON.stringify(one));
    // Killed after the screening pass and two final results: the rerun screens nothing again.
    const lines = readFileSync(jsonl, 'utf8').split('\n');
    const screens = lines.filter((l) => l.includes('"phase":"screen"')).length;
    expect(screens).toBe(12);
    writeFileSync(jsonl, lines.slice(0, 1 + screens + 2).join('\n') + '\n');
    const sims: number[] = [];
    const resumed = await runPlan(plan, { jobs: 2, jsonlPath: jsonl, onProgress: (_d, _t, s) => sims.push(s) });
    expect(JSON.stringify(resumed)).toBe(JSON.stringify(one));
  }, 90_000);
});
