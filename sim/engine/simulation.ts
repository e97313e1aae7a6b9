// The event loop: a clock, an event queue and a handler. Time only moves forward, to the time of
// the event being handled; there is no wall clock and no async. Cancelled events stay in the
// heap and are skipped by id when they surface (cheaper than removal from the middle).
// NOTE: the loop knows no LLM; the handler interprets (kind, target).

import { EventQueue, type EventId } from './event-queue.ts';

export interface EventHandler {
  handle(kind: number, target: number, time: number): void;
}

export interface RunOptions {
  /** Stop before handling any event later than this (the clock is left at `until`). */
  until?: number;
}

export class Simulation {
  private readonly queue = new EventQueue();
  private readonly cancelled = new Set<EventId>();
  /** Current simulated time, seconds. */
  now = 0;
  /** Events handled so far (cancelled ones not counted). */
  handled = 0;

  /** Schedules an event at `time` (>= now); returns its id. */
  schedule(time: number, kind: number, target: number): EventId {
    if (!(time >= this.now)) {
      throw new Error(`event scheduled in the past or at NaN: ${time} < now ${this.now}`);
    }
    return this.queue.push(time, kind, target);
  }

  /** Marks a pending event as stale; it will be skipped. */
  cancel(id: EventId): void {
    this.cancelled.add(id);
  }

  get pending(): number {
    return this.queue.size - this.cancelled.size;
  }

  peekTime(): number {
    return this.queue.peekTime();
  }

  /** Handles the next live event; false when none is left. */
  step(handler: EventHandler): boolean {
    const q = this.queue;
    while (q.pop()) {
      if (this.cancelled.size > 0 && this.cancelled.delete(q.id)) continue;
      this.now = q.time;
      this.handled++;
      handler.handle(q.kind, q.target, q.time);
      return true;
    }
    return false;
  }

  /** Handles events in (time, seq) order until none is left or the next is after `until`. */
  run(handler: EventHandler, options: RunOptions = {}): void {
    const until = options.until ?? Infinity;
    while (this.queue.size > 0) {
      if (this.queue.peekTime() > until) {
        this.now = until;
        return;
      }
      if (!this.step(handler)) return;
    }
  }
}
