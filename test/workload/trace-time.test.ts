import { describe, expect, it } from 'vitest';
import { parseDecimalInstant, parseIsoInstant, secondsBetween } from '../../sim/workload/index.ts';

describe('parseIsoInstant', () => {
  it('keeps all 7 fractional digits of the Azure timestamps exactly (Date.parse would round to the ms)', () => {
    expect(parseIsoInstant('2023-11-16 18:17:03.9799601')).toEqual({ seconds: Date.UTC(2023, 10, 16, 18, 17, 3) / 1000, nanos: 979_960_100 });
    const a = parseIsoInstant('2023-11-16 18:17:03.0000001');
    const b = parseIsoInstant('2023-11-16 18:17:03.0000002');
    if (typeof a === 'string' || typeof b === 'string') throw new Error('parse failed');
    expect(secondsBetween(b, a)).toBe(1e-7);
  });

  it("accepts 'T', no seconds, any number of digits (rounded half up past the 9th), Z and ±hh:mm zones", () => {
    expect(parseIsoInstant('2024-02-29T12:00Z')).toEqual({ seconds: Date.UTC(2024, 1, 29, 12) / 1000, nanos: 0 });
    expect(parseIsoInstant('2024-01-01T00:00:00.1234567895')).toEqual({ seconds: Date.UTC(2024, 0, 1) / 1000, nanos: 123_456_790 });
    expect(parseIsoInstant('2024-01-01T00:00:00.9999999999')).toEqual({ seconds: Date.UTC(2024, 0, 1) / 1000 + 1, nanos: 0 });
    expect(parseIsoInstant('2024-01-01T02:00:00+02:00')).toEqual({ seconds: Date.UTC(2024, 0, 1) / 1000, nanos: 0 });
    expect(parseIsoInstant('2024-01-01T00:00:00-0130')).toEqual({ seconds: Date.UTC(2024, 0, 1, 1, 30) / 1000, nanos: 0 });
  });

  it('rejects impossible dates and other text with a reason', () => {
    expect(parseIsoInstant('2023-02-29 00:00:00')).toMatch(/not a leap year/);
    expect(parseIsoInstant('2023-11-16 24:00:00')).toMatch(/not a valid date-time/);
    expect(parseIsoInstant('yesterday')).toMatch(/not an ISO 8601 date-time/);
  });
});

describe('parseDecimalInstant', () => {
  it('converts s, ms and us exactly to (seconds, nanoseconds)', () => {
    expect(parseDecimalInstant('1700000000.123456789', 's')).toEqual({ seconds: 1_700_000_000, nanos: 123_456_789 });
    expect(parseDecimalInstant('27482.5', 'ms')).toEqual({ seconds: 27, nanos: 482_500_000 });
    expect(parseDecimalInstant('1700000000123456.5', 'us')).toEqual({ seconds: 1_700_000_000, nanos: 123_456_500 });
    expect(parseDecimalInstant('-1', 's')).toMatch(/not a non-negative decimal number/);
  });
});
