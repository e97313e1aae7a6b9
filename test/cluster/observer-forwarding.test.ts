// forwarding(inner, overrides) (cluster/step-observer.ts): every call not overridden reaches
// `inner` with the same arguments; the optional calls exist exactly when overridden or when
// `inner` has them. And the wrappers built with it see every call the collector hears: with
// disaggregation, a RunOptions.observe wrapper sees the decode replicas' resumed tokens (they
// used to go to the collector around it) and each request's first token once, at its KV's
// landing, against the hand timeline of disagg-accounting.test.ts (constant 0.5 s steps, 2
// requests at t = 0 of 100 prompt + 4 output tokens, 0.4 s serialisation + 0.2 s latency):
//   r0 lands 1.1, decodes [1.1, 1.6] → resumed gap 0.5, finishes 2.6;
//   r1 lands 1.5 during that step, decodes first in [1.6, 2.1] → resumed gap 0.6, finishes 3.1.
import { describe, expect, it } from 'vitest';
import { forwarding, type ReplicaObserver } from '../../sim/cluster/index.ts';
import { runScenario } from '../../sim/run.ts';
import { handTimelineDisagg, scenarioFrom } from '../fixtures/scenarios.ts';

/** An observer recording each call as [name, ...args]; `optional`: with stepPlanned and classKvDone. */
function recorder(optional: boolean): { calls: unknown[][]; observer: ReplicaObserver } {
  const calls: unknown[][] = [];
  const rec =
    (name: string) =>
    (...args: unknown[]): void => {
      calls.push([name, ...args]);
    };
  const observer: ReplicaObserver = {
    scheduled: rec('scheduled'),
    firstToken: rec('firstToken'),
    resumedToken: rec('resumedToken'),
    finished: rec('finished'),
    preempted: rec('preempted'),
    stepDone: rec('stepDone'),
    replicaKvUsed: rec('replicaKvUsed'),
    ...(optional ? { stepPlanned: rec('stepPlanned'), classKvDone: rec('classKvDone') } : {}),
  };
  return { calls, observer };
}

/** Every call of the observer interface once, with distinct arguments. */
function callAll(o: ReplicaObserver): void {
  const r = { id: 7 } as never;
  o.scheduled(r, 1);
  o.firstToken(r, 2);
  o.resumedToken(r, 0.25);
  o.finished(r, 3);
  o.preempted(r, 4);
  o.stepDone(5, 0, 0.5, 10, 2, 1, 3, 2, 100, 120);
  o.replicaKvUsed(11, 5);
  o.stepPlanned?.(5, 'batch' as never, 'breakdown' as never);
  o.classKvDone?.(5, 0, 0.5, 'blocks' as never);
}

describe('forwarding(inner, overrides)', () => {
  it('with no override forwards every call, in order, with the same arguments', () => {
    const { calls, observer } = recorder(true);
    callAll(forwarding(observer));
    const r = { id: 7 };
    expect(calls).toEqual([
      ['scheduled', r, 1],
      ['firstToken', r, 2],
      ['resumedToken', r, 0.25],
      ['finished', r, 3],
      ['preempted', r, 4],
      ['stepDone', 5, 0, 0.5, 10, 2, 1, 3, 2, 100, 120],
      ['replicaKvUsed', 11, 5, undefined],
      ['stepPlanned', 5, 'batch', 'breakdown'],
      ['classKvDone', 5, 0, 0.5, 'blocks'],
    ]);
  });

  it('has the optional calls exactly when inner has them or they are overridden', () => {
    const bare = forwarding(recorder(false).observer);
    expect([bare.stepPlanned, bare.classKvDone]).toEqual([undefined, undefined]);
    const planned: unknown[] = [];
    const overridden = forwarding(recorder(false).observer, { stepPlanned: (replica) => planned.push(replica) });
    overridden.stepPlanned!(3, 'batch' as never, 'breakdown' as never);
    expect([planned, overridden.classKvDone]).toEqual([[3], undefined]);
  });

  it('an override replaces the call: inner does not hear it unless the override forwards it', () => {
    const { calls, observer } = recorder(true);
    const gaps: number[] = [];
    callAll(forwarding(observer, { resumedToken: (_r, gap) => gaps.push(gap), preempted: (r, now) => observer.preempted(r, now + 1) }));
    expect(gaps).toEqual([0.25]);
    expect(calls.map((c) => c[0])).toEqual(['scheduled', 'firstToken', 'finished', 'preempted', 'stepDone', 'replicaKvUsed', 'stepPlanned', 'classKvDone']);
    expect(calls[3]).toEqual(['preempted', { id: 7 }, 5]);
  });
});

describe('disaggregation: a RunOptions.observe wrapper sees what the collector hears', () => {
  const scenario = scenarioFrom(handTimelineDisagg());

  it('the decode pool’s resumed tokens, each request’s first token at landing and its end (by hand); results unchanged', () => {
    const seen: [string, number, number][] = [];
    const observed = runScenario(scenario, {
      observe: (inner) =>
        forwarding(inner, {
          resumedToken: (r, gap) => {
            seen.push(['resumed', r.id, gap]);
            inner.resumedToken(r, gap);
          },
          firstToken: (r, now) => {
            seen.push(['first', r.id, now]);
            inner.firstToken(r, now);
          },
          finished: (r, now) => {
            seen.push(['finished', r.id, now]);
            inner.finished(r, now);
          },
        }),
    });
    const round = seen.map(([what, id, x]) => [what, id, Math.round(x * 1e9) / 1e9]);
    expect(round).toEqual([
      ['first', 0, 1.1],
      ['first', 1, 1.5],
      ['resumed', 0, 0.5], // at 1.6
      ['resumed', 1, 0.6], // at 2.1
      ['finished', 0, 2.6],
      ['finished', 1, 3.1],
    ]);
    const plain = runScenario(scenario);
    expect(JSON.stringify(observed.summary)).toBe(JSON.stringify(plain.summary));
    // The resumed gaps are the decode pool's (the prefill pool's replicas emit first tokens only).
    expect(plain.summary.pools!.p.itlSeconds.max).toBe(0);
    expect(plain.summary.pools!.d.itlSeconds.max).toBeGreaterThan(0);
  });
});
