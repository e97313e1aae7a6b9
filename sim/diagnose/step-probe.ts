// What diagnose observes of one run's steps, beyond the summary: per replica, a least-squares
// fold of decode-only step time against the running decode batch (the TPOT-vs-batch evidence),
// and the step-time-weighted KV usage, running batch and "waiting while the cache is full" time
// (the per-pool KV evidence). It listens through runScenario's observer hook (RunOptions.observe):
// wrap() returns an observer that forwards every call unchanged and folds stepPlanned and
// stepDone on the way — so the run's results are the same as without it.
// Invariants: observes only (forwards every call, in order, with the same arguments; keeps no
// reference to the replica's reused shape or breakdown); O(1) work per step (the waiting steps'
// time is kept by blocks in use — at most one entry per block count — because a replica's block
// count is known only after the run).
// NOTE: a decode-only step is one with no prefill chunk and at least one decode sequence; its
// time is the cost model's breakdown total (swap copies included), the time the replica was busy.
// NOTE: the KV figures are weighted by step time (a replica's busy time), not by wall time as the
// summary's kv.meanUsage is: they say how full the cache is while the replica works. A pipelined
// replica reports one virtual engine per micro-batch; its figures are then per engine.
// NOTE: the observer type and forwarding() come from run.ts (diagnose may not import cluster/:
// architecture.test.ts); test/diagnose/slopes.test.ts checks a run's summary unchanged by it.

import { forwarding, type ReplicaObserver } from '../run.ts';
import { LineFold } from './line-fit.ts';

type Observer = ReplicaObserver;

/** One replica's step-time-weighted KV and batch sums. */
export interface ReplicaSteps {
  /** Σ step seconds. */
  seconds: number;
  /** Σ used blocks × step seconds. */
  usedBlockSeconds: number;
  /** Σ running requests × step seconds. */
  runningSeconds: number;
  /** Σ step seconds of steps with a request waiting, by the blocks in use then (blockedSeconds reads it). */
  waitingByUsedBlocks: Map<number, number>;
  /** Σ (reserved − stored tokens) × step seconds. */
  reservedUnusedTokenSeconds: number;
  /** The most blocks in use after a step was planned. */
  maxUsedBlocks: number;
}

export class StepProbe {
  /** Per replica (index order; grown as replicas report): decode step seconds on decode sequences. */
  readonly decode: LineFold[] = [];
  readonly steps: ReplicaSteps[] = [];

  private fold(replica: number): LineFold {
    while (this.decode.length <= replica) this.decode.push(new LineFold());
    return this.decode[replica];
  }

  private sums(replica: number): ReplicaSteps {
    while (this.steps.length <= replica) this.steps.push({ seconds: 0, usedBlockSeconds: 0, runningSeconds: 0, waitingByUsedBlocks: new Map(), reservedUnusedTokenSeconds: 0, maxUsedBlocks: 0 });
    return this.steps[replica];
  }

  /** The decode folds of these replicas merged into one. */
  decodeFit(replicas: Iterable<number>): LineFold {
    const out = new LineFold();
    for (const i of replicas) if (i < this.decode.length) out.merge(this.decode[i]);
    return out;
  }

  /** Step seconds of `replica` with a request waiting while at least `fullBlocks` blocks were in use. */
  blockedSeconds(replica: number, fullBlocks: number): number {
    let t = 0;
    for (const [used, dt] of this.steps[replica]?.waitingByUsedBlocks ?? []) if (used >= fullBlocks) t += dt;
    return t;
  }

  /** runScenario's `observe` option: `inner` wrapped in an observer that forwards every call. */
  wrap(inner: Observer): Observer {
    return forwarding(inner, {
      stepDone: (replica, startedAt, endedAt, usedBlocks, running, waiting, emittedTokens, measuredDecodes, storedTokens, reservedTokens) => {
        const dt = endedAt - startedAt;
        const s = this.sums(replica);
        s.seconds += dt;
        s.usedBlockSeconds += usedBlocks * dt;
        s.runningSeconds += running * dt;
        s.reservedUnusedTokenSeconds += Math.max(0, reservedTokens - storedTokens) * dt;
        if (usedBlocks > s.maxUsedBlocks) s.maxUsedBlocks = usedBlocks;
        if (waiting > 0) s.waitingByUsedBlocks.set(usedBlocks, (s.waitingByUsedBlocks.get(usedBlocks) ?? 0) + dt);
        inner.stepDone(replica, startedAt, endedAt, usedBlocks, running, waiting, emittedTokens, measuredDecodes, storedTokens, reservedTokens);
      },
      stepPlanned: (replica, batch, b) => {
        inner.stepPlanned?.(replica, batch, b);
        if (batch.numPrefillChunks === 0 && batch.numDecodeSeqs > 0) this.fold(replica).add(batch.numDecodeSeqs, b.totalSeconds);
      },
    });
  }
}
