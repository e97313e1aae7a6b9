// One simulation of a study: runScenario(scenario, { seed }) — the same function whether a worker
// thread or the calling thread runs it, so a job's RunResult is the same bytes either way.
// Invariants: the result never carries `requests` (memory stays bounded whatever the request
// count); with requestsCsvPath the job streams its requests.csv there as the run goes (a new
// file, created by whichever thread runs the job) and closes it before returning or throwing.
// NOTE: only the file path crosses the thread boundary (a sink object cannot), which is why the
// study room, not its caller, opens the report's requests.csv sink; requestsCsvOptions gives the
// sink the scenario's declared class names (the `class` column), for the CLI's single runs too.

import { openRequestsCsv } from '../report/index.ts';
import { runScenario } from '../run.ts';
import type { RunResult } from '../metrics/index.ts';
import { requestClassesOf, type Scenario } from '../scenario/index.ts';

export interface SimulationJob {
  scenario: Scenario;
  seed: number;
  /** Stream this job's requests.csv to this new file (a report draft's requestsCsvPath). */
  requestsCsvPath?: string;
}

/** openRequestsCsv's options for a scenario: its declared class names, when it declares classes (else none: the file keeps its classless columns). */
export function requestsCsvOptions(scenario: Scenario): { classNames?: string[] } {
  const classes = requestClassesOf(scenario.config);
  return classes.declared ? { classNames: classes.classes.map((c) => c.name) } : {};
}

export function runJob(job: SimulationJob): RunResult {
  const sink = job.requestsCsvPath === undefined ? undefined : openRequestsCsv(job.requestsCsvPath, requestsCsvOptions(job.scenario));
  try {
    const result = runScenario(job.scenario, { seed: job.seed, ...(sink === undefined ? {} : { requestSink: sink }) });
    sink?.close();
    return result;
  } catch (e) {
    sink?.close();
    throw e;
  }
}
