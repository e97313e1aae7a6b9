import { describe, expect, it } from 'vitest';
import { MAX_SEED, isExactSeed, parseSeedText, replicationSeed } from '../../sim/study/index.ts';

describe('replicationSeed', () => {
  it('replicationSeed(s, 0) is s itself and replication i runs with s + i', () => {
    expect(replicationSeed(1, 0)).toBe(1);
    expect([0, 1, 2, 9].map((i) => replicationSeed(1, i))).toEqual([1, 2, 3, 10]);
    expect(replicationSeed(0, 4)).toBe(4);
  });

  it('wraps past 2^53 − 1 to 0, exactly (no rounding near the top)', () => {
    expect(MAX_SEED).toBe(2 ** 53 - 1);
    expect(replicationSeed(MAX_SEED - 1, 1)).toBe(MAX_SEED);
    expect(replicationSeed(MAX_SEED - 1, 2)).toBe(0);
    expect(replicationSeed(MAX_SEED, 3)).toBe(2);
  });

  it('refuses a base seed outside [0, 2^53 − 1] and a negative or fractional index', () => {
    expect(() => replicationSeed(2 ** 53, 0)).toThrow(RangeError);
    expect(() => replicationSeed(-1, 0)).toThrow(RangeError);
    expect(() => replicationSeed(1, -1)).toThrow(RangeError);
    expect(() => replicationSeed(1, 0.5)).toThrow(RangeError);
  });
});

describe('seeds that seed exactly', () => {
  it('isExactSeed accepts exactly the integers 0 … 2^53 − 1', () => {
    expect([0, 1, MAX_SEED].every(isExactSeed)).toBe(true);
    expect([-1, 0.5, 2 ** 53, 1e20, 1e300, NaN, Infinity].some(isExactSeed)).toBe(false);
  });

  it('parseSeedText takes plain decimal digits up to 9007199254740991 and nothing else', () => {
    expect(parseSeedText('0')).toBe(0);
    expect(parseSeedText('42')).toBe(42);
    expect(parseSeedText('007')).toBe(7);
    expect(parseSeedText('9007199254740991')).toBe(MAX_SEED);
    // 2^53 and 2^53 + 1 are the same double: neither is accepted.
    for (const bad of ['9007199254740992', '9007199254740993', '100000000000000000000', '100000000000000000001', '1e300', '1e3', '-1', '+1', '1.0', '0x10', ' 1', '', 'seven']) {
      expect(parseSeedText(bad), bad).toBeUndefined();
    }
  });
});
