// runMany: simulations on a pool of worker threads (tinypool), results in job order.
// Invariants: results[i] is runJob(jobs[i]) — the same bytes whichever thread ran it and however
// many threads there were (a simulation is a pure function of (scenario, seed); structured clone
// copies doubles exactly); `jobs: 1` (or a single job) runs in the calling thread, no pool; the
// pool is destroyed before runMany returns or throws; a job's error rejects runMany with it.
// Worker entry: from the bundle (import.meta.url is dist/sakiyomi.mjs) dist/worker.mjs beside it;
// from the TypeScript sources (import.meta.url ends in .ts: vitest, tsx) worker-from-source.mjs,
// which registers tsx inside the worker.
// NOTE: threads, not processes: memory is one process's (its peak RSS covers every worker), and
// each worker loads the simulator once and keeps it for its next jobs (isolateWorkers: false).
// NOTE: the only file in sim/ that starts threads.

import { availableParallelism } from 'node:os';
import Tinypool from 'tinypool';
import type { RunResult } from '../metrics/index.ts';
import { runJob, type SimulationJob } from './run-job.ts';

export interface RunManyOptions {
  /** Worker threads (default: os.availableParallelism()); 1 runs in the calling thread. */
  jobs?: number;
  /** Called after each finished job with (finished so far, total). */
  onDone?: (done: number, total: number) => void;
}

/** The default --jobs: the number of cores Node may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** The worker module for the code that is running: the bundled dist/worker.mjs, or the sources through tsx. */
function workerEntry(): string {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('./worker-from-source.mjs', here).href : new URL('./worker.mjs', here).href;
}

/** A set of threads that runs batches of jobs; close() ends them. runMany is one batch on a fresh runner. */
export interface JobRunner {
  run(jobs: readonly SimulationJob[], onDone?: (done: number, total: number) => void): Promise<RunResult[]>;
  close(): Promise<void>;
}

/** A runner with `jobs` threads (default os.availableParallelism()); 1 runs each job in the calling thread. Threads start on first use. */
export function createJobRunner(jobs: number = defaultJobs()): JobRunner {
  if (!Number.isSafeInteger(jobs) || jobs < 1) throw new RangeError(`runMany: jobs ${jobs} is not a positive integer`);
  let pool: Tinypool | undefined;
  return {
    async run(batch, onDone) {
      const total = batch.length;
      let done = 0;
      if (jobs === 1 || (batch.length <= 1 && pool === undefined)) {
        const results: RunResult[] = [];
        for (const job of batch) {
          results.push(runJob(job));
          onDone?.(++done, total);
        }
        return results;
      }
      pool ??= new Tinypool({ filename: workerEntry(), minThreads: jobs, maxThreads: jobs, isolateWorkers: false });
      const running = pool;
      return Promise.all(
        batch.map(async (job) => {
          const result = (await running.run(job)) as RunResult;
          onDone?.(++done, total);
          return result;
        }),
      );
    },
    async close() {
      await pool?.destroy();
      pool = undefined;
    },
  };
}

export async function runMany(jobs: readonly SimulationJob[], options: RunManyOptions = {}): Promise<RunResult[]> {
  const requested = options.jobs ?? defaultJobs();
  if (!Number.isSafeInteger(requested) || requested < 1) throw new RangeError(`runMany: jobs ${requested} is not a positive integer`);
  // No more threads than jobs.
  const runner = createJobRunner(Math.max(1, Math.min(requested, jobs.length)));
  try {
    return await runner.run(jobs, options.onDone);
  } finally {
    await runner.close();
  }
}
