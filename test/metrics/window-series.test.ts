// WindowSeries by hand: window assignment (k·w, (k+1)·w], latencies by arrival window, level
// splits at window edges, class rows' token spreading, and the bounded row count (merging doubles
// the width and conserves totals).
import { describe, expect, it } from 'vitest';
import { LogHistogram, WindowSeries } from '../../sim/metrics/index.ts';

describe('WindowSeries', () => {
  it('counts an arrival at t in window ⌊t/w⌋ ([k·w, (k+1)·w)), completions at the finish, latencies in the ARRIVAL window; the last window is closed at the run end', () => {
    const s = new WindowSeries({ windowSeconds: 1 });
    s.arrived(0, 0);
    s.arrived(1, 0); // the start of window 1: [1, 2)
    s.arrived(1.5, 0);
    s.arrived(3, 0); // exactly the run's end (3): in the last window [2, 3], not an empty [3, 3]
    // arrived 0.5 (window 0), first token 1.25, finished 2.25 with 5 tokens: TTFT 0.75, TPOT 0.25; completion in window 2.
    s.finished(0.5, 1.25, 2.25, 5, 0);
    const rows = s.rows(3);
    expect(rows.map((r) => [r.start, r.end, r.arrivals, r.completions])).toEqual([
      [0, 1, 1, 0],
      [1, 2, 2, 0],
      [2, 3, 1, 1],
    ]);
    expect(rows[0].ttftSeconds.p50).toBeCloseTo(0.75, 2); // within the 1 % bins
    expect(rows[0].tpotSeconds.p99).toBeCloseTo(0.25, 2);
    expect(rows[1].ttftSeconds.p50).toBeNaN(); // no request arrived there and finished
    expect(rows[0].class).toBeUndefined();
  });

  it('time-weights the fleet levels over each window, split exactly at the edges, and rates tokens by step end', () => {
    const s = new WindowSeries({ windowSeconds: 1 });
    // [0, 0.5): 2 running, 1 waiting; [0.5, 1.5): 4 running; [1.5, 2): 1 running. Tokens at step ends.
    s.step(0, 0.5, 1, 2, 0.25, 10);
    s.step(0.5, 1.5, 0, 4, 0.5, 20);
    s.step(1.5, 2, 0, 1, 0.125, 30);
    const [w0, w1] = s.rows(2);
    expect(w0.running).toBe((2 * 0.5 + 4 * 0.5) / 1);
    expect(w0.queueLength).toBe(0.5);
    expect(w0.kvUsage).toBe(0.25 * 0.5 + 0.5 * 0.5);
    expect(w1.running).toBe(4 * 0.5 + 1 * 0.5);
    expect(w0.outputTokensPerSecond).toBe(10); // the step ending at 0.5
    expect(w1.outputTokensPerSecond).toBe(50); // steps ending at 1.5 and 2
  });

  it('the last window ends at the run end and rates divide by its part of the run', () => {
    const s = new WindowSeries({ windowSeconds: 10 });
    s.step(10, 12, 0, 3, 0, 8);
    const rows = s.rows(12);
    expect(rows.map((r) => [r.start, r.end])).toEqual([
      [0, 10],
      [10, 12],
    ]);
    expect(rows[1].running).toBe(3);
    expect(rows[1].outputTokensPerSecond).toBe(4);
  });

  it('with classes: one row per class after each all-classes row; a class row spreads its n − 1 later tokens evenly over (firstTokenAt, finishedAt]', () => {
    const s = new WindowSeries({ windowSeconds: 1, classNames: ['a', 'b'] });
    s.arrived(0.25, 1);
    // class b: first token at 0.5, 8 more tokens evenly over (0.5, 2.5]: 2 in window 0, 4 in window 1, 2 in window 2.
    s.finished(0.25, 0.5, 2.5, 9, 1);
    const rows = s.rows(3);
    expect(rows.map((r) => r.class ?? '*')).toEqual(['*', 'a', 'b', '*', 'a', 'b', '*', 'a', 'b']);
    expect(rows.filter((r) => r.class === 'b').map((r) => r.outputTokensPerSecond)).toEqual([3, 4, 2]);
    expect(rows.filter((r) => r.class === 'b').map((r) => r.arrivals)).toEqual([1, 0, 0]);
    expect(rows.filter((r) => r.class === 'a').every((r) => r.arrivals === 0 && r.completions === 0)).toBe(true);
    expect(rows[8].completions).toBe(1);
    expect(rows[1].kvUsage).toBeUndefined(); // fleet-wide only
    expect(rows[0].kvUsage).toBe(0);
  });

  it('class rows time-weight their requests queued [arrivedAt, scheduledAt) and running [scheduledAt, leftAt), split at the edges', () => {
    const s = new WindowSeries({ windowSeconds: 1, classNames: ['a', 'b'] });
    // b: queued 0.25 → 1.5 (0.75 in window 0, 0.5 in window 1), running 1.5 → 2.5 (0.5 in windows 1 and 2).
    s.classLevels(1, 0.25, 1.5, 2.5);
    // a: never scheduled, unfinished at the run's end 3: queued 2.5 → 3 (0.5 in window 2).
    s.classLevels(0, 2.5, NaN, 3);
    // a: scheduled at its arrival and finished 0.5 later: running only.
    s.classLevels(0, 1, 1, 1.5);
    const rows = s.rows(3);
    const of = (cls: string, f: 'queueLength' | 'running') => rows.filter((r) => r.class === cls).map((r) => r[f]);
    expect(of('b', 'queueLength')).toEqual([0.75, 0.5, 0]);
    expect(of('b', 'running')).toEqual([0, 0.5, 0.5]);
    expect(of('a', 'queueLength')).toEqual([0, 0, 0.5]);
    expect(of('a', 'running')).toEqual([0, 0.5, 0]);
    // The fleet row's levels come from the steps only.
    expect(rows.filter((r) => r.class === undefined).map((r) => [r.queueLength, r.running])).toEqual([[0, 0], [0, 0], [0, 0]]);
    // Without classes, classLevels is a no-op.
    const plain = new WindowSeries({ windowSeconds: 1 });
    plain.classLevels(0, 0, 0.5, 1);
    expect(plain.rows(1)).toEqual([{ start: 0, end: 1, arrivals: 0, completions: 0, ttftSeconds: { p50: NaN, p95: NaN, p99: NaN }, tpotSeconds: { p50: NaN, p95: NaN, p99: NaN }, outputTokensPerSecond: 0, queueLength: 0, running: 0, kvUsage: 0 }]);
  });

  it('merging windows conserves the class levels (∫ = Σ mean × span)', () => {
    const s = new WindowSeries({ windowSeconds: 1, classNames: ['a'], maxRows: 8 });
    for (let t = 0.5; t < 30; t += 1) s.classLevels(0, t, t + 0.25, t + 1);
    expect(s.windowSeconds).toBe(8);
    const a = s.rows(30).filter((r) => r.class === 'a');
    expect(a.reduce((x, r) => x + r.queueLength! * (r.end - r.start), 0)).toBeCloseTo(30 * 0.25, 9);
    expect(a.reduce((x, r) => x + r.running! * (r.end - r.start), 0)).toBeCloseTo(30 * 0.75, 9);
  });

  it('keeps at most maxRows rows: past the last window, pairs merge and the width doubles; totals and histograms are conserved', () => {
    const s = new WindowSeries({ windowSeconds: 1, classNames: ['a'], maxRows: 8 });
    expect(s.maxWindows).toBe(4);
    for (let t = 0.5; t < 30; t += 1) {
      s.arrived(t, 0);
      s.finished(t, t + 0.1, t + 0.2, 2, 0);
    }
    // 4 windows must cover t ≈ 29.7: 1 → 2 → 4 → 8 s.
    expect(s.windowSeconds).toBe(8);
    const rows = s.rows(30);
    expect(rows.length).toBeLessThanOrEqual(8);
    const all = rows.filter((r) => r.class === undefined);
    expect(all.reduce((a, r) => a + r.arrivals, 0)).toBe(30);
    expect(all.reduce((a, r) => a + r.completions, 0)).toBe(30);
    expect(all[0].ttftSeconds.p50).toBeCloseTo(0.1, 2);
    expect(all[0].arrivals).toBe(8); // 0.5 … 7.5 in (0, 8]
  });
});

describe('LogHistogram.merge', () => {
  it('gives the histogram of the union of both samples', () => {
    const a = new LogHistogram();
    const b = new LogHistogram();
    const both = new LogHistogram();
    [0.1, 0.2, 5].forEach((x) => (a.add(x, 1), both.add(x, 1)));
    [0, 0.3, 1e6].forEach((x) => (b.add(x, 2), both.add(x, 2)));
    a.merge(b);
    expect(a.count).toBe(both.count);
    expect(a.mean / both.mean - 1).toBeLessThan(1e-12); // the sum in another order: last bits only
    expect([a.min, a.max]).toEqual([0, 1e6]);
    for (const q of [0.1, 0.5, 0.9]) expect(a.quantile(q)).toBe(both.quantile(q));
  });

  it('refuses histograms with different bins', () => {
    expect(() => new LogHistogram().merge(new LogHistogram({ ratio: 1.01 }))).toThrow(/different bins/);
  });
});

describe('WindowSeries goodputFraction', () => {
  it('is the share of the window\'s arrivals that finished meeting the group\'s thresholds (unfinished count as misses)', () => {
    const s = new WindowSeries({ windowSeconds: 1, classNames: ['a'], slos: [{ ttftSeconds: 1, tpotSeconds: 0.3 }, { ttftSeconds: 0.5, tpotSeconds: 0.3 }] });
    for (const t of [0.1, 0.2, 0.3]) s.arrived(t, 0);
    s.finished(0.1, 0.85, 1.85, 5, 0); // TTFT 0.75, TPOT 0.25: meets the fleet's SLO, misses the class's TTFT 0.5
    s.finished(0.2, 0.4, 2.4, 3, 0); // TTFT 0.2, TPOT 1.0: misses both (TPOT)
    // the third never finishes: a miss
    const [fleet, klass] = s.rows(3);
    expect(fleet.goodputFraction).toBeCloseTo(1 / 3, 12);
    expect(klass.goodputFraction).toBe(0);
    expect(s.rows(3)[2].goodputFraction).toBeNaN(); // window 1: no arrivals
  });
});
