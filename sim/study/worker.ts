// The task a worker thread of the study pool runs (tinypool imports this module's default
// export): one SimulationJob in, its RunResult out, structured-cloned back to the caller; null in,
// null out (the pool's "ready" ping: a worker takes jobs only once it has loaded the simulator).
// Bundled as dist/worker.mjs by bin/build.mjs; from the TypeScript sources it is loaded through
// worker-from-source.mjs, which registers the tsx loader in the worker first.

import type { RunResult } from '../metrics/index.ts';
import { runJob, type SimulationJob } from './run-job.ts';

export default function task(job: SimulationJob | null): RunResult | null {
  return job === null ? null : runJob(job);
}
