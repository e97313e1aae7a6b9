import { describe, expect, it } from 'vitest';
import { erfc, normalCdf } from '../../sim/random/index.ts';

describe('normalCdf(z)', () => {
  it('matches tabulated values of Φ to 1e-7', () => {
    // Φ values from Abramowitz & Stegun (1964), Table 26.1.
    const table: [number, number][] = [
      [0, 0.5],
      [1, 0.8413447461],
      [1.96, 0.9750021049],
      [-1, 0.1586552539],
      [3, 0.9986501020],
      [-3, 0.0013498980],
    ];
    for (const [z, phi] of table) expect(normalCdf(z)).toBeCloseTo(phi, 7);
  });

  it('is symmetric: Φ(−z) = 1 − Φ(z)', () => {
    for (const z of [0.1, 0.5, 1.3, 2.7, 4]) expect(normalCdf(-z) + normalCdf(z)).toBeCloseTo(1, 9);
  });
});

describe('erfc(x)', () => {
  it('is 1 at 0, 2 at −∞ and 0 at +∞', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(-40)).toBe(2);
    expect(erfc(40)).toBe(0);
  });
});
