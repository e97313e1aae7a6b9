// A Chrome/Perfetto trace of a run's steps (JSON trace event format): one complete event
// (ph "X") per step per replica — pid = replica, ts/dur in µs of simulated time, args = running
// and waiting requests, tokens emitted, KV blocks in use — and one global instant event
// (ph "i", s "g") per preemption, naming the request. Open the file in ui.perfetto.dev or
// chrome://tracing.
// Invariants: bounded — at most maxSteps step events and maxSteps preemption events are kept
// (the first ones of the run); stepsSeen/preemptionsSeen count them all and the file's metadata
// says how many were dropped; the recorder only observes: it forwards every call to the observer
// it wraps, unchanged, so a traced run's results equal an untraced one's.
// NOTE: a step's cost breakdown (compute/memory/communication/overhead) and per-sequence batch
// composition are not in the StepObserver interface, so the events do not carry them yet.

import type { Request } from '../scheduler/index.ts';
import type { ReplicaObserver } from './replica-factory.ts';

/** The default cap on step events (and, separately, preemption events) in a trace. */
export const DEFAULT_TRACE_MAX_STEPS = 100_000;

export interface TraceEvent {
  name: string;
  ph: 'X' | 'i' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  s?: 'g';
  args: Record<string, number | string>;
}

const US = 1e6;
const us = (seconds: number): number => Math.round(seconds * US * 1000) / 1000;

export class StepTrace {
  readonly events: TraceEvent[] = [];
  stepsSeen = 0;
  preemptionsSeen = 0;
  private stepsKept = 0;
  private preemptionsKept = 0;
  private readonly replicas = new Set<number>();

  constructor(readonly maxSteps: number = DEFAULT_TRACE_MAX_STEPS) {}

  /** An observer that records steps and preemptions and forwards everything to `inner`. */
  wrap(inner: ReplicaObserver): ReplicaObserver {
    return {
      scheduled: (r: Request, now: number) => inner.scheduled(r, now),
      firstToken: (r: Request, now: number) => inner.firstToken(r, now),
      resumedToken: (r: Request, gap: number) => inner.resumedToken(r, gap),
      finished: (r: Request, now: number) => inner.finished(r, now),
      preempted: (r: Request, now: number) => {
        this.preemptionsSeen++;
        if (this.preemptionsKept < this.maxSteps) {
          this.preemptionsKept++;
          this.events.push({ name: 'preempted', ph: 'i', s: 'g', pid: 0, tid: 0, ts: us(now), args: { requestId: r.id } });
        }
        inner.preempted(r, now);
      },
      stepDone: (replica, startedAt, endedAt, usedBlocks, running, waiting, emittedTokens, measuredDecodes, storedTokens, reservedTokens) => {
        this.stepsSeen++;
        if (this.stepsKept < this.maxSteps) {
          this.stepsKept++;
          this.replicas.add(replica);
          this.events.push({
            name: 'step',
            ph: 'X',
            pid: replica,
            tid: 0,
            ts: us(startedAt),
            dur: us(endedAt - startedAt),
            args: { running, waiting, emittedTokens, usedBlocks, storedTokens },
          });
        }
        inner.stepDone(replica, startedAt, endedAt, usedBlocks, running, waiting, emittedTokens, measuredDecodes, storedTokens, reservedTokens);
      },
      replicaKvUsed: (usedBlocks, replica) => inner.replicaKvUsed(usedBlocks, replica),
    };
  }

  /** The trace file's object: { traceEvents, displayTimeUnit, metadata }; replicas named by metadata events. */
  toJSON(scenarioName: string): { traceEvents: TraceEvent[]; displayTimeUnit: 'ms'; metadata: Record<string, number | string> } {
    const names: TraceEvent[] = [...this.replicas].sort((a, b) => a - b).map((pid) => ({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: `replica ${pid}` } }));
    return {
      traceEvents: [...names, ...this.events],
      displayTimeUnit: 'ms',
      metadata: {
        scenario: scenarioName,
        stepsSeen: this.stepsSeen,
        stepsDropped: this.stepsSeen - this.stepsKept,
        preemptionsSeen: this.preemptionsSeen,
        preemptionsDropped: this.preemptionsSeen - this.preemptionsKept,
        maxSteps: this.maxSteps,
      },
    };
  }
}
