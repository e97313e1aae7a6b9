// WindowSums by hand: levels split exactly at the window's ends, counts in (start, end], the
// end unknown until the last arrival (pending parts confirmed by later arrivals), warm-up by
// time and by count, and a stop by duration.
import { describe, expect, it } from 'vitest';
import { WindowSums } from '../../sim/metrics/index.ts';

describe('WindowSums', () => {
  it('keeps the part of each level between start and the last arrival, and everything in total()', () => {
    const w = new WindowSums(1, { warmupSeconds: 1, warmupRequests: 0 });
    w.arrived(0.5); // before start: the candidate end stays at start
    w.addLevel(0, 0, 2, 3); // [0, 2) × 3: 3 in (1, 2], pending until an arrival confirms it
    w.arrived(2);
    w.arrived(4);
    w.addLevel(0, 3, 7, 1); // [3, 7): 1 s up to the last arrival (4), 3 s of drain
    expect(w.bounds()).toEqual({ startSeconds: 1, endSeconds: 4, endsAt: 'last-arrival' });
    expect(w.inWindow(0)).toBe(3 + 1);
    expect(w.total(0)).toBe(6 + 4);
  });

  it('counts amounts at instants in (start, end]', () => {
    const w = new WindowSums(1, { warmupSeconds: 1, warmupRequests: 0 });
    w.addCount(0, 1, 100); // at start: out
    w.arrived(1.5);
    w.addCount(0, 1.5, 10); // at the candidate end: in
    w.addCount(0, 2, 1); // after it: pending
    w.arrived(2); // confirms it
    w.addCount(0, 2.5, 1000); // drain: never confirmed
    expect(w.inWindow(0)).toBe(11);
    expect(w.total(0)).toBe(1111);
  });

  it('starts at the arrival of request number warmupRequests when that is after warmupSeconds', () => {
    const w = new WindowSums(1, { warmupSeconds: 1, warmupRequests: 2 });
    w.arrived(0);
    w.addLevel(0, 0, 2, 1); // reported at 2, all before the start (request 2 arrives at 3)
    w.arrived(2);
    expect(w.bounds().startSeconds).toBe(Infinity);
    w.arrived(3); // request 2: the window starts here
    expect(w.bounds().startSeconds).toBe(3);
    expect(w.inWindow(0)).toBe(0);
    w.addLevel(0, 2, 5, 1); // a step over [2, 5), reported at 5: 2 s after the start, pending
    w.arrived(5);
    expect(w.inWindow(0)).toBe(2);
    expect(w.bounds()).toEqual({ startSeconds: 3, endSeconds: 5, endsAt: 'last-arrival' });
  });

  it('ends at durationSeconds when the stop was by duration (fewer arrivals than numRequests), else at the last arrival', () => {
    const make = (numRequests?: number): WindowSums => {
      const w = new WindowSums(1, { warmupSeconds: 0, warmupRequests: 0, durationSeconds: 10, ...(numRequests === undefined ? {} : { numRequests }) });
      w.arrived(2);
      w.arrived(8);
      w.addLevel(0, 7, 12, 1); // 1 s to the last arrival, 2 s more to the duration, 2 s after
      w.addCount(0, 9, 5);
      return w;
    };
    expect(make().bounds()).toEqual({ startSeconds: 0, endSeconds: 10, endsAt: 'duration' });
    expect(make().inWindow(0)).toBe(3 + 5);
    expect(make(3).inWindow(0)).toBe(3 + 5); // 2 of 3 requests: stopped by duration
    expect(make(2).bounds()).toEqual({ startSeconds: 0, endSeconds: 8, endsAt: 'last-arrival' });
    expect(make(2).inWindow(0)).toBe(1);
  });

  it('has no window (end ≤ start) when every request arrives at one instant at t = 0', () => {
    const w = new WindowSums(1, { warmupSeconds: 0, warmupRequests: 0 });
    w.arrived(0);
    w.arrived(0);
    w.addLevel(0, 0, 3, 1);
    expect(w.bounds()).toEqual({ startSeconds: 0, endSeconds: 0, endsAt: 'last-arrival' });
    expect(w.inWindow(0)).toBe(0);
    expect(w.total(0)).toBe(3);
  });
});
