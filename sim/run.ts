// runScenario: the composition root, in the order of the data flow. No I/O: it returns a value.
//   build    random streams from the seed, the workload, the replica plan (precision, KV-cache
//            size, cost model, generation, scheduler settings: cluster/replica-plan.ts), the
//            collector, the replicas (cluster/replica-factory.ts) and the router;
//   drive    the event loop under the drain limit (cluster/drive.ts);
//   measure  the records the collector folded as requests left → unfinished requests, the
//            overload verdict, the summary, the replica reports (metrics/measure.ts) → RunResult;
//            last, the summary's model-error bands (validation/model-error.ts).
// Pools (scenario.pools): one replica plan per pool (cluster/pool-plan.ts), the replicas of all
// pools numbered pool by pool behind the one router, each knowing its pool; the collector folds
// records per pool and measure() prices each pool's GPUs (summary.pools). Settings one per
// cluster come from pool 0 (the Scenario itself): the frontend latency; maxModelLen is the
// smallest pool's (a request must fit wherever it is routed). Without pools the build is the
// one-plan build it always was.
// Per-class generation: each class's settings (its own generation, else the top-level one) go to
// the cluster (numSeqs and length factor per request) and to measure() (delivered tokens per class).
// Disaggregation (scenario.disaggregation, with pools' roles): the router sees the prefill pools'
// replicas only, and cluster/disagg.ts hands each prefilled request to a decode replica over the
// KV link; summary.transfers and summary.pools.<name>.role appear only then.
// Every check that can fail on a scenario ran in scenario/resolve.ts: a resolved Scenario runs.
// Invariants: a pure function of (scenario, options): the same inputs give the same RunResult.

import { Simulation } from './engine/index.ts';
import type { CostModelParams } from './hardware/index.ts';
import { measure, sloTargets, type RequestSink, type RunResult } from './metrics/index.ts';
import { allowedPoolsOf, requestClassesOf } from './scenario/index.ts';
import { createStreams } from './random/index.ts';
import type { Scenario } from './scenario/index.ts';
import { createWorkload } from './workload/index.ts';
import { modelErrorOf } from './validation/index.ts';
import { ACTIVE, Cluster, Collector, Disaggregation, MAX_REJECTION_STREAK, buildFleet, classGenerations, createPoolRouter, createReplica, createReplicas, createRouter, decodeKvBytesPerToken, drive, forwarding, generationMetrics, generationNote, planPools, planReplica, type PoolPlan, type PoolRole, type ReplicaObserver, type StepTrace } from './cluster/index.ts';
import { builtReplicas } from './scenario/index.ts';
import type { MeasureInput, Summary } from './metrics/index.ts';
import type { FleetBuild, FleetPool, ServingReplica } from './cluster/index.ts';

export type { ReplicaObserver };
/** forwarding(inner, overrides): how an `observe` wrapper forwards every call it does not handle (cluster/step-observer.ts). */
export { forwarding };

export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides cost-model parameters after every other source (for calibration sweeps). */
  costModelParams?: Partial<CostModelParams>;
  /**
   * Receives every request's record as the request leaves the run (finished, rejected, or left
   * unfinished at the end), in that order: how the CLI streams requests.csv.
   */
  requestSink?: RequestSink;
  /** Keep every record in RunResult.requests (memory grows with the request count). */
  keepRequests?: boolean;
  /** Records each replica's steps and the preemptions (a Chrome/Perfetto trace, bounded); observes only. */
  trace?: StepTrace;
  /**
   * Wraps the run's step observer (after the trace): the wrapper must forward every call, in
   * order and unchanged, so that it observes only (diagnose's step probe); forwarding(inner,
   * overrides) builds one. With disaggregation it sees every replica's calls (a prefill leg's
   * first token and end stay inside the prefill pool's observer: the wrapper sees each request's
   * first token once, at its KV's landing, and its end on its decode replica).
   */
  observe?: (inner: ReplicaObserver) => ReplicaObserver;
}

export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const { config, gpu, engine } = scenario;
  const seed = options.seed ?? config.seed;
  const { tp } = config.hardware;
  const pp = config.hardware.pp ?? 1;

  // Build.
  const pools = planPools(scenario, options.costModelParams);
  const plan = pools === null ? planReplica(scenario, options.costModelParams) : pools[0].plan;
  const numReplicas = pools === null ? builtReplicas(config.hardware) : pools.reduce((n, p) => n + p.numReplicas, 0);
  const { speculation, cacheableWorkload, generation: gen } = plan;
  const { numGpuBlocks } = plan.parts;
  const numSeqs = gen.numSeqs;
  const notes = pools === null ? [...plan.notes] : pools.flatMap((p) => p.plan.notes.map((n) => `pool ${p.name}: ${n}`));
  const maxModelLen = pools === null ? engine.maxModelLen : Math.min(...pools.map((p) => p.scenario.engine.maxModelLen));
  const streams = createStreams(seed);
  const workload = createWorkload(config.workload, streams, { traceFile: scenario.traceFile });
  const routerStream = streams.stream('router');
  /** Built below (Drive); the pool router reads its availability when routing. */
  let fleetBuild: FleetBuild | null = null;
  // Autoscaling or failures (cluster/fleet-build.ts): some replicas may not accept work.
  const fleetControlled = config.failures !== undefined || (pools === null ? config.hardware.autoscale !== undefined : pools.some((p) => p.scenario.config.hardware.autoscale !== undefined));
  const allowedPools = pools === null ? null : allowedPoolsOf(config);
  const router =
    pools !== null && (config.router.poolRules !== undefined || config.router.poolWeights !== undefined)
      ? createPoolRouter(
          {
            allowed: allowedPools!,
            pools,
            weights: config.router.poolWeights === undefined ? null : pools.map((p) => config.router.poolWeights![p.name] ?? 0),
            ...(!fleetControlled ? {} : { accepting: (k: number) => fleetBuild!.fleet.availability.countIn(k, ACTIVE) }),
          },
          () => createRouter(config.router, routerStream),
          routerStream,
        )
      : createRouter(config.router, routerStream);
  const classes = requestClassesOf(config);
  // Per-class generation (workload.classes[i].generation; never with pools: resolve refuses it).
  const perClassGen = classGenerations(config);
  config.workload.classes?.forEach((c) => {
    const note = c.generation === undefined ? null : generationNote(c.generation, config.costModel.kind);
    if (note !== null) notes.push(`class ${c.name}: ${note}`);
  });
  const declared = classes.declared ? { names: classes.classes.map((c) => c.name), slos: classes.classes.map((c) => c.slo) } : undefined;
  const collector = new Collector(pools === null ? numGpuBlocks : perReplica(pools, (p) => p.plan.parts.numGpuBlocks), numReplicas, {
    slo: config.slo,
    window: { ...config.metrics, durationSeconds: config.workload.stop?.durationSeconds, numRequests: config.workload.stop?.numRequests },
    ...(config.metrics.windowSeconds === undefined ? {} : { windowSeconds: config.metrics.windowSeconds }),
    ...(declared === undefined ? {} : { classes: declared }),
    ...(options.requestSink !== undefined ? { requestSink: options.requestSink } : {}),
    ...(options.keepRequests === true ? { keepRequests: true } : {}),
    ...(pools === null ? {} : { pools: { replicaPool: perReplica(pools, (_, k) => k), count: pools.length } }),
  });
  const traced = options.trace === undefined ? collector : options.trace.wrap(collector);
  const observer = options.observe === undefined ? traced : options.observe(traced);
  // Declared classes: every KV cache counts blocks per class (summary.classes.<name>.kvUsage).
  const replicaClasses = declared === undefined ? undefined : { count: declared.names.length, classOf: (id: number) => collector.classOf(id) };
  // Disaggregated serving (cluster/disagg.ts): prefill pools report through the hook's observer,
  // decode pools keep no prefix cache (their KV arrives by transfer).
  const roles = config.pools?.map((p) => p.role ?? 'prefill') ?? [];
  const disagg = pools !== null && config.disaggregation !== undefined ? new Disaggregation(config.disaggregation, observer) : undefined;
  if (disagg !== undefined) collector.fileResumedTokensBy((id) => disagg.decodePoolOf(id));
  const built =
    pools === null
      ? createReplicas(numReplicas, plan.kind, plan.parts, observer, { streams, seed }, undefined, replicaClasses)
      : pools.flatMap((p, k) => {
          const first = { index: p.firstReplica, pool: k };
          if (disagg === undefined) return createReplicas(p.numReplicas, p.plan.kind, p.plan.parts, observer, { streams, seed }, first, replicaClasses);
          return roles[k] === 'prefill'
            ? createReplicas(p.numReplicas, p.plan.kind, p.plan.parts, disagg.prefillObserver(observer), { streams, seed }, first, replicaClasses)
            : createReplicas(p.numReplicas, p.plan.kind, { ...p.plan.parts, prefixCaching: false }, disagg.decodeObserver(observer), { streams, seed }, first, replicaClasses);
        });
  if (disagg !== undefined && pools !== null) {
    disagg.attach(
      built,
      perReplica<PoolRole>(pools, (_, k) => roles[k]),
      perReplica(pools, (p, k) => (roles[k] === 'decode' ? decodeKvBytesPerToken(p.scenario) : 0)),
      pools.length,
    );
  }

  // Drive.
  const sim = new Simulation();
  // Autoscaling (per pool with pools) and failures (never with disaggregation: scenario/pools.ts).
  const fleetPools: FleetPool[] =
    pools === null
      ? [{ name: '', firstReplica: 0, numReplicas, initiallyActive: config.hardware.numReplicas, gpusPerReplica: plan.gpusPerReplica, weightBytesPerGpu: plan.weightBytesPerGpu, autoscale: config.hardware.autoscale }]
      : pools.map((p) => ({ name: p.name, firstReplica: p.firstReplica, numReplicas: p.numReplicas, initiallyActive: p.scenario.config.hardware.numReplicas, gpusPerReplica: p.plan.gpusPerReplica, weightBytesPerGpu: p.plan.weightBytesPerGpu, autoscale: p.scenario.config.hardware.autoscale }));
  // A failed replica comes back plain: failures with disaggregation (whose replicas carry the
  // prefill/decode observers) are refused at load (scenario/pools.ts).
  const rebuild = (i: number): ServingReplica => {
    if (disagg !== undefined) throw new Error('bug: a replica rebuilt under disaggregation (scenario/pools.ts refuses failures with it)');
    if (pools === null) return createReplica(i, plan.kind, plan.parts, observer, { streams, seed }, replicaClasses);
    const k = poolOfReplica(pools, i);
    return createReplica(i, pools[k].plan.kind, pools[k].plan.parts, observer, { streams, seed }, replicaClasses);
  };
  // Disaggregated: requests are routed to the prefill pools only (the decode replica is the hook's choice).
  const prefillPools = disagg === undefined ? null : roles.flatMap((role, k) => (role === 'prefill' ? [k] : []));
  // A request may wait only for a pool it can be sent to: with poolWeights, a positive-weight one.
  const weights = config.router.poolWeights;
  const reachable = allowedPools === null || weights === undefined ? allowedPools : allowedPools.map((ks) => ks.filter((k) => (weights[pools![k].name] ?? 0) > 0));
  fleetBuild = buildFleet(fleetPools, config.failures, built, rebuild, sim, collector, streams, prefillPools === null ? reachable : [prefillPools], prefillPools);
  if (fleetBuild !== null && disagg !== undefined) fleetBuild.fleet.pendingOf = (i) => disagg.pendingOn(i);
  const replicas = fleetBuild?.replicas ?? built;
  const closedLoop = config.workload.arrival?.kind === 'closed-loop';
  const cluster = new Cluster(sim, replicas, router, workload, collector, config.metrics, closedLoop, engine.frontendLatencySeconds, {
    numSeqs,
    outputLengthFactor: gen.outputLengthFactor,
    maxModelLen,
    ...(perClassGen === null ? {} : { perClass: perClassGen }),
  }, allowedPools === null ? undefined : allowedPools.map((allowed) => allowed.map((k) => pools![k].firstReplica)), fleetBuild?.fleet, disagg);
  cluster.start();
  const { truncated, horizon } = drive(sim, cluster, config.simulation.maxDrainSeconds);
  const runSeconds = truncated ? horizon : Math.max(collector.lastEventAt, cluster.lastArrivalAt);

  // Measure.
  collector.finishRun(runSeconds);
  const measured = measure({
    collector,
    replicas,
    cluster: {
      lastArrivalAt: cluster.lastArrivalAt,
      rejectReasons: cluster.rejectReasons,
      rejectionStreakStoppedAt: cluster.rejectionStreakStoppedAt,
      maxRejectionStreak: MAX_REJECTION_STREAK,
      lengthCapped: cluster.lengthCapped,
      maxModelLen,
    },
    run: { runSeconds, truncated, horizon, closedLoop },
    fleet: pools === null
      ? { gpuId: gpu.id, tdpWatts: gpu.tdpWatts, usdPerGpuHour: config.hardware.usdPerGpuHour ?? gpu.usdPerGpuHour, tp, pp, numReplicas, numGpuBlocks, blockSize: engine.blockSize }
      : poolsFleet(pools, engine.blockSize),
    power: config.power,
    cacheableWorkload,
    sessions: workload.sessionStats(),
    generation: generationMetrics(gen),
    ...(perClassGen === null ? {} : { classGeneration: perClassGen.map(generationMetrics) }),
    speculative: speculation === null ? null : { method: speculation.config.method, numSpeculativeTokens: speculation.config.numSpeculativeTokens },
    sloTargets: sloTargets(config.slo),
    ...(fleetBuild === null ? {} : { availability: availabilityOf(fleetBuild, config) }),
    ...(declared === undefined ? {} : { classes: { names: declared.names, sloTargets: declared.slos.map((slo) => sloTargets(slo)) } }),
  });
  notes.push(...measured.notes, ...(workload.notes?.() ?? []));
  if (disagg !== undefined) addDisaggSummary(measured.summary, disagg, config.pools ?? [], runSeconds, collector, replicas, measured.replicas);
  const requests = collector.requests();

  return {
    scenarioName: scenario.name,
    seed,
    summary: { ...measured.summary, modelError: modelErrorOf(scenario, measured.summary) },
    replicas: measured.replicas,
    notes,
    timeSeries: measured.timeSeries,
    latencyCdf: measured.latencyCdf,
    ...(measured.classNames === undefined ? {} : { classNames: measured.classNames }),
    ...(measured.classLatencyCdf === undefined ? {} : { classLatencyCdf: measured.classLatencyCdf }),
    ...(requests === undefined ? {} : { requests }),
    stepBreakdown: replicas.map((r) => {
      const p = r.prefillTotals;
      const t = r.totals;
      return {
        prefill: { compute: p.computeSeconds, memory: p.memorySeconds, communication: p.communicationSeconds, overhead: p.overheadSeconds },
        decode: { compute: t.computeSeconds - p.computeSeconds, memory: t.memorySeconds - p.memorySeconds, communication: t.communicationSeconds - p.communicationSeconds, overhead: t.overheadSeconds - p.overheadSeconds },
      };
    }),
    simulatedSeconds: runSeconds,
    events: sim.handled,
    inSystemSeconds: collector.inSystemArea,
  };
}

/**
 * Replicas are numbered pool by pool from 0 (pool k holds firstReplica … firstReplica +
 * numReplicas − 1): the index of the pool holding replica i.
 */
function poolOfReplica(pools: readonly { firstReplica: number; numReplicas: number }[], i: number): number {
  const k = pools.findIndex((p) => i >= p.firstReplica && i < p.firstReplica + p.numReplicas);
  if (k < 0) throw new Error(`bug: replica ${i} is in no pool`);
  return k;
}

/** Per replica, in index order: `f` of its pool (called once per pool). */
function perReplica<T>(pools: readonly PoolPlan[], f: (pool: PoolPlan, k: number) => T): T[] {
  return pools.flatMap((p, k) => Array<T>(p.numReplicas).fill(f(p, k)));
}

/**
 * The fleet of a scenario with pools, for measure(): each pool as built, and the whole fleet as
 * one: the GPU-weighted mean price (so the fleet's cost is Σ pools' GPUs × price × hours), the
 * mean KV blocks per replica (KV means are then over Σ blocks), pool 0's GPU, tp/pp and block size.
 */
function poolsFleet(pools: readonly PoolPlan[], blockSize: number): MeasureInput['fleet'] {
  const fleets = pools.map((p) => {
    const { gpu, config } = p.scenario;
    return {
      name: p.name,
      gpuId: gpu.id,
      tdpWatts: gpu.tdpWatts,
      usdPerGpuHour: config.hardware.usdPerGpuHour ?? gpu.usdPerGpuHour,
      tp: config.hardware.tp,
      pp: config.hardware.pp ?? 1,
      numReplicas: p.numReplicas,
      numGpuBlocks: p.plan.parts.numGpuBlocks,
      firstReplica: p.firstReplica,
    };
  });
  let gpus = 0;
  let usdPerHour = 0;
  let blocks = 0;
  let replicas = 0;
  for (const f of fleets) {
    const g = f.tp * f.pp * f.numReplicas;
    gpus += g;
    usdPerHour += g * f.usdPerGpuHour;
    blocks += f.numGpuBlocks * f.numReplicas;
    replicas += f.numReplicas;
  }
  const first = fleets[0];
  return {
    gpuId: first.gpuId,
    tdpWatts: first.tdpWatts,
    usdPerGpuHour: usdPerHour / gpus,
    tp: first.tp,
    pp: first.pp,
    numReplicas: replicas,
    numGpuBlocks: blocks / replicas,
    blockSize,
    pools: fleets,
  };
}

/**
 * measure()'s view of autoscaling and failures: held GPU-seconds, the replica counts, the summary
 * blocks. Without pools: summary.autoscale (the one policy) and summary.failures; with pools:
 * per pool its replica counts, held GPU-seconds and (autoscaled pools) its autoscale block
 * (summary.pools.<name>), and failures whose events name their pool and the replica within it.
 */
function availabilityOf(b: FleetBuild, config: Scenario['config']): NonNullable<MeasureInput['availability']> {
  const { availability: av, autoscalers, failureLog, skippedFailures, requestsLost, requestsRetried } = b.fleet;
  const withPools = config.pools !== undefined;
  const recovery = b.recovery?.summary();
  const autoscaleOf = (k: number): AutoscaleBlock | undefined => {
    const a = b.pools[k].autoscale;
    const autoscaler = autoscalers.find((x) => x.pool === k);
    if (a === undefined || autoscaler === undefined) return undefined;
    return {
      policy: a.policy,
      minReplicas: a.minReplicas,
      maxReplicas: a.maxReplicas,
      coldStartSeconds: b.coldStartSeconds[k]!,
      peakReplicas: withPools ? av.poolPeakHeld[k] : av.peakHeld,
      scaleUps: autoscaler.scaleUps,
      scaleDowns: autoscaler.scaleDowns,
      gpusPerReplica: av.pools[k].gpusPerReplica,
    };
  };
  const fleetAutoscale = withPools ? undefined : autoscaleOf(0);
  const where = (i: number): { pool?: string; replica: number } => {
    if (!withPools) return { replica: i };
    const p = b.pools[poolOfReplica(b.pools, i)];
    return { pool: p.name, replica: i - p.firstReplica };
  };
  return {
    heldGpuSeconds: (from, to) => av.heldGpuSeconds(from, to),
    replicaHeldSeconds: (i, from, to) => av.replicaHeldSeconds(i, from, to),
    replicasOverTime: (end) => av.replicasOverTime(end),
    ...(fleetAutoscale === undefined ? {} : { autoscale: fleetAutoscale }),
    ...(!withPools
      ? {}
      : {
          pools: b.pools.map((_, k) => {
            const a = autoscaleOf(k);
            return {
              heldGpuSeconds: (from: number, to: number) => av.poolHeldGpuSeconds(k, from, to),
              replicasOverTime: (end: number) => av.poolReplicasOverTime(k, end),
              ...(a === undefined ? {} : { autoscale: a }),
            };
          }),
        }),
    ...(config.failures === undefined
      ? {}
      : {
          failures: {
            onFailure: config.failures.onFailure,
            events: failureLog.map((f) => ({ ...where(f.replica), atSeconds: f.atSeconds, repairedAt: f.repairedAt, requestsLost: f.requestsLost, requestsRetried: f.requestsRetried })),
            skippedEvents: skippedFailures,
            requestsLost,
            requestsRetried,
            ...(recovery === undefined ? {} : { recovery }),
          },
        }),
  };
}

type AutoscaleBlock = NonNullable<NonNullable<MeasureInput['availability']>['autoscale']>;

/**
 * summary.transfers, and each pool's role first in its summary.pools entry and what it did in
 * that role last (stage); summary.routing.byRole (disaggregated runs only).
 */
function addDisaggSummary(
  summary: Summary,
  disagg: Disaggregation,
  poolConfigs: readonly { name: string; role?: PoolRole }[],
  runSeconds: number,
  collector: Collector,
  replicas: readonly ServingReplica[],
  reports: readonly { numGpuBlocks: number }[],
): void {
  summary.transfers = disagg.summary(runSeconds);
  const kvUsageSeconds = Array.from(collector.kvBlockSeconds, (blockSeconds, i) => blockSeconds / Math.max(1, reports[i].numGpuBlocks));
  if (summary.routing !== undefined) summary.routing.byRole = disagg.routingByRole(collector.routedPerReplica, replicas.map((r) => r.busySeconds), kvUsageSeconds);
  const pools = summary.pools;
  if (pools === undefined) return;
  const stages = disagg.stageSummaries(poolConfigs.map((p) => p.role ?? 'prefill'));
  poolConfigs.forEach((p, k) => {
    if (pools[p.name] !== undefined && p.role !== undefined) pools[p.name] = { role: p.role, ...pools[p.name], stage: stages[k] };
  });
}
