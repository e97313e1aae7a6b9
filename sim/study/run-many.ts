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

export async function runMany(jobs: readonly SimulationJob[], options: RunManyOptions = {}): Promise<RunResult[]> {
  const requested = options.jobs ?? defaultJobs();
  if (!Number.isSafeInteger(requested) || requested < 1) throw new RangeError(`runMany: jobs ${requested} is not a positive integer`);
  const threads = Math.min(requested, jobs.length);
  const total = jobs.length;
  let done = 0;
  if (threads <= 1) {
    const results: RunResult[] = [];
    for (const job of jobs) {
      results.push(runJob(job));
      options.onDone?.(++done, total);
    }
    return results;
  }
  const pool = new Tinypool({ filename: workerEntry(), minThreads: threads, maxThreads: threads, isolateWorkers: false });
  try {
    return await Promise.all(
      jobs.map(async (job) => {
        const result = (await pool.run(job)) as RunResult;
        options.onDone?.(++done, total);
        return result;
      }),
    );
  } finally {
    await pool.destroy();
  }
}
