// Checks of hardware.autoscale and failures that need more than their schemas see, made at load
// so that a scenario that resolves can run: the replicas active at t = 0 (hardware.numReplicas)
// lie within [minReplicas, maxReplicas]; a failure event names a replica of the fleet (built to
// maxReplicas when autoscaled, else numReplicas).
// Invariants: pure; every problem names its field path.

import type { Problem } from './errors.ts';
import type { ScenarioConfig } from './schema.ts';

/** Replicas built for the scenario: autoscale.maxReplicas when autoscaled, else numReplicas. */
export function builtReplicas(hardware: ScenarioConfig['hardware']): number {
  return hardware.autoscale?.maxReplicas ?? hardware.numReplicas;
}

export function checkAvailability(config: ScenarioConfig): Problem[] {
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
  const built = builtReplicas(hardware);
  failures?.events?.forEach((e, i) => {
    if (e.replica >= built) {
      problems.push({
        path: `failures.events.${i}.replica`,
        message: `replica ${e.replica} does not exist: the fleet has ${built} replica(s), numbered 0 to ${built - 1}`,
        suggestion: `use a replica from 0 to ${built - 1}`,
      });
    }
  });
  return problems;
}
