// Checks of autoscale (hardware.autoscale, or pools[i].hardware.autoscale) and failures that need
// more than their schemas see, made at load so that a scenario that resolves can run: the
// replicas active at t = 0 (hardware.numReplicas) lie within [minReplicas, maxReplicas]; a
// failure event names a replica of the fleet (built to maxReplicas when autoscaled, else
// numReplicas) — with pools, a pool by name and a replica within that pool's built replicas.
// Invariants: pure; every problem names its field path.
// NOTE: inside one pool's resolution (pools.ts, withinPool) the failure events are not checked:
// they are checked once, across pools, by checkPoolFailures.

import type { Problem } from './errors.ts';
import type { ScenarioConfig } from './schema.ts';
import { didYouMean } from './suggest.ts';

/** Replicas built for the scenario: autoscale.maxReplicas when autoscaled, else numReplicas. */
export function builtReplicas(hardware: ScenarioConfig['hardware']): number {
  return hardware.autoscale?.maxReplicas ?? hardware.numReplicas;
}

export function checkAvailability(config: ScenarioConfig, withinPool = false): Problem[] {
  const problems: Problem[] = [];
  const { hardware, failures } = config;
  const a = hardware.autoscale;
  if (a !== undefined && a.minReplicas <= a.maxReplicas && (hardware.numReplicas < a.minReplicas || hardware.numReplicas > a.maxReplicas)) {
    problems.push({
      path: 'hardware.numReplicas',
      message: `with autoscale, numReplicas is the replicas active at t = 0 and must lie from minReplicas (${a.minReplicas}) to maxReplicas (${a.maxReplicas}); got ${hardware.numReplicas}`,
      suggestion: `set numReplicas: ${Math.min(Math.max(hardware.numReplicas, a.minReplicas), a.maxReplicas)}`,
    });
  }
  if (withinPool) return problems;
  const built = builtReplicas(hardware);
  failures?.events?.forEach((e, i) => {
    if (e.pool !== undefined) {
      problems.push({ path: `failures.events.${i}.pool`, message: `the scenario has no pools, so a failure names no pool (got '${e.pool}')`, suggestion: 'remove pool: replica is the index in the fleet' });
      return;
    }
    if (e.replica >= built) problems.push(missingReplica(`failures.events.${i}.replica`, e.replica, built, 'the fleet'));
  });
  return problems;
}

/** Failure events of a scenario with pools: each names a pool of the scenario and a replica built in it. */
export function checkPoolFailures(failures: ScenarioConfig['failures'], pools: readonly { name: string; hardware: ScenarioConfig['hardware'] }[]): Problem[] {
  const problems: Problem[] = [];
  const names = pools.map((p) => p.name);
  failures?.events?.forEach((e, i) => {
    const path = `failures.events.${i}`;
    if (e.pool === undefined) {
      problems.push({ path: `${path}.pool`, message: `with pools, a failure names the pool of its replica (one of ${names.map((n) => `'${n}'`).join(', ')})`, suggestion: `add pool: ${names[0]}, with replica the index within that pool` });
      return;
    }
    const k = names.indexOf(e.pool);
    if (k < 0) {
      const guess = didYouMean(e.pool, names);
      problems.push({ path: `${path}.pool`, message: `no pool is named '${e.pool}' (pools: ${names.map((n) => `'${n}'`).join(', ')})`, suggestion: guess ?? `use one of ${names.join(', ')}` });
      return;
    }
    const built = builtReplicas(pools[k].hardware);
    if (e.replica >= built) problems.push(missingReplica(`${path}.replica`, e.replica, built, `pool '${e.pool}'`));
  });
  return problems;
}

function missingReplica(path: string, replica: number, built: number, where: string): Problem {
  return { path, message: `replica ${replica} does not exist: ${where} has ${built} replica(s), numbered 0 to ${built - 1}`, suggestion: `use a replica from 0 to ${built - 1}` };
}
