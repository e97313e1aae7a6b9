// The scheduler room: request state, the waiting queue, the lazily advanced decode set and the
// continuous-batching step planner with recompute preemption.
export { SimRequest, WAITING, PREFILLING, DECODING, FINISHED, type RequestState } from './request.ts';
export { RequestDeque } from './request-deque.ts';
export { DecodeSet } from './decode-set.ts';
export { Scheduler, type SchedulerConfig, type RequestEvents } from './scheduler.ts';
