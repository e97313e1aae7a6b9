import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run.ts';
import { runMany } from '../../sim/study/index.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

const small = scenarioFrom(withChanges(baseScenario(), { 'workload.stop.numRequests': 60 }));
const other = scenarioFrom(withChanges(baseScenario(), { name: 'other', 'workload.arrival.ratePerSecond': 4, 'workload.stop.numRequests': 40 }));
const jobs = [
  { scenario: small, seed: 1 },
  { scenario: other, seed: 2 },
  { scenario: small, seed: 3 },
];

describe('runMany', () => {
  it('on 2 worker threads returns, in job order, exactly what runScenario(scenario, { seed }) returns in-process', async () => {
    // inCallingThread: false makes the workers run every job (by default the calling thread takes
    // jobs too, and may finish these small ones before a worker has loaded the simulator).
    const pooled = await runMany(jobs, { jobs: 2, inCallingThread: false });
    const inProcess = jobs.map((j) => runScenario(j.scenario, { seed: j.seed }));
    expect(pooled.map((r) => [r.scenarioName, r.seed])).toEqual([['test', 1], ['other', 2], ['test', 3]]);
    // Byte-identical: the JSON of each result (summary, notes, time series, CDFs) is the same text.
    expect(pooled.map((r) => JSON.stringify(r))).toEqual(inProcess.map((r) => JSON.stringify(r)));
    expect(pooled.every((r) => r.requests === undefined)).toBe(true);
  });

  it('the calling thread and a worker sharing the jobs (the default) give the same results', async () => {
    const shared = await runMany(jobs, { jobs: 2 });
    expect(shared.map((r) => JSON.stringify(r))).toEqual(jobs.map((j) => JSON.stringify(runScenario(j.scenario, { seed: j.seed }))));
  });

  it('jobs = 1 runs in the calling thread with the same results, and reports progress per job', async () => {
    const progress: string[] = [];
    const results = await runMany(jobs, { jobs: 1, onDone: (done, total) => progress.push(`${done}/${total}`) });
    expect(results.map((r) => JSON.stringify(r))).toEqual(jobs.map((j) => JSON.stringify(runScenario(j.scenario, { seed: j.seed }))));
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
  });

  it('rejects a non-positive job count, and a job that throws rejects runMany with its error', async () => {
    await expect(runMany(jobs, { jobs: 0 })).rejects.toThrow(/jobs 0 is not a positive integer/);
    const bad = { scenario: { ...small, config: { ...small.config, workload: undefined } } as never, seed: 1 };
    await expect(runMany([jobs[0], bad], { jobs: 2 })).rejects.toThrow();
    await expect(runMany([jobs[0], bad], { jobs: 2, inCallingThread: false })).rejects.toThrow();
  });
});
