// A Chrome/Perfetto trace of a run's steps (JSON trace event format): one complete event
// (ph "X") per step per replica — pid = replica, ts/dur in µs of simulated time, args = running
// and waiting requests, tokens emitted, KV blocks in use — and one global instant event
// (ph "i", s "g") per preemption, naming the request. Open the file in ui.perfetto.dev or
// chrome://tracing.
// Invariants: bounded — at most maxSteps step events and maxSteps preemption events are kept
// (the first ones of the run); stepsSeen/preemptionsSeen count them all and the file's metadata
// says how many were dropped; the recorder only observes: it forwards every call to the observer
// it wraps, unchanged, so a traced run's results equal an untraced one's.
// Each step event's args also carry its batch composition (prefill chunks and their tokens,
// decode sequences and their mean context) and its cost breakdown in ms (compute, memory,
// communication, overhead; by operator family gemm and attention), read from the replica's
// optional stepPlanned call; steps complete in their replica's planning order, so a per-replica
// FIFO pairs each plan with its stepDone.

import type { Request } from '../scheduler/index.ts';
import type { ReplicaObserver } from './replica-factory.ts';
import { forwarding } from './step-observer.ts';

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
  /** Per replica: the planned steps' details not yet paired with their stepDone, oldest first. */
  private readonly planned = new Map<number, Record<string, number>[]>();

  /** Planned details waiting for their stepDone (with the kept steps, bounded by maxSteps). */
  private pending = 0;

  constructor(readonly maxSteps: number = DEFAULT_TRACE_MAX_STEPS) {}

  /** An observer that records steps and preemptions and forwards everything to `inner`. */
  wrap(inner: ReplicaObserver): ReplicaObserver {
    return forwarding(inner, {
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
        const detail = this.planned.get(replica)?.shift();
        if (detail !== undefined) this.pending--;
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
            args: { running, waiting, emittedTokens, usedBlocks, storedTokens, ...detail },
          });
        }
        inner.stepDone(replica, startedAt, endedAt, usedBlocks, running, waiting, emittedTokens, measuredDecodes, storedTokens, reservedTokens);
      },
      stepPlanned: (replica, batch, b) => {
        inner.stepPlanned?.(replica, batch, b);
        if (this.stepsKept + this.pending >= this.maxSteps) return;
        let prefillTokens = 0;
        for (let i = 0; i < batch.numPrefillChunks; i++) prefillTokens += batch.prefillChunkTokens[i];
        const ms = (s: number): number => Math.round(s * 1e9) / 1e6;
        const detail = {
          prefillChunks: batch.numPrefillChunks,
          prefillTokens,
          decodeSeqs: batch.numDecodeSeqs,
          decodeContextMean: batch.numDecodeSeqs > 0 ? Math.round((batch.decodeContextSum / batch.numDecodeSeqs) * 10) / 10 : 0,
          computeMs: ms(b.computeSeconds),
          memoryMs: ms(b.memorySeconds),
          communicationMs: ms(b.communicationSeconds),
          overheadMs: ms(b.overheadSeconds),
          gemmMs: ms(b.gemmSeconds),
          attentionMs: ms(b.attentionSeconds),
        };
        const queue = this.planned.get(replica);
        if (queue === undefined) this.planned.set(replica, [detail]);
        else queue.push(detail);
        this.pending++;
      },
    });
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
