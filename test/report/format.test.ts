import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatMagnitude,
  formatNumber,
  formatPercent,
  formatRate,
  formatSeconds,
  formatSignificant3,
  formatUsd,
} from '../../sim/report/index.ts';

describe('formatSeconds(s)', () => {
  it('shows sub-second durations in ms with precision by magnitude', () => {
    expect(formatSeconds(0.0001234)).toBe('0.123 ms');
    expect(formatSeconds(0.001234)).toBe('1.23 ms');
    expect(formatSeconds(0.01234)).toBe('12.3 ms');
    expect(formatSeconds(0.1234)).toBe('123.4 ms');
    expect(formatSeconds(0)).toBe('0 ms');
  });

  it('shows durations from one second in s', () => {
    expect(formatSeconds(1.234)).toBe('1.23 s');
    expect(formatSeconds(12.34)).toBe('12.3 s');
    expect(formatSeconds(1234.4)).toBe('1,234 s');
  });

  it('switches unit on the rounded value, never printing 1000.0 ms', () => {
    expect(formatSeconds(0.99996)).toBe('1.00 s');
    expect(formatSeconds(0.0099996)).toBe('10.0 ms');
  });

  it('prints n/a for NaN and inf for infinity', () => {
    expect(formatSeconds(NaN)).toBe('n/a');
    expect(formatSeconds(Infinity)).toBe('inf');
  });
});

describe('formatNumber / formatCount / formatMagnitude', () => {
  it('groups thousands without a locale', () => {
    expect(formatNumber(12345.678, 1)).toBe('12,345.7');
    expect(formatNumber(-1234567, 0)).toBe('-1,234,567');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
  });

  it('drops the sign of a value that rounds to zero', () => {
    expect(formatNumber(-0.01, 1)).toBe('0.0');
  });

  it('keeps about three significant digits, never exponent notation', () => {
    expect(formatMagnitude(1234.5)).toBe('1,235');
    expect(formatMagnitude(123.45)).toBe('123.5');
    expect(formatMagnitude(12.5)).toBe('12.50');
    expect(formatMagnitude(0.012345)).toBe('0.0123');
    expect(formatMagnitude(0.00000123)).toBe('0.00000123');
    expect(formatMagnitude(0)).toBe('0');
  });
});

describe('formatRate / formatPercent / formatUsd', () => {
  it('formats a rate with its unit', () => {
    expect(formatRate(12.5, 'req/s')).toBe('12.50 req/s');
    expect(formatRate(12345.6, 'tok/s')).toBe('12,346 tok/s');
  });

  it('formats fractions as percentages', () => {
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(NaN)).toBe('n/a');
  });

  it('formats dollars with cents above $1 and three significant digits below', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0.5)).toBe('$0.500');
    expect(formatUsd(0.0123)).toBe('$0.0123');
    expect(formatUsd(0.000456)).toBe('$0.000456');
    expect(formatUsd(0)).toBe('$0.00');
  });
});

describe('formatSignificant3(x)', () => {
  it('three significant digits, shortest plain form: no trailing zeros, no grouping', () => {
    expect(formatSignificant3(0.012345)).toBe('0.0123');
    expect(formatSignificant3(1234.5)).toBe('1230');
    expect(formatSignificant3(2)).toBe('2');
    expect(formatSignificant3(2.0049)).toBe('2');
    expect(formatSignificant3(0.1 + 0.2)).toBe('0.3');
    expect(formatSignificant3(-0.5)).toBe('-0.5');
    expect(formatSignificant3(99.95)).toBe('100');
    expect(formatSignificant3(0)).toBe('0');
  });

  it('non-finite values as every helper prints them', () => {
    expect(formatSignificant3(NaN)).toBe('n/a');
    expect(formatSignificant3(Infinity)).toBe('inf');
    expect(formatSignificant3(-Infinity)).toBe('-inf');
  });
});
