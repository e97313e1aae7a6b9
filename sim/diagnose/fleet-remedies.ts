// The remedies of a fleet that changes during the run (remedies.ts merges them):
//   autoscale-target-down    target × AUTOSCALE_STEP_FACTOR: scale up at a lower load per replica,
//                            so new replicas start before the queue builds (target policies);
//   autoscale-interval-down  intervalSeconds × AUTOSCALE_STEP_FACTOR: decide sooner after a rise;
//   autoscale-min-up         minReplicas to the time-mean of the replicas held (at least one more):
//                            fewer cold starts, at the price of idle replicas off-peak;
//   spare-replica            failures, fixed fleet: one more replica (N+1) absorbs a failed one's load;
//   retry-on-failure         failures with onFailure 'lost': route a failed replica's requests again.
// Fair comparison: autoscaling decisions are a function of the arrivals, which every remedy sees
// the same (common random numbers): paired. Failures at given times (events) are the same in every
// remedy. Failures at a rate (mtbfSeconds) are drawn per replica (stream failures/<replica>) over
// its up-time: a fixed fleet's replicas fail at the same times in every remedy, but an ADDED
// replica's failures are its own (unpaired), and with autoscaling a replica's up-time — hence its
// failure times — follows the scaling the remedy changed: those comparisons are not paired for
// failures, and the prescription says so (assumptions).
// Invariants: pure; every change resolves (numReplicas raised with minReplicas when below it).

import type { Scenario } from '../scenario/index.ts';
import { formatSignificant3 } from '../report/index.ts';
import { sig3 as sig } from './numbers.ts';
import type { Builder } from './pool-remedies.ts';
import { AUTOSCALE_STEP_FACTOR } from './thresholds.ts';

/** What a remedy's comparison rests on, in a scenario with failures at a rate. */
function failureFairness(s: Scenario, addsReplicas: boolean): string[] {
  const f = s.config.failures;
  if (f?.mtbfSeconds === undefined) return [];
  if (s.config.hardware.autoscale !== undefined) return ['NOT PAIRED for failures: with autoscaling a replica\'s failure clock runs while it is held, which this remedy changes, so failures fall at other times than in the baseline'];
  if (addsReplicas) return ['partly paired for failures: the baseline\'s replicas fail at the same times (their own streams), the added replica at its own random times'];
  return [];
}

/** { assumptions } when failureFairness has something to say, else nothing. */
export function fairness(s: Scenario, addsReplicas: boolean): { assumptions?: string[] } {
  const a = failureFairness(s, addsReplicas);
  return a.length === 0 ? {} : { assumptions: a };
}

export const FLEET_BUILDERS: Readonly<Record<string, Builder>> = {
  'autoscale-target-down': (s, o) => {
    const a = s.config.hardware.autoscale;
    if (a === undefined || a.target === undefined) return undefined;
    const target = sig(a.target * AUTOSCALE_STEP_FACTOR);
    return {
      remedy: 'autoscale-target-down',
      title: `autoscale target ${target}`,
      changes: { 'hardware.autoscale.target': target },
      addresses: ['cold-start', 'queueing'],
      why: `scale up at ${target} instead of ${a.target} ${a.policy === 'target-queue' ? 'waiting' : 'outstanding'} requests per replica: new replicas start earlier in a rise, so their ${formatSignificant3(o['autoscale.coldStartSeconds'])} s cold start overlaps less queueing (more replicas held)`,
      ...fairness(s, true),
    };
  },
  'autoscale-interval-down': (s, o) => {
    const a = s.config.hardware.autoscale;
    if (a === undefined || a.policy === 'schedule') return undefined;
    const interval = sig(a.intervalSeconds * AUTOSCALE_STEP_FACTOR);
    return {
      remedy: 'autoscale-interval-down',
      title: `autoscale every ${interval} s`,
      changes: { 'hardware.autoscale.intervalSeconds': interval },
      addresses: ['cold-start'],
      why: `decide every ${interval} s instead of ${a.intervalSeconds} s: a rise is seen sooner, before the ${formatSignificant3(o['autoscale.coldStartSeconds'])} s cold start`,
      ...fairness(s, true),
    };
  },
  'autoscale-min-up': (s, o) => {
    const a = s.config.hardware.autoscale;
    if (a === undefined || a.minReplicas >= a.maxReplicas) return undefined;
    const min = Math.min(a.maxReplicas, Math.max(a.minReplicas + 1, Math.ceil(o['autoscale.meanReplicas'] || 0)));
    return {
      remedy: 'autoscale-min-up',
      title: `autoscale minReplicas ${min}`,
      changes: { 'hardware.autoscale.minReplicas': min, ...(s.config.hardware.numReplicas < min ? { 'hardware.numReplicas': min } : {}) },
      addresses: ['cold-start', 'queueing', 'failure-recovery'],
      why: `hold at least ${min} replicas (${a.minReplicas} now; ${formatSignificant3(o['autoscale.meanReplicas'])} held on average): fewer cold starts in a rise, more idle GPUs off-peak`,
      ...fairness(s, true),
    };
  },
  'spare-replica': (s) => {
    if (s.config.failures === undefined || s.config.hardware.autoscale !== undefined) return undefined;
    const n = s.config.hardware.numReplicas;
    return {
      remedy: 'spare-replica',
      title: `${n + 1} replicas (N+1)`,
      changes: { 'hardware.numReplicas': n + 1 },
      addresses: ['failure-recovery'],
      why: `one replica more (N+1): when one of ${n + 1} fails, the ${n} left are as many as serve the load now without failures (the fleet costs ${formatSignificant3((n + 1) / n)}x per hour)`,
      ...fairness(s, true),
    };
  },
  'retry-on-failure': (s) => {
    if (s.config.failures?.onFailure !== 'lost') return undefined;
    return {
      remedy: 'retry-on-failure',
      title: 'retry a failed replica\'s requests',
      changes: { 'failures.onFailure': 'retry' },
      addresses: ['failure-recovery'],
      why: 'a failed replica\'s requests are routed again and start over instead of being lost: no lost requests, some longer latencies',
      ...fairness(s, false),
    };
  },
};
