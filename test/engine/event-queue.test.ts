import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, Simulation } from '../../sim/engine/index.ts';

describe('EventQueue', () => {
  it('pop returns events in (time, insertion) order for any push sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
        const q = new EventQueue(2);
        times.forEach((t, i) => q.push(t, 7, i));
        const popped: [number, number][] = [];
        while (q.pop()) popped.push([q.time, q.target]);
        const expected = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(popped).toEqual(expected);
      }),
    );
  });

  it('push returns increasing ids and pop reports the popped id and kind', () => {
    const q = new EventQueue();
    expect(q.push(5, 1, 10)).toBe(0);
    expect(q.push(1, 2, 20)).toBe(1);
    expect(q.pop()).toBe(true);
    expect([q.time, q.kind, q.target, q.id]).toEqual([1, 2, 20, 1]);
    expect(q.pop()).toBe(true);
    expect([q.time, q.kind, q.target, q.id]).toEqual([5, 1, 10, 0]);
    expect(q.pop()).toBe(false);
    expect(q.peekTime()).toBe(Infinity);
  });
});

describe('Simulation', () => {
  it('step handles events in (time, seq) order and advances the clock; same-instant events run after those already queued', () => {
    const sim = new Simulation();
    const seen: [number, number][] = [];
    sim.schedule(2, 0, 1);
    sim.schedule(1, 0, 2);
    sim.schedule(2, 0, 3);
    const handler = {
      handle(_k: number, target: number, time: number) {
        seen.push([time, target]);
        if (target === 2) sim.schedule(time, 0, 4); // same instant: after everything already at t=1
      },
    };
    while (sim.step(handler));
    expect(seen).toEqual([[1, 2], [1, 4], [2, 1], [2, 3]]);
    expect(sim.now).toBe(2);
    expect(sim.handled).toBe(4);
    expect(sim.peekTime()).toBe(Infinity);
  });

  it('schedule rejects instants in the past', () => {
    const sim = new Simulation();
    sim.schedule(1, 0, 0);
    sim.step({ handle: () => {} });
    expect(() => sim.schedule(0.5, 0, 0)).toThrow(/past/);
  });
});
