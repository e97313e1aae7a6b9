import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeSeries } from '../../sim/metrics/index.ts';

describe('TimeSeries', () => {
  it('addLevel splits an interval over the bins it overlaps, time-weighted', () => {
    const ts = new TimeSeries();
    ts.addLevel('running', 0.5, 2.5, 2);
    ts.addLevel('waiting', 0.25, 0.75, 4); // inside one bin
    const points = ts.points(3);
    expect(points.map((p) => p.tSeconds)).toEqual([0, 1, 2]);
    expect(points.map((p) => p.running)).toEqual([1, 2, 1]);
    expect(points.map((p) => p.waiting)).toEqual([2, 0, 0]);
  });

  it('addCount puts tokens emitted at t in the bin ending at or after t; rates are count / width', () => {
    const ts = new TimeSeries();
    ts.addCount(0, 1);
    ts.addCount(1, 5); // end of bin 0
    ts.addCount(1.5, 2);
    ts.addCount(2, 4);
    expect(ts.points(2).map((p) => p.outputTokensPerSecond)).toEqual([6, 6]);
  });

  it('divides the last, partial bin by the part of it before endSeconds', () => {
    const ts = new TimeSeries();
    ts.addLevel('kvUsedFraction', 0, 2.5, 0.4);
    ts.addCount(2.5, 3);
    const points = ts.points(2.5);
    expect(points.map((p) => p.kvUsage)).toEqual([0.4, 0.4, 0.4]);
    expect(points[2].outputTokensPerSecond).toBe(6);
  });

  it('merges neighbouring pairs and doubles the bin width when time runs past the last bin', () => {
    const ts = new TimeSeries({ binSeconds: 1, maxBins: 4 });
    ts.addLevel('running', 0, 4, 1);
    ts.addCount(3.5, 8);
    expect(ts.binSeconds).toBe(1);
    ts.addLevel('running', 4, 5, 3); // past bin 3 → bins of 2 s
    expect(ts.binSeconds).toBe(2);
    expect(ts.points(6).map((p) => p.running)).toEqual([1, 1, 1.5]);
    ts.addCount(20, 4); // past 8 s → 4 s, past 16 s → 8 s
    expect(ts.binSeconds).toBe(8);
    const points = ts.points(24);
    expect(points.map((p) => p.tSeconds)).toEqual([0, 8, 16]);
    expect(points.map((p) => p.running)).toEqual([7 / 8, 0, 0]);
    expect(points.map((p) => p.outputTokensPerSecond)).toEqual([1, 0, 0.5]);
    expect(ts.total('running')).toBe(7);
    expect(ts.total('outputTokens')).toBe(12);
  });

  it('leaves out a last bin that covers under 1e−9 of a bin width (a float sliver, not data)', () => {
    const ts = new TimeSeries();
    ts.addCount(3 + 4e-16, 5);
    expect(ts.points(3 + 4e-16).length).toBe(3);
  });

  it('points past the last bin coarsens the bins first', () => {
    const ts = new TimeSeries({ maxBins: 4 });
    ts.addLevel('waiting', 0, 1, 2);
    const points = ts.points(10);
    expect(ts.binSeconds).toBe(4);
    expect(points.map((p) => p.waiting)).toEqual([0.5, 0, 0]);
    expect(points.length).toBe(3);
  });

  it('keeps the integrals of levels and counts under merging, and at most maxBins bins, for any run', () => {
    const interval = fc.record({
      t0: fc.double({ min: 0, max: 5000, noNaN: true }),
      dt: fc.double({ min: 0, max: 300, noNaN: true }),
      value: fc.double({ min: 0, max: 100, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 60 }), fc.constantFrom(2, 4, 8, 16), (intervals, maxBins) => {
        const ts = new TimeSeries({ binSeconds: 0.5, maxBins });
        let area = 0;
        let tokens = 0;
        let end = 0;
        for (const { t0, dt, value } of intervals) {
          ts.addLevel('kvUsedFraction', t0, t0 + dt, value);
          ts.addCount(t0 + dt, value);
          area += value * dt;
          tokens += value;
          end = Math.max(end, t0 + dt);
        }
        const tolerance = 1e-9 * Math.max(1, area);
        expect(Math.abs(ts.total('kvUsedFraction') - area)).toBeLessThanOrEqual(tolerance);
        expect(Math.abs(ts.total('outputTokens') - tokens)).toBeLessThanOrEqual(1e-9 * Math.max(1, tokens));
        if (end === 0) return;
        const points = ts.points(end);
        expect(points.length).toBeLessThanOrEqual(maxBins);
        expect(end).toBeLessThanOrEqual(maxBins * ts.binSeconds);
        expect(ts.binSeconds === 0.5 || end > (maxBins * ts.binSeconds) / 2).toBe(true);
        const w = ts.binSeconds;
        let fromPoints = 0;
        for (const p of points) fromPoints += p.kvUsage * Math.min(w, end - p.tSeconds);
        // A last bin under 1e−9 of a bin width is left out: allow for the area it could hold.
        const sliver = intervals.reduce((sum, i) => sum + i.value, 0) * 1e-9 * w;
        expect(Math.abs(fromPoints - area)).toBeLessThanOrEqual(tolerance + sliver);
      }),
    );
  });
});
