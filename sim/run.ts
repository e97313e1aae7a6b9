// runScenario: the composition root, in the order of the data flow. No I/O: it returns a value.
//   build    random streams from the seed, the workload, the replica plan (precision, KV-cache
//            size, cost model, generation, scheduler settings: cluster/replica-plan.ts), the
//            collector, the replicas (cluster/replica-factory.ts) and the router;
//   drive    the event loop under the drain limit (cluster/drive.ts);
//   measure  records → unfinished requests, the overload verdict, the summary → RunResult.
// Invariants: a pure function of (scenario, options): the same inputs give the same RunResult.

import { Simulation } from './engine/index.ts';
import type { CostModelParams } from './hardware/index.ts';
import { summarize, type ReplicaReport, type RunResult } from './metrics/index.ts';
import { createStreams } from './random/index.ts';
import { ScenarioError, type Scenario } from './scenario/index.ts';
import { addCounts } from './scheduler/index.ts';
import { createWorkload } from './workload/index.ts';
import { Cluster, Collector, MAX_REJECTION_STREAK, createReplicas, createRouter, drive, planReplica, queueGrowth, type ServingReplica } from './cluster/index.ts';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides cost-model parameters after every other source (for calibration sweeps). */
  costModelParams?: Partial<CostModelParams>;
}

export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const { config, gpu, engine } = scenario;
  const seed = options.seed ?? config.seed;
  const { tp, numReplicas } = config.hardware;
  const pp = config.hardware.pp ?? 1;

  // Build.
  const plan = planReplica(scenario, options.costModelParams);
  const { gpusPerReplica, speculation, cacheableWorkload, generation: gen } = plan;
  const { numGpuBlocks } = plan.parts;
  const numSeqs = gen.numSeqs;
  const notes = [...plan.notes];
  const streams = createStreams(seed);
  let workload: ReturnType<typeof createWorkload>;
  try {
    workload = createWorkload(config.workload, streams);
  } catch (e) {
    if (e instanceof RangeError) throw new ScenarioError(scenario.file, [{ path: 'workload', message: e.message }]);
    throw e;
  }
  const router = createRouter(config.router, streams.stream('router'));
  const collector = new Collector(numGpuBlocks, numReplicas);
  const replicas = createReplicas(numReplicas, plan.kind, plan.parts, collector, { streams, seed });

  // Drive.
  const sim = new Simulation();
  const closedLoop = config.workload.arrival.kind === 'closed-loop';
  const cluster = new Cluster(sim, replicas, router, workload, collector, config.metrics, closedLoop, engine.frontendLatencySeconds, { numSeqs, outputLengthFactor: gen.outputLengthFactor });
  cluster.start();
  const { truncated, horizon } = drive(sim, cluster, config.simulation.maxDrainSeconds);

  const runSeconds = truncated ? horizon : Math.max(collector.lastEventAt, cluster.lastArrivalAt);
  const records = collector.records.columns();

  // Unfinished requests and the queue-growth verdict.
  let unfinished = 0;
  for (let i = 0; i < records.count; i++) if (records.status[i] === 0) unfinished++;
  const points = collector.timeSeries.points(runSeconds);
  const growth = closedLoop ? null : queueGrowth(points, collector.timeSeries.binSeconds, cluster.lastArrivalAt, records.count);
  const overloaded = truncated || unfinished > 0 || (growth !== null && growth.growing);
  if (cluster.rejectReasons.size > 0) {
    for (const [why, n] of cluster.rejectReasons) notes.push(`rejected ${n} request(s): ${why}`);
    if (!Number.isNaN(cluster.rejectionStreakStoppedAt)) {
      notes.push(`stopped sending follow-up requests at t = ${cluster.rejectionStreakStoppedAt.toFixed(3)} s after ${MAX_REJECTION_STREAK} rejections in a row: the workload's requests cannot be served on this configuration`);
    }
  }
  if (unfinished > 0) {
    notes.push(
      `${unfinished} request(s) still unfinished ${truncated ? `when the drain limit (${(horizon - cluster.lastArrivalAt).toFixed(0)} s after the last arrival) was reached` : 'at the end'}`,
    );
  }
  if (growth !== null && growth.growing) {
    notes.push(
      `the waiting queue grew from ${growth.early.toFixed(1)} to ${growth.late.toFixed(1)} requests on average while requests arrived: the offered load exceeds capacity`,
    );
  }

  // Measurement window: first measured arrival → last measured finish.
  let start = Infinity;
  let end = -Infinity;
  for (let i = 0; i < records.count; i++) {
    if (records.measured[i] !== 1) continue;
    if (records.arrivedAt[i] < start) start = records.arrivedAt[i];
    if (records.status[i] === 1 && records.finishedAt[i] > end) end = records.finishedAt[i];
  }
  if (!(end > start)) {
    start = 0;
    end = runSeconds;
  }

  const power = config.power;
  let energyJoules = 0;
  let kvBlockSeconds = 0;
  const prefix = { queriedTokens: 0, cachedTokens: 0 };
  const byMode = { recompute: 0, swap: 0, recomputedTokens: 0, swappedBlocks: 0, swapSeconds: 0 };
  const replicaReports: ReplicaReport[] = replicas.map((r) => {
    const idle = Math.max(0, runSeconds - r.busySeconds);
    // At pp > 1 busySeconds is the mean stage busy time, so tp·pp GPUs at that mean is exact.
    energyJoules += gpusPerReplica * gpu.tdpWatts * (r.busySeconds * power.busyFraction + idle * power.idleFraction);
    kvBlockSeconds += collector.kvBlockSeconds[r.index];
    addCounts(byMode, r.preemption);
    addCounts(prefix, r.prefixCache);
    return replicaReport(r, gpu.id, tp, pp, numGpuBlocks, runSeconds);
  });

  // Fragmentation, over all slots of all replicas for the whole run (definitions.md).
  const slotSeconds = numGpuBlocks * engine.blockSize * numReplicas * runSeconds;
  const slotFraction = (x: number): number => (slotSeconds > 0 ? Math.max(0, x) / slotSeconds : 0);
  const summary = summarize({
    records,
    itl: collector.itl,
    slo: config.slo,
    window: { startSeconds: start, endSeconds: end },
    kv: {
      numGpuBlocks,
      meanUsage: runSeconds > 0 ? kvBlockSeconds / (numGpuBlocks * numReplicas * runSeconds) : 0,
      maxUsage: collector.maxKvUsage,
      preemptions: byMode.recompute + byMode.swap,
      meanReservedUnusedFraction: slotFraction(collector.kvReservedTokenSeconds - collector.kvStoredTokenSeconds),
      meanInternalFragmentation: slotFraction(kvBlockSeconds * engine.blockSize - collector.kvReservedTokenSeconds),
      meanRunning: runSeconds > 0 ? collector.runningSeconds / (numReplicas * runSeconds) : 0,
      preemptionsRecompute: byMode.recompute,
      preemptionsSwap: byMode.swap,
      recomputedTokens: byMode.recomputedTokens,
      swappedBlocks: byMode.swappedBlocks,
      swapSeconds: byMode.swapSeconds,
      // Only for a workload with shared prefixes or sessions, so other summaries keep their shape.
      ...(!cacheableWorkload
        ? {}
        : { prefixCacheHitRate: prefix.queriedTokens > 0 ? prefix.cachedTokens / prefix.queriedTokens : 0, prefillTokensSaved: prefix.cachedTokens }),
    },
    gpuCount: gpusPerReplica * numReplicas,
    usdPerGpuHour: config.hardware.usdPerGpuHour ?? gpu.usdPerGpuHour,
    runSeconds,
    energyJoules,
    overloaded,
    ...sessionsSummary(workload),
    ...(gen.kind === 'greedy' ? {} : { generation: { kind: gen.kind, numSeqs, deliveredSeqs: gen.kind === 'sampling' ? numSeqs : 1 } }),
    ...(speculation === null ? {} : { speculative: speculation.summary(replicas) }),
  });

  return {
    scenarioName: scenario.name,
    seed,
    summary,
    replicas: replicaReports,
    notes,
    timeSeries: { binSeconds: collector.timeSeries.binSeconds, points },
    requests: records,
    simulatedSeconds: runSeconds,
    events: sim.handled,
    inSystemSeconds: collector.inSystemArea,
  };
}

/** The summary's `sessions` field, present only with workload.sessions. */
function sessionsSummary(workload: ReturnType<typeof createWorkload>): { sessions?: NonNullable<RunResult['summary']['sessions']> } {
  const s = workload.sessionStats();
  if (s === null) return {};
  return { sessions: { started: s.started, turns: s.turns, meanTurnsPerSession: s.started > 0 ? s.turns / s.started : 0, endedByStop: s.endedByStop, endedByContextCap: s.endedByContextCap, endedByRejection: s.endedByRejection } };
}

/**
 * busySeconds at pp > 1 is the mean stage busy time, so utilization is the mean stage utilization
 * Σ_s busy_s / (pp × runSeconds); the regime shares are over the summed stage times, overheads
 * and transfers.
 */
function replicaReport(r: ServingReplica, gpu: string, tp: number, pp: number, numGpuBlocks: number, runSeconds: number): ReplicaReport {
  const t = r.totals;
  const total = t.totalSeconds > 0 ? t.totalSeconds : 1;
  const shares = {
    compute: t.computeSeconds / total,
    memory: t.memorySeconds / total,
    communication: t.communicationSeconds / total,
    overhead: t.overheadSeconds / total,
  };
  let dominant: ReplicaReport['dominantRegime'] = 'compute';
  for (const k of ['memory', 'communication', 'overhead'] as const) if (shares[k] > shares[dominant]) dominant = k;
  return {
    index: r.index,
    gpu,
    tp,
    ...(pp > 1 ? { pp } : {}),
    numGpuBlocks,
    steps: r.steps,
    busySeconds: r.busySeconds,
    utilization: runSeconds > 0 ? r.busySeconds / runSeconds : 0,
    regimeShares: shares,
    dominantRegime: dominant,
  };
}
