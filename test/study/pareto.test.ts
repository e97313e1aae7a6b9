import { describe, expect, it } from 'vitest';
import type { PointResult } from '../../sim/study/plan-types.ts';
import { capacityParetoFlags, paretoFlags, pickBest } from '../../sim/study/index.ts';

function r(index: number, f: Partial<PointResult>): PointResult {
  return { index, key: `{"i":${index}}`, config: { i: index }, status: 'ok', curve: [], simulations: 0, ...f };
}

// cost, p95 TTFT, p95 TPOT of a hand-made set:
//   0: (1, 1, 1)   dominated by 3 (equal cost and TTFT, better TPOT)
//   1: (2, 2, 2)   dominated by 0
//   2: (0.5, 3, 3) frontier (the cheapest)
//   3: (1, 1, 0.5) frontier
//   4: (1, 1, 0.5) equal to 3: neither dominates the other, both on it
//   5: skipped, 6: no cost → false
const set: PointResult[] = [
  r(0, { usdPer1kOutputTokens: 1, p95TtftSeconds: 1, p95TpotSeconds: 1 }),
  r(1, { usdPer1kOutputTokens: 2, p95TtftSeconds: 2, p95TpotSeconds: 2 }),
  r(2, { usdPer1kOutputTokens: 0.5, p95TtftSeconds: 3, p95TpotSeconds: 3 }),
  r(3, { usdPer1kOutputTokens: 1, p95TtftSeconds: 1, p95TpotSeconds: 0.5 }),
  r(4, { usdPer1kOutputTokens: 1, p95TtftSeconds: 1, p95TpotSeconds: 0.5 }),
  { ...r(5, {}), status: 'skipped', reason: 'tp 3 must divide the 32 attention heads' },
  r(6, { p95TtftSeconds: 0.1, p95TpotSeconds: 0.01 }),
];

describe('paretoFlags(results)', () => {
  it('marks the non-dominated ok results over (cost, p95 TTFT, p95 TPOT), all minimised', () => {
    expect(paretoFlags(set)).toEqual([false, false, true, true, true, false, false]);
  });

  it('a NaN figure (e.g. TPOT of one-token outputs) keeps a result off the frontier without hiding others', () => {
    expect(paretoFlags([r(0, { usdPer1kOutputTokens: 1, p95TtftSeconds: 1, p95TpotSeconds: NaN }), set[1]])).toEqual([false, true]);
  });

  it('empty in, empty out', () => {
    expect(paretoFlags([])).toEqual([]);
  });
});

describe('capacityParetoFlags(results)', () => {
  it('fewer GPUs and more max rate: (8 GPUs, 10/s) and (4, 6/s) are on it, (8, 5/s) and (16, 10/s) are not', () => {
    const flags = capacityParetoFlags([
      r(0, { gpus: 8, maxRatePerSecond: 10 }),
      r(1, { gpus: 4, maxRatePerSecond: 6 }),
      r(2, { gpus: 8, maxRatePerSecond: 5 }),
      r(3, { gpus: 16, maxRatePerSecond: 10 }),
      r(4, { gpus: 2 }),
    ]);
    expect(flags).toEqual([true, true, false, false, false]);
  });
});

describe('pickBest(results)', () => {
  it('with a target: the cheapest result meeting the SLO at the target (minReplicas set), ties to fewer GPUs then plan order', () => {
    const results = [
      r(0, { minReplicas: 4, gpus: 8, usdPer1kOutputTokens: 0.3 }),
      r(1, { minReplicas: 2, gpus: 8, usdPer1kOutputTokens: 0.2 }),
      r(2, { minReplicas: 1, gpus: 4, usdPer1kOutputTokens: 0.2 }),
      r(3, { maxRatePerSecond: 100, usdPer1kOutputTokens: 0.01 }), // never reached the target
      r(4, { minReplicas: 1, gpus: 4, usdPer1kOutputTokens: 0.2 }),
    ];
    expect(pickBest(results)?.index).toBe(2);
    expect(pickBest(results.slice(0, 2))?.index).toBe(1);
  });

  it('without a target: the cheapest per 1k output tokens at its own max rate, ties to the higher max rate', () => {
    const results = [
      r(0, { maxRatePerSecond: 10, usdPer1kOutputTokens: 0.2 }),
      r(1, { maxRatePerSecond: 20, usdPer1kOutputTokens: 0.2 }),
      r(2, { maxRatePerSecond: 50, usdPer1kOutputTokens: 0.3 }),
      r(3, { usdPer1kOutputTokens: 0.01 }), // no max rate
    ];
    expect(pickBest(results)?.index).toBe(1);
  });

  it('undefined when nothing qualifies', () => {
    expect(pickBest([])).toBeUndefined();
    expect(pickBest([{ ...r(0, {}), status: 'skipped' }])).toBeUndefined();
  });
});
