// The waiting queue of the priority scheduling policy (vLLM v1 PriorityRequestQueue,
// vllm/v1/core/sched/request_queue.py): a binary min-heap on (priority, arrivedAt, id), where a
// request's priority is its class's (scenario/classes.ts; lower first). A preempted request goes
// back by the same key, not to the front: vLLM's prepend_request on a priority queue is add_request.
// Also the victim order of that policy: the running request with the largest (priority,
// arrivedAt) first (vLLM v1 scheduler.py: max(self.running, key=lambda r: (r.priority,
// r.arrival_time))); ids break the remaining ties (latest first, as the fcfs order).
// Invariants: front() is the least key; push and pop are O(log n); ties between equal
// (priority, arrivedAt) go to the smaller id (earlier arrival), so the order is total and runs
// are deterministic.
// NOTE: the same surface as RequestDeque (pushBack, pushFront, front, popFront, length), so the
// scheduler's admission loop is one code path for both policies.

import type { Request } from './request.ts';

/** The waiting queue as the scheduler uses it: RequestDeque (fcfs) or PriorityWaitingQueue. */
export interface WaitingQueue {
  readonly length: number;
  front(): Request | undefined;
  popFront(): Request | undefined;
  /** A new arrival. */
  pushBack(r: Request): void;
  /** A preempted request (fcfs: the front; priority: by its key). */
  pushFront(r: Request): void;
}

/** Whether a's key (priority, arrivedAt, id) is below b's: a is scheduled before b. */
export function schedulesBefore(a: Request, b: Request, priorities: readonly number[]): boolean {
  const pa = priorities[a.classIndex] ?? 0;
  const pb = priorities[b.classIndex] ?? 0;
  if (pa !== pb) return pa < pb;
  if (a.arrivedAt !== b.arrivedAt) return a.arrivedAt < b.arrivedAt;
  return a.id < b.id;
}

export class PriorityWaitingQueue implements WaitingQueue {
  private readonly heap: Request[] = [];

  /** priorities[classIndex]: the class's priority (missing: 0). */
  constructor(private readonly priorities: readonly number[]) {}

  get length(): number {
    return this.heap.length;
  }

  front(): Request | undefined {
    return this.heap[0];
  }

  pushBack(r: Request): void {
    const h = this.heap;
    h.push(r);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!schedulesBefore(h[i], h[parent], this.priorities)) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  pushFront(r: Request): void {
    this.pushBack(r);
  }

  popFront(): Request | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && schedulesBefore(h[l], h[m], this.priorities)) m = l;
        if (r < h.length && schedulesBefore(h[r], h[m], this.priorities)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

/** Sorts running requests into the priority policy's victim order: worst (largest key) first. */
export function sortVictimsByPriority(running: Request[], priorities: readonly number[]): Request[] {
  return running.sort((a, b) => (schedulesBefore(a, b, priorities) ? 1 : schedulesBefore(b, a, priorities) ? -1 : 0));
}

/** The worst (largest key) of a non-empty list: the priority policy's victim among them. */
export function worstByPriority(list: readonly Request[], priorities: readonly number[]): Request {
  let worst = list[0];
  for (let i = 1; i < list.length; i++) if (schedulesBefore(worst, list[i], priorities)) worst = list[i];
  return worst;
}
