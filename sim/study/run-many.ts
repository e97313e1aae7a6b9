// TEMPORARY (compare branch): the "study" engineer owns this file (worker threads); the lead keeps
// study's version at merge. Runs simulation jobs one after another, in job order, in process.
// Invariants: result i belongs to job i; each job is runScenario(scenario, { seed }), so results
// are byte-identical to single runs of the same seeds.
// NOTE: `jobs` is accepted and ignored here (sequential).

import { runScenario } from '../run.ts';
import type { RunResult } from '../metrics/index.ts';
import type { Scenario } from '../scenario/index.ts';

export interface SimulationJob {
  scenario: Scenario;
  seed: number;
}

export async function runMany(
  jobs: readonly SimulationJob[],
  options: { jobs?: number; onDone?: (done: number, total: number) => void } = {},
): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (const job of jobs) {
    results.push(runScenario(job.scenario, { seed: job.seed }));
    options.onDone?.(results.length, jobs.length);
  }
  return results;
}
