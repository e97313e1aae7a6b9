// runMany: simulations on `jobs` threads — the calling thread and jobs − 1 worker threads of a
// tinypool pool — results in job order.
// Invariants: results[i] is runJob(jobs[i]) — the same bytes whichever thread ran it and however
// many threads there were (a simulation is a pure function of (scenario, seed); structured clone
// copies doubles exactly); `jobs: 1` (or a single job) runs in the calling thread, no pool; the
// pool is destroyed before runMany returns or throws; a job's error rejects runMany with it, after
// the jobs already running have settled.
// Scheduling: one shared queue. Each worker holds up to two jobs (tinypool's
// concurrentTasksPerWorker: one running, one waiting), so a worker does not idle while the calling
// thread is busy with a job of its own (a synchronous run blocks the messages that hand workers
// new jobs); the calling thread takes the next job whenever it is free. It starts working at
// once; a worker claims jobs only after answering a "ready" ping (null), i.e. once it has loaded
// the simulator (about 0.2–0.4 s from the bundle, 2 s from the sources through tsx), so a short
// study is not held up by jobs claimed by a worker still starting.
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

export type { SimulationJob } from './run-job.ts';

export interface RunManyOptions {
  /** Threads, the calling one included (default: os.availableParallelism()); 1 runs in the calling thread only. */
  jobs?: number;
  /** Called after each finished job with (finished so far, total). */
  onDone?: (done: number, total: number) => void;
  /**
   * false: the calling thread runs no job; `jobs` worker threads run them all (keeps an event
   * loop responsive; the tests use it to make sure workers ran). Default true.
   */
  inCallingThread?: boolean;
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

/** Jobs a worker holds at once: one running and one waiting. */
const JOBS_PER_WORKER = 2;

/** Lets pending messages (finished jobs, handing out the next) through before the next synchronous run. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A set of threads that runs batches of jobs; close() ends them. runMany is one batch on a fresh runner. */
export interface JobRunner {
  run(jobs: readonly SimulationJob[], onDone?: (done: number, total: number) => void): Promise<RunResult[]>;
  close(): Promise<void>;
}

/**
 * A runner on `jobs` threads, the calling one included (default os.availableParallelism()), or
 * `jobs` workers with inCallingThread false. Workers start on first use.
 */
export function createJobRunner(jobs: number = defaultJobs(), options: { inCallingThread?: boolean } = {}): JobRunner {
  if (!Number.isSafeInteger(jobs) || jobs < 1) throw new RangeError(`runMany: jobs ${jobs} is not a positive integer`);
  const inCallingThread = options.inCallingThread ?? true;
  const workers = inCallingThread ? jobs - 1 : jobs;
  let pool: Tinypool | undefined;
  return {
    async run(batch, onDone) {
      const total = batch.length;
      const results: RunResult[] = new Array(total);
      let done = 0;
      let next = 0;
      let failure: { error: unknown } | undefined;
      const finish = (k: number, result: RunResult): void => {
        results[k] = result;
        onDone?.(++done, total);
      };
      const slots: Promise<void>[] = [];
      if (workers > 0 && (total > 1 || !inCallingThread)) {
        pool ??= new Tinypool({ filename: workerEntry(), minThreads: workers, maxThreads: workers, concurrentTasksPerWorker: JOBS_PER_WORKER, isolateWorkers: false });
        const running = pool;
        for (let s = 0; s < workers * JOBS_PER_WORKER; s++) {
          slots.push(
            (async () => {
              // Never rejects (a rejection left unhandled while the calling thread runs a job would
              // end the process): an error is kept in `failure` and thrown after every slot settled.
              try {
                // Claim jobs only once the worker has loaded the simulator; until then the calling thread takes them.
                await running.run(null);
                while (next < total && failure === undefined) {
                  const k = next++;
                  finish(k, (await running.run(batch[k])) as RunResult);
                }
              } catch (error) {
                failure ??= { error };
              }
            })(),
          );
        }
      }
      // The calling thread's share.
      while (inCallingThread && failure === undefined) {
        if (slots.length > 0) await yieldToEventLoop();
        if (next >= total || failure !== undefined) break;
        const k = next++;
        try {
          finish(k, runJob(batch[k]));
        } catch (error) {
          failure ??= { error };
        }
      }
      await Promise.all(slots);
      if (failure !== undefined) throw failure.error;
      return results;
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
  const runner = createJobRunner(Math.max(1, Math.min(requested, jobs.length)), { inCallingThread: options.inCallingThread ?? true });
  try {
    return await runner.run(jobs, options.onDone);
  } finally {
    await runner.close();
  }
}
