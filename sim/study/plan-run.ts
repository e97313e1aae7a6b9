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
// - Screening (plan-screen.ts), when the plan has one: first every configuration of the WHOLE
//   plan is screened (a shard too: the choice of candidates must not depend on the slice), each
//   screened result appended as a 'screen' line; then the configurations of this run that are
//   near the frontier get the full search from their screened start, and the others end with
//   their screened result. A resumed run skips the screens and the results already written.
// NOTE: a partial last line (the kill came mid-write) is cut off before the first append; the
// configuration it described is simulated again.

import { openResultsLog, readResultsFile, type ResultsLog } from '../report/index.ts';
import { planPoint } from './plan-point.ts';
import { asWritten, checkResumable, jsonLine, parseResultsText, planResultsHeader, SCREEN_PHASE } from './plan-jsonl.ts';
import { mergePlanResults } from './plan-merge.ts';
import { shardPoints, type Shard } from './plan-shard.ts';
import { activeScreen, nearFrontier, screenedOut, screenSearchOptions, searchStartOf } from './plan-screen.ts';
import type { Plan, PlanPoint, PlanResult, PointResult } from './plan-types.ts';
import { createJobRunner, defaultJobs } from './run-many.ts';

export interface RunPlanOptions {
  /** Threads (the calling one included) and configurations in flight (default: the number of cores). */
  jobs?: number;
  /** The results file: appended as configurations finish; resumed from when it exists. */
  jsonlPath?: string;
  shard?: Shard;
  /**
   * (steps done, steps in this run, simulations so far); a step is one configuration's screening
   * or its final result. Resumed ones count as done from the start.
   */
  onProgress?: (done: number, total: number, simulations: number) => void;
}

export async function runPlan(plan: Plan, o: RunPlanOptions = {}): Promise<PlanResult> {
  const points = o.shard === undefined ? plan.points : shardPoints(plan.points, o.shard);
  const jobs = o.jobs ?? defaultJobs();
  const screen = activeScreen(plan);
  const done = new Map<string, PointResult>();
  const screens = new Map<string, PointResult>();
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
      if (screen !== undefined) for (const r of parsed.screens) if (!screens.has(r.key)) screens.set(r.key, r);
      log = openResultsLog(o.jsonlPath, parsed.wholeBytes);
    }
  }
  // Screening covers the whole plan, but a configuration whose final result is already written needs none.
  const toScreen = screen === undefined ? [] : plan.points.filter((p) => !screens.has(p.key) && !done.has(p.key));
  const todo = points.filter((p) => !done.has(p.key));
  const total = toScreen.length + points.length;
  let stepsDone = points.length - todo.length;
  let simulations = [...done.values()].reduce((s, r) => s + r.simulations, 0);
  const report = (): void => o.onProgress?.(stepsDone, total, simulations);
  report();
  const runner = createJobRunner(Math.max(1, jobs));
  const onSimulation = (): void => {
    simulations++;
    report();
  };
  /** Runs `task` over `items` with up to `jobs` in flight; the first failure stops new work and is rethrown. */
  const pooled = async (items: readonly PlanPoint[], task: (p: PlanPoint) => Promise<void>): Promise<void> => {
    let next = 0;
    let failure: { error: unknown } | undefined;
    const lane = async (): Promise<void> => {
      while (next < items.length && failure === undefined) {
        const point = items[next++];
        try {
          await task(point);
          stepsDone++;
          report();
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, lane));
    if (failure !== undefined) throw failure.error;
  };
  const finish = (point: PlanPoint, result: PointResult): void => {
    log?.append(jsonLine(result));
    done.set(point.key, result);
  };
  try {
    if (screen !== undefined) {
      const screenOptions = screenSearchOptions(plan.options, screen);
      await pooled(toScreen, async (point) => {
        const result = asWritten(await planPoint(point, { options: screenOptions, runner, onSimulation }));
        log?.append(jsonLine({ ...result, phase: SCREEN_PHASE }));
        screens.set(point.key, result);
      });
    }
    // The candidates, from the screens of the whole plan (configurations finished before a resume
    // stand in with their final results: a candidate's final result is no less near than its screen).
    const near = new Set<string>();
    if (screen !== undefined) {
      const screened = plan.points.map((p) => screens.get(p.key) ?? done.get(p.key)!);
      nearFrontier(screened, screen.margin).forEach((isNear, i) => isNear && near.add(plan.points[i].key));
    }
    await pooled(todo, async (point) => {
      const screened = screens.get(point.key);
      if (screened?.status === 'skipped') {
        finish(point, screened);
        return;
      }
      if (screen !== undefined && screened !== undefined && !near.has(point.key)) {
        finish(point, asWritten(screenedOut(screened, screen.margin)));
        return;
      }
      const full = asWritten(
        await planPoint(point, {
          options: plan.options,
          runner,
          onSimulation,
          ...(screen !== undefined && screened !== undefined ? { start: searchStartOf(screened, screen) } : {}),
        }),
      );
      finish(point, screened === undefined ? full : { ...full, simulations: full.simulations + screened.simulations });
    });
  } finally {
    await runner.close();
    log?.close();
  }
  return mergePlanResults(points.map((p) => done.get(p.key)!));
}
