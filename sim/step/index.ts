// The step room: the scheduler's output (one step's shape), the contract between the scheduler,
// which writes it, and the cost models, which read it. Depends on nothing.
export { makeSchedulerOutput, type SchedulerOutput } from './scheduler-output.ts';
