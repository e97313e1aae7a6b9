// The scheduler room: Request and its RequestStatus, the waiting queue, the continuous-batching
// step planner with preemption and the static-batch planner, the decode trackers (plain decoding's
// lazily advanced lock-step set, speculative decoding's eager set and acceptance draws). Its
// output is the step room's SchedulerOutput; it knows nothing of what a step costs.
export { Request, RequestStatus } from './request.ts';
export { RequestDeque } from './request-deque.ts';
export { PriorityWaitingQueue, type WaitingQueue } from './priority-queue.ts';
export { DecodeSet } from './decode-set.ts';
export type { DecodeHost, DecodeTracker } from './decode-tracker.ts';
export { LockstepDecodes } from './lockstep-decodes.ts';
export { SpeculativeDecodes } from './speculative-decodes.ts';
export {
  Scheduler,
  type SchedulerConfig,
  type RequestEvents,
  type PreemptionStats,
  type PrefixCacheStats,
  type SpeculativeSchedulerConfig,
  type SpeculationStats,
} from './scheduler.ts';
export { addCounts } from './counts.ts';
export { finalKvTokens, kvSlots } from './admissible.ts';
export { LeadingRunAcceptance, classFromUniform, type AcceptanceModel } from './acceptance.ts';
export { StaticBatchScheduler, type StaticBatchConfig } from './static-batch-scheduler.ts';
export type { StepPlanner } from './step-planner.ts';
