// Acceptance draws of speculative decoding: the leading-run distribution, its closed-form mean
// (1 − α^(γ+1)) / (1 − α), the exact ends α = 0 and α = 1, per-position rates, and classes.
import { describe, expect, it } from 'vitest';
import { createStreams, keyedUniform } from '../../sim/random/index.ts';
import { LeadingRunAcceptance, Request, classFromUniform } from '../../sim/scheduler/index.ts';
import { chiSquare, chiSquareCritical, mean, sample, variance } from '../random/stats.ts';

const req = (id = 0) => new Request(id, 0, 10, 10, true);

describe('LeadingRunAcceptance', () => {
  it('α = 0 accepts nothing and α = 1 accepts all γ, every time', () => {
    const u = createStreams(1).stream('a').next;
    const none = new LeadingRunAcceptance([[0]], u);
    const all = new LeadingRunAcceptance([[1]], u);
    for (let i = 0; i < 1000; i++) {
      expect(none.accepted(req(), 5)).toBe(0);
      expect(all.accepted(req(), 5)).toBe(5);
    }
  });

  for (const [alpha, gamma] of [[0.6, 3], [0.8, 5], [0.3, 1]] as const) {
    it(`α ${alpha}, γ ${gamma}: 1 + accepted has mean (1 − α^(γ+1))/(1 − α) and the truncated-geometric law`, () => {
      const a = new LeadingRunAcceptance([[alpha]], createStreams(7).stream('acceptance/0').next);
      const n = 200_000;
      const xs = sample(n, () => 1 + a.accepted(req(), gamma));
      const closedForm = (1 - alpha ** (gamma + 1)) / (1 - alpha);
      // 4 standard errors of the sample mean.
      expect(Math.abs(mean(xs) - closedForm)).toBeLessThan(4 * Math.sqrt(variance(xs) / n));
      // P(accepted = k) = α^k (1 − α) for k < γ, α^γ for k = γ.
      const counts = new Array<number>(gamma + 1).fill(0);
      for (const x of xs) counts[x - 1]++;
      const p = counts.map((_, k) => (k < gamma ? alpha ** k * (1 - alpha) : alpha ** gamma));
      expect(chiSquare(counts, p)).toBeLessThan(chiSquareCritical(gamma));
    });
  }

  it('per-position rates: P(accepted ≥ k) = α₁⋯α_k', () => {
    const rates = [0.9, 0.5, 0.2];
    const a = new LeadingRunAcceptance([rates], createStreams(3).stream('acceptance/0').next);
    const n = 200_000;
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[a.accepted(req(), 3)]++;
    const p = [1 - 0.9, 0.9 * 0.5, 0.9 * 0.5 * 0.8, 0.9 * 0.5 * 0.2];
    expect(chiSquare(counts, p)).toBeLessThan(chiSquareCritical(3));
  });

  it('classes: a request keeps the class its id maps to, with the weights as shares', () => {
    const key = keyedUniform(11, 'spec-class');
    const weights = [3, 1];
    const a = new LeadingRunAcceptance([[1], [0]], createStreams(1).stream('x').next, (r) => classFromUniform(weights, key(r.id)));
    let high = 0;
    const n = 40_000;
    for (let id = 0; id < n; id++) {
      const r = req(id);
      const first = a.accepted(r, 2);
      expect(a.accepted(r, 2)).toBe(first); // same class every verify
      if (first === 2) high++;
    }
    expect(chiSquare([high, n - high], [0.75, 0.25])).toBeLessThan(chiSquareCritical(1));
  });

  it('classFromUniform picks by cumulative share', () => {
    expect(classFromUniform([1, 1, 2], 0)).toBe(0);
    expect(classFromUniform([1, 1, 2], 0.2499)).toBe(0);
    expect(classFromUniform([1, 1, 2], 0.25)).toBe(1);
    expect(classFromUniform([1, 1, 2], 0.5)).toBe(2);
    expect(classFromUniform([1, 1, 2], 0.9999)).toBe(2);
  });

  it('rejects rates outside [0, 1]', () => {
    expect(() => new LeadingRunAcceptance([[1.2]], () => 0)).toThrow(/outside \[0, 1\]/);
  });
});
