// The task a worker thread of the study pool runs (tinypool imports this module's default
// export): one SimulationJob in, its RunResult out, structured-cloned back to the caller.
// Bundled as dist/worker.mjs by bin/build.mjs; from the TypeScript sources it is loaded through
// worker-from-source.mjs, which registers the tsx loader in the worker first.

import { runJob } from './run-job.ts';

export default runJob;
