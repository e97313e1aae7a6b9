// Worker entry of the study pool when sakiyomi runs from its TypeScript sources (vitest, tsx,
// SAKIYOMI_DEV, a library user importing sim/): a worker thread does not inherit the parent's
// tsx loader on Node 20 (`execArgv: ['--import', 'tsx']` is ignored there), so this plain ES
// module registers tsx in the worker and re-exports worker.ts's task. The bundle (dist/) uses
// dist/worker.mjs instead; run-many.ts picks one.
import { register } from 'tsx/esm/api';

register();
const { default: runJob } = await import('./worker.ts');

export default runJob;
