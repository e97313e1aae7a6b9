// poolSummaries: summary.pools — per scenario pool, its hardware and price, its replicas' mean
// utilization, and the Summary's formulas (summarize.ts) over the requests routed to its replicas
// (the collector's pool folds: a ClassFolds keyed by the pool of the record's replica) with the
// pool's own GPUs, price and energy, so its cost is its GPUs × its price over the fleet's window.
// Invariants: pure; O(pools); Σ over pools of cost.gpuHours, cost.usd and energy.joules are the
// fleet's (the fleet's price is the GPU-weighted mean of the pools', measure.ts); the fields and
// their order are PoolSummary's (types.ts).
// Autoscaling or failures (input.held): the pool's cost counts the GPU-seconds it held (Σ over
// pools = the fleet's), and its replica counts over time and autoscale block are added; its
// utilization is then Σ busy seconds ÷ Σ replica-seconds HELD over its replicas (in the window,
// and over the whole run for utilizationWithDrain), so a replica not yet started, released or
// failed does not count as idle. Without them every replica is held throughout and the mean of
// the replicas' utilizations is the same ratio (kept as that mean: the figures stay bit-identical).
// NOTE: per-pool TTFT/TPOT/E2E/queue use the class histograms (CLASS_HISTOGRAM: ≤ 0.5 % relative
// error on a percentile), coarser than the fleet's; ITL uses the fleet's histogram kind, fed with
// each pool's replicas' decode gaps. KV time means and SLO verdicts are not reported per pool.

import type { ClassFolds } from './class-folds.ts';
import { LogHistogram } from './log-histogram.ts';
import { summarize, type SummaryInput } from './summarize.ts';
import { EMPTY_KV } from './class-summary.ts';
import type { PoolSummary, ReplicaReport, Summary } from './types.ts';
import type { WindowSums } from './window-sums.ts';

/** One pool as the run built it: replicas firstReplica … firstReplica + numReplicas − 1. */
export interface PoolFleet {
  name: string;
  gpuId: string;
  tdpWatts: number;
  usdPerGpuHour: number;
  tp: number;
  pp: number;
  numReplicas: number;
  /** KV blocks of one replica of the pool. */
  numGpuBlocks: number;
  firstReplica: number;
}

export interface PoolSummaryInput {
  pools: readonly PoolFleet[];
  folds: ClassFolds;
  /** Per pool: the ITL histogram of its replicas (the collector's, as the fleet's). */
  itl?: readonly LogHistogram[];
  window: Pick<WindowSums, 'inWindow'>;
  summaryWindow: Summary['window'];
  loaded: boolean;
  runSeconds: number;
  /** Every replica's report (utilization), by global index. */
  replicas: readonly ReplicaReport[];
  /** Per pool: energy in the window and over the whole run (joules). */
  windowEnergyJoules: readonly number[];
  energyJoules: readonly number[];
  generation?: SummaryInput['generation'];
  /**
   * Autoscaling or failures, per pool: its GPU-seconds held over [from, to] (cost counts these),
   * its replica counts over time and its autoscale block (autoscaled pools).
   */
  held?: readonly { gpuSeconds(from: number, to: number): number; replicasOverTime: NonNullable<PoolSummary['replicasOverTime']>; autoscale?: PoolSummary['autoscale'] }[];
  /**
   * With `held`, by global replica index: its busy seconds and the seconds it was held, in the
   * window (the whole run without a loaded window) and over the whole run (utilization's terms).
   */
  replicaSeconds?: readonly ReplicaSeconds[];
}

/** One replica's busy and held seconds (at pp > 1 busy is the mean stage busy time, as ReplicaReport's). */
export interface ReplicaSeconds {
  busyInWindow: number;
  heldInWindow: number;
  busy: number;
  held: number;
}

export function poolSummaries(input: PoolSummaryInput): Record<string, PoolSummary> {
  const { folds, window: win, loaded } = input;
  const numSeqs = input.generation?.numSeqs ?? 1;
  const out: Record<string, PoolSummary> = {};
  input.pools.forEach((p, k) => {
    const outcomes = folds.outcomes[k];
    const gpus = p.tp * p.pp * p.numReplicas;
    const s = summarize({
      outcomes,
      itl: input.itl?.[k] ?? new LogHistogram({ minValue: 1, maxValue: 2 }),
      window: input.summaryWindow,
      inWindow: loaded ? folds.windowCounts(k, win, numSeqs, input.windowEnergyJoules[k]) : null,
      drainWindow: folds.drainWindow(k, input.runSeconds),
      kv: EMPTY_KV,
      gpuCount: gpus,
      usdPerGpuHour: p.usdPerGpuHour,
      runSeconds: input.runSeconds,
      energyJoules: input.energyJoules[k],
      ...(input.held === undefined ? {} : { gpuSecondsHeld: input.held[k].gpuSeconds }),
      overloaded: false,
      ...(input.generation === undefined ? {} : { generation: input.generation }),
    });
    const { utilization, utilizationWithDrain } = poolUtilization(p, input.replicas, input.held === undefined ? undefined : input.replicaSeconds);
    // Without a loaded window the fleet's cost is over the whole run, drain included (summarize's costWithDrain).
    const cost = loaded ? s.cost : s.costWithDrain;
    const energy = loaded ? s.energy : s.energyWithDrain;
    out[p.name] = {
      gpu: p.gpuId,
      tp: p.tp,
      pp: p.pp,
      replicas: p.numReplicas,
      gpus,
      usdPerHour: gpus * p.usdPerGpuHour,
      numGpuBlocks: p.numGpuBlocks,
      utilization,
      utilizationWithDrain,
      requests: s.requests,
      ttftSeconds: s.ttftSeconds,
      tpotSeconds: s.tpotSeconds,
      itlSeconds: s.itlSeconds,
      e2eSeconds: s.e2eSeconds,
      queueSeconds: s.queueSeconds,
      throughput: s.throughput,
      goodput: s.goodput,
      cost: { ...cost, usd: cost.gpuHours * p.usdPerGpuHour },
      energy: { ...energy, joules: loaded ? input.windowEnergyJoules[k] : input.energyJoules[k] },
      throughputWithDrain: s.throughputWithDrain,
    };
    const held = input.held?.[k];
    if (held !== undefined) {
      out[p.name].replicasOverTime = held.replicasOverTime;
      if (held.autoscale !== undefined) out[p.name].autoscale = held.autoscale;
    }
  });
  return out;
}

/**
 * The pool's utilization: with replicaSeconds (autoscaling or failures), Σ busy ÷ Σ held over its
 * replicas (0 when none was held); else the mean of its replicas' utilizations.
 */
function poolUtilization(
  p: Pick<PoolFleet, 'firstReplica' | 'numReplicas'>,
  replicas: readonly Pick<ReplicaReport, 'utilization' | 'utilizationWithDrain'>[],
  replicaSeconds?: readonly ReplicaSeconds[],
): { utilization: number; utilizationWithDrain: number } {
  const end = p.firstReplica + p.numReplicas;
  if (replicaSeconds === undefined) {
    let utilization = 0;
    let utilizationWithDrain = 0;
    for (let i = p.firstReplica; i < end; i++) {
      utilization += replicas[i].utilization;
      utilizationWithDrain += replicas[i].utilizationWithDrain;
    }
    return { utilization: utilization / p.numReplicas, utilizationWithDrain: utilizationWithDrain / p.numReplicas };
  }
  let busyW = 0;
  let heldW = 0;
  let busy = 0;
  let held = 0;
  for (let i = p.firstReplica; i < end; i++) {
    const r = replicaSeconds[i];
    busyW += r.busyInWindow;
    heldW += r.heldInWindow;
    busy += r.busy;
    held += r.held;
  }
  return { utilization: heldW > 0 ? busyW / heldW : 0, utilizationWithDrain: held > 0 ? busy / held : 0 };
}
