// A replica's place in the fleet across failures: it serves through its current engine (a
// ServingReplica) and, when the replica fails, takes a fresh one (empty scheduler, empty KV cache:
// the failed engine's KV and prefix cache are lost) while keeping the counters of the engines it
// retired, so the replica's report covers the whole run.
// Only scenarios with `failures` build slots; the others use their replicas directly.
// Invariants: steps, busySeconds, totals, preemption, prefix-cache and speculation counts are the
// sums over every engine the slot has held; index and pool never change.

import { addBreakdown, emptyBreakdown, type StepBreakdown } from '../hardware/index.ts';
import type { PreemptionStats, PrefixCacheStats, Request, SpeculationStats } from '../scheduler/index.ts';
import type { ServingReplica } from './replica.ts';

export class ReplicaSlot implements ServingReplica {
  acceptsWork = true;
  private retiredSteps = 0;
  private retiredBusySeconds = 0;
  private readonly retiredTotals: StepBreakdown = emptyBreakdown();
  private readonly retiredPrefillTotals: StepBreakdown = emptyBreakdown();
  private readonly retiredPreemption: PreemptionStats = { recompute: 0, swap: 0, recomputedTokens: 0, swappedBlocks: 0, swapSeconds: 0 };
  private readonly retiredPrefix: PrefixCacheStats = { queriedTokens: 0, cachedTokens: 0 };
  private retiredSpeculation: SpeculationStats | undefined;

  constructor(private current: ServingReplica) {}

  get index(): number {
    return this.current.index;
  }
  get pool(): number {
    return this.current.pool;
  }
  set pool(p: number) {
    this.current.pool = p;
  }
  get numOutstanding(): number {
    return this.current.numOutstanding;
  }
  get numWaiting(): number {
    return this.current.numWaiting;
  }
  get kvUsage(): number {
    return this.current.kvUsage;
  }
  get steps(): number {
    return this.retiredSteps + this.current.steps;
  }
  get busySeconds(): number {
    return this.retiredBusySeconds + this.current.busySeconds;
  }
  get totals(): StepBreakdown {
    const t = emptyBreakdown();
    addBreakdown(t, this.retiredTotals);
    addBreakdown(t, this.current.totals);
    return t;
  }
  get prefillTotals(): StepBreakdown {
    const t = emptyBreakdown();
    addBreakdown(t, this.retiredPrefillTotals);
    addBreakdown(t, this.current.prefillTotals);
    return t;
  }
  get preemption(): PreemptionStats {
    const a = this.retiredPreemption;
    const b = this.current.preemption;
    return { recompute: a.recompute + b.recompute, swap: a.swap + b.swap, recomputedTokens: a.recomputedTokens + b.recomputedTokens, swappedBlocks: a.swappedBlocks + b.swappedBlocks, swapSeconds: a.swapSeconds + b.swapSeconds };
  }
  get prefixCache(): PrefixCacheStats {
    const b = this.current.prefixCache;
    return { queriedTokens: this.retiredPrefix.queriedTokens + b.queriedTokens, cachedTokens: this.retiredPrefix.cachedTokens + b.cachedTokens };
  }
  get speculation(): SpeculationStats | undefined {
    const b = this.current.speculation;
    const a = this.retiredSpeculation;
    if (a === undefined || b === undefined) return b ?? a;
    return {
      verifies: a.verifies + b.verifies,
      numDraftTokens: a.numDraftTokens + b.numDraftTokens,
      numAcceptedTokens: a.numAcceptedTokens + b.numAcceptedTokens,
      speculativeSteps: a.speculativeSteps + b.speculativeSteps,
      plainSteps: a.plainSteps + b.plainSteps,
    };
  }

  admissible(numPromptTokens: number, numOutputTokens: number, numSeqs: number): string | null {
    return this.current.admissible(numPromptTokens, numOutputTokens, numSeqs);
  }
  add(r: Request): void {
    this.current.add(r);
  }
  startStepIfIdle(now: number): number {
    return this.current.startStepIfIdle(now);
  }
  finishStep(now: number): void {
    this.current.finishStep(now);
  }
  nextWakeAt(): number {
    return this.current.nextWakeAt();
  }

  /** The replica failed: its engine is retired (counters kept) and `fresh` (same index and pool) serves from now on. */
  replace(fresh: ServingReplica): void {
    const old = this.current;
    this.retiredSteps += old.steps;
    this.retiredBusySeconds += old.busySeconds;
    addBreakdown(this.retiredTotals, old.totals);
    addBreakdown(this.retiredPrefillTotals, old.prefillTotals);
    const p = old.preemption;
    const rp = this.retiredPreemption;
    rp.recompute += p.recompute;
    rp.swap += p.swap;
    rp.recomputedTokens += p.recomputedTokens;
    rp.swappedBlocks += p.swappedBlocks;
    rp.swapSeconds += p.swapSeconds;
    this.retiredPrefix.queriedTokens += old.prefixCache.queriedTokens;
    this.retiredPrefix.cachedTokens += old.prefixCache.cachedTokens;
    const s = old.speculation;
    if (s !== undefined) this.retiredSpeculation = this.speculationSum(s);
    fresh.pool = old.pool;
    this.current = fresh;
  }

  private speculationSum(s: SpeculationStats): SpeculationStats {
    const a = this.retiredSpeculation;
    if (a === undefined) return { ...s };
    return { verifies: a.verifies + s.verifies, numDraftTokens: a.numDraftTokens + s.numDraftTokens, numAcceptedTokens: a.numAcceptedTokens + s.numAcceptedTokens, speculativeSteps: a.speculativeSteps + s.speculativeSteps, plainSteps: a.plainSteps + s.plainSteps };
  }
}
