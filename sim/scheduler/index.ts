// The scheduler room: request state, the waiting queue, the lazily advanced decode set, the
// continuous-batching step planner with recompute preemption and the static-batch planner,
// speculative decoding's eager decode set and acceptance draws.
export { Request, RequestStatus } from './request.ts';
export { RequestDeque } from './request-deque.ts';
export { DecodeSet } from './decode-set.ts';
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
