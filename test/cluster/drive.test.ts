// drive(): the event loop under the drain limit, on a fake cluster whose one arrival comes at
// t = 1 and whose every event schedules the next one 100 s later (work that never ends).
import { describe, expect, it } from 'vitest';
import { drive, MIN_DRAIN_SECONDS, type Drivable } from '../../sim/cluster/index.ts';
import { Simulation } from '../../sim/engine/index.ts';

function endless(sim: Simulation, followUps = Infinity): Drivable & { handled: number[] } {
  const fake = {
    handled: [] as number[],
    arrivalsDone: false,
    lastArrivalAt: 0,
    handle(_kind: number, _target: number, time: number) {
      fake.handled.push(time);
      if (time === 1) {
        fake.arrivalsDone = true;
        fake.lastArrivalAt = 1;
      }
      if (fake.handled.length <= followUps) sim.schedule(time + 100, 1, 0);
    },
  };
  sim.schedule(1, 0, 0);
  return fake;
}

describe('drive', () => {
  it('drive(sim, cluster, 250) handles events up to last arrival + 250 s, then stops truncated at horizon 251', () => {
    const sim = new Simulation();
    const c = endless(sim);
    expect(drive(sim, c, 250)).toEqual({ truncated: true, horizon: 251 });
    expect(c.handled).toEqual([1, 101, 201]);
  });

  it('drive(sim, cluster, undefined) drains for max(MIN_DRAIN_SECONDS, last arrival) = 600 s', () => {
    const sim = new Simulation();
    const c = endless(sim);
    expect(drive(sim, c, undefined)).toEqual({ truncated: true, horizon: 1 + MIN_DRAIN_SECONDS });
    expect(c.handled).toEqual([1, 101, 201, 301, 401, 501, 601]);
  });

  it('drive() of work that ends before the horizon handles every event and is not truncated', () => {
    const sim = new Simulation();
    const c = endless(sim, 2);
    expect(drive(sim, c, 250)).toEqual({ truncated: false, horizon: 251 });
    expect(c.handled).toEqual([1, 101, 201]);
  });
});
