// The event loop: a clock, an event queue and a handler. Time only moves forward, to the time of
// the event being handled; there is no wall clock and no async. The caller drives it one event
// at a time (step), peeking at the next instant to apply its own stop rule (cluster/drive.ts's drain limit).
// NOTE: the loop knows no LLM; the handler interprets (kind, target). Events are never cancelled:
// a handler that finds its event stale (a wake-up with nothing to do) simply does nothing.

import { EventQueue, type EventId } from './event-queue.ts';

export interface EventHandler {
  handle(kind: number, target: number, time: number): void;
}

export class Simulation {
  private readonly queue = new EventQueue();
  /** Current simulated time, seconds. */
  now = 0;
  /** Events handled so far. */
  handled = 0;

  /** Schedules an event at `time` (>= now); returns its id. */
  schedule(time: number, kind: number, target: number): EventId {
    if (!(time >= this.now)) {
      throw new Error(`event scheduled in the past or at NaN: ${time} < now ${this.now}`);
    }
    return this.queue.push(time, kind, target);
  }

  peekTime(): number {
    return this.queue.peekTime();
  }

  /** Handles the next event in (time, seq) order; false when none is left. */
  step(handler: EventHandler): boolean {
    const q = this.queue;
    if (!q.pop()) return false;
    this.now = q.time;
    this.handled++;
    handler.handle(q.kind, q.target, q.time);
    return true;
  }
}
