import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsciiBuffer, asciiText } from '../../sim/report/ascii-buffer.ts';

/** The same rounding by another route: toFixed(9) of the nanosecond-rounded value, zeros trimmed. */
function viaToFixed(x: number): string {
  return (Math.round(x * 1e9) / 1e9).toFixed(9).replace(/\.?0+$/, '');
}

describe('AsciiBuffer', () => {
  it('seconds(x): rounded to the nanosecond, trailing zeros dropped, NaN empty', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [12, '12'],
      [1.5, '1.5'],
      [0.000123456789, '0.000123457'],
      [0.0000000004, '0'],
      [0.0000000005, '0.000000001'],
      [3.999999999999, '4'],
      [0.1 + 0.2, '0.3'],
      [8999999.123456789, '8999999.123456789'],
      [NaN, ''],
      [-0.25, '-0.25'],
      [9e6, '9000000'],
      [1e300, '1e+300'],
    ];
    for (const [x, text] of cases) expect([x, asciiText((out) => out.seconds(x))]).toEqual([x, text]);
  });

  it('seconds(x) equals toFixed(9) of the nanosecond-rounded value for any x in [0, 9e6)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 9e6, noNaN: true, maxExcluded: true }), (x) => {
        expect(asciiText((out) => out.seconds(x))).toBe(viaToFixed(x));
      }),
      { numRuns: 2000 },
    );
  });

  it('int(n) equals String(n) for any safe integer', () => {
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => {
        expect(asciiText((out) => out.int(n))).toBe(String(n));
      }), { numRuns: 2000 });
    expect(asciiText((out) => out.int(-1))).toBe('-1');
  });

  it('hands full buffers to onFull and keeps every byte in order', () => {
    const parts: string[] = [];
    const out = new AsciiBuffer(64, (bytes, length) => parts.push(bytes.toString('latin1', 0, length)));
    for (let i = 0; i < 100; i++) {
      out.reserve(16);
      out.int(i);
      out.byte(10);
    }
    out.flush();
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('')).toBe(Array.from({ length: 100 }, (_, i) => `${i}\n`).join(''));
  });
});
