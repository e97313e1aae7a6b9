// mergePlanResults: dedupe by key (first wins), plan order, then pareto flags, best and the
// simulation count over that list — the same whatever the order and grouping of its input.
import { describe, expect, it } from 'vitest';
import { PlanResultsError, mergePlanResults, mergeResultFiles, planResultsHeader, type Plan, type PointResult } from '../../sim/study/index.ts';

const ok = (index: number, usd: number, ttft: number, sims: number): PointResult => ({
  index,
  key: `{"i":${index}}`,
  config: { i: index },
  status: 'ok',
  maxRatePerSecond: 10,
  usdPer1kOutputTokens: usd,
  p95TtftSeconds: ttft,
  p95TpotSeconds: 0.01,
  curve: [],
  simulations: sims,
});
const skipped: PointResult = { index: 3, key: '{"i":3}', config: { i: 3 }, status: 'skipped', reason: 'FP4 on Hopper', curve: [], simulations: 0 };
// 0 dominates 2 (cheaper and faster); 1 is faster than 0 but dearer: both on the frontier.
const lines = [ok(0, 1, 0.2, 3), ok(1, 2, 0.1, 4), ok(2, 3, 0.3, 5), skipped];

describe('mergePlanResults', () => {
  it('orders by index, flags the frontier, picks the cheapest as best and sums the simulations', () => {
    const r = mergePlanResults([lines[2], skipped, lines[0], lines[1]]);
    expect(r.configurations.map((c) => [c.index, c.pareto])).toEqual([[0, true], [1, true], [2, false], [3, false]]);
    expect(r.best?.index).toBe(0);
    expect(r.simulations).toBe(12);
  });

  it('flags the capacity frontier: fewest GPUs against the highest max rate', () => {
    // 0: 1 GPU at 10/s; 1: 2 GPUs at 25/s; 2: 2 GPUs at 20/s (dominated by 1); skipped: never.
    const withGpus = [{ ...lines[0], gpus: 1 }, { ...lines[1], gpus: 2, maxRatePerSecond: 25 }, { ...lines[2], gpus: 2, maxRatePerSecond: 20 }, skipped];
    expect(mergePlanResults(withGpus).configurations.map((c) => c.paretoCapacity)).toEqual([true, true, false, false]);
  });

  it('a key seen twice counts once (the first), so a rerun shard or a file given twice changes nothing', () => {
    const once = mergePlanResults(lines);
    expect(JSON.stringify(mergePlanResults([...lines, ...lines]))).toBe(JSON.stringify(once));
  });

  it('mergeResultFiles refuses files of different plans and an incomplete set, saying which indices are missing', () => {
    const plan: Plan = { name: 'p', file: 'p.yaml', options: { maxRate: true, tolerance: 0.02, replications: 2, maxReplicas: 64, screen: false }, points: lines.map((l) => ({ index: l.index, key: l.key, config: l.config, skipped: 'x' })) };
    const header = planResultsHeader(plan);
    const file = (results: PointResult[], h = header) => ({ file: 'f.jsonl', parsed: { header: h, results, screens: [], wholeBytes: 0, partial: false } });
    expect(mergeResultFiles([file(lines.slice(0, 2)), file(lines.slice(2))]).simulations).toBe(12);
    expect(() => mergeResultFiles([file(lines.slice(0, 2))])).toThrow('hold 2 of the plan\'s 4 configurations (missing indices 2, 3)');
    const other = planResultsHeader({ ...plan, points: plan.points.slice(1) });
    expect(() => mergeResultFiles([file(lines.slice(0, 2)), file(lines.slice(2), other)])).toThrow(PlanResultsError);
  });
});
