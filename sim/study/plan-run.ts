// runPlan: every configuration of a plan (or of one shard of it) through planPoint, concurrently,
// on one worker pool; each finished configuration is appended to the results file at once, and a
// rerun with the same file resumes: configurations already there are not simulated again.
// Invariants:
// - One JobRunner (one pool of `jobs` threads) serves every configuration; up to `jobs`
//   configurations are in flight at once, so the pool stays busy while one configuration waits
//   on its slowest simulation. Every simulation is a pure function of (scenario, seed), so the
//   result does not depend on `jobs` or on finishing order.
// - The result is mergePlanResults over the configurations' results as written to the file
//   (a JSON round trip), so an uninterrupted run, a resumed one and merged shards give the same
//   PlanResult, byte for byte once serialised.
// - A results file written for another plan (another hash) or shard is refused, never mixed in.
// NOTE: a partial last line (the kill came mid-write) is cut off before the first append; the
// configuration it described is simulated again.

import { openResultsLog, readResultsFile, type ResultsLog } from '../report/index.ts';
import { planPoint } from './plan-point.ts';
import { asWritten, checkResumable, jsonLine, parseResultsText, planResultsHeader } from './plan-jsonl.ts';
import { mergePlanResults } from './plan-merge.ts';
import { shardPoints, type Shard } from './plan-shard.ts';
import type { Plan, PlanResult, PointResult } from './plan-types.ts';
import { createJobRunner, defaultJobs } from './run-many.ts';

export interface RunPlanOptions {
  /** Threads (the calling one included) and configurations in flight (default: the number of cores). */
  jobs?: number;
  /** The results file: appended as configurations finish; resumed from when it exists. */
  jsonlPath?: string;
  shard?: Shard;
  /** (configurations done, configurations in this run, simulations so far); resumed ones count as done from the start. */
  onProgress?: (done: number, total: number, simulations: number) => void;
}

export async function runPlan(plan: Plan, o: RunPlanOptions = {}): Promise<PlanResult> {
  const points = o.shard === undefined ? plan.points : shardPoints(plan.points, o.shard);
  const jobs = o.jobs ?? defaultJobs();
  const done = new Map<string, PointResult>();
  let log: ResultsLog | undefined;
  if (o.jsonlPath !== undefined) {
    const header = planResultsHeader(plan, o.shard);
    const text = readResultsFile(o.jsonlPath);
    if (text === undefined || text.length === 0) {
      log = openResultsLog(o.jsonlPath, 0);
      log.append(jsonLine(header));
    } else {
      const parsed = parseResultsText(o.jsonlPath, text);
      checkResumable(o.jsonlPath, parsed.header, header);
      const wanted = new Set(points.map((p) => p.key));
      for (const r of parsed.results) if (wanted.has(r.key) && !done.has(r.key)) done.set(r.key, r);
      log = openResultsLog(o.jsonlPath, parsed.wholeBytes);
    }
  }
  const todo = points.filter((p) => !done.has(p.key));
  let simulations = [...done.values()].reduce((s, r) => s + r.simulations, 0);
  const report = (): void => o.onProgress?.(done.size, points.length, simulations);
  report();
  const runner = createJobRunner(Math.max(1, jobs));
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < todo.length && failure === undefined) {
      const point = todo[next++];
      try {
        const result = asWritten(
          await planPoint(point, {
            options: plan.options,
            runner,
            onSimulation: () => {
              simulations++;
              report();
            },
          }),
        );
        log?.append(jsonLine(result));
        done.set(point.key, result);
        report();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, todo.length)) }, lane));
  } finally {
    await runner.close();
    log?.close();
  }
  if (failure !== undefined) throw failure.error;
  return mergePlanResults(points.map((p) => done.get(p.key)!));
}
