// The observations of each pool of a scenario with `pools`, flattened into the diagnosis's
// observations as `pools.<name>.<key>` with the same keys as the fleet's (observe.ts), so the
// same rules judge each pool (pool-rules.ts), plus the figures across pools:
//   pools.utilizationMaxOverMean  the busiest pool's utilization over the fleet's mean (replica-weighted)
//   pools.queueMaxOverMin         the longest mean queue time of a pool over the shortest
//   transfers.*                   disaggregated serving: the KV link's utilization, and the mean
//                                 wait for the link over the mean time on it (W/S), and the mean
//                                 transfer over the mean TTFT (TTFT counts to the KV's landing)
// Sources, per pool: the replications' summary.pools.<name> (latencies, utilization, cost) and
// replica reports (regime shares, busy time), means over the replications; replication 0's
// request records (preemptions, TTFT vs prompt, requests per replica: a record names the replica
// it was routed to) and its step probe (KV usage, running batch, decode slope: step-probe.ts).
// NOTE: a pool's KV and batch figures are weighted by its replicas' step time (step-probe.ts),
// the fleet's by wall time: "how full while working". kv.blockedWaitingShare is the share of the
// pool's step time with a request waiting while the cache is ≥ KV_FULL_USAGE full.
// NOTE: disaggregated serving: records name the prefill replica (cluster/disagg.ts), so a decode
// pool has no request figures of its own: its latency keys are the fleet's (every request
// decodes on a decode pool), its KV, batch and regime figures its own.
// Invariants: pure; every key of every pool is present (NaN when not measured).

import { maxMinOverMean, type RequestColumns, type RunResult } from '../metrics/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { LineFold } from './line-fit.ts';
import { busyShare as regime, finiteMean as mean } from './numbers.ts';
import { decodeSlopeObservations, ttftPromptFit, ttftSlopeObservations } from './slopes.ts';
import type { StepProbe } from './step-probe.ts';
import { KV_FULL_USAGE } from './thresholds.ts';
import type { Observations } from './types.ts';

const div = (a: number, b: number): number => (b > 0 ? a / b : NaN);

/** The keys of one pool's observations under their `pools.<name>.` prefix, with the prefix removed. */
export function poolObservations(o: Observations, pool: string): Observations {
  const prefix = `pools.${pool}.`;
  const out: Observations = {};
  for (const [k, v] of Object.entries(o)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

/** max/mean of the values, as the fleet's summary.routing computes it (metrics/routing-balance.ts). */
const maxOverMean = (values: readonly number[]): number => maxMinOverMean(values)[0];

/** Finished measured requests of the replicas in `set`: count, preemptions, output tokens, and requests routed per replica. */
function recordFigures(columns: RequestColumns | undefined, set: ReadonlySet<number>): { finished: number; preemptions: number; outputTokens: number; perReplica: Map<number, number> } {
  const perReplica = new Map<number, number>();
  let finished = 0;
  let preemptions = 0;
  let outputTokens = 0;
  if (columns === undefined) return { finished: NaN, preemptions: NaN, outputTokens: NaN, perReplica };
  for (let i = 0; i < columns.count; i++) {
    const r = columns.replica[i];
    if (!set.has(r)) continue;
    if (columns.status[i] !== 2) perReplica.set(r, (perReplica.get(r) ?? 0) + 1);
    if (columns.status[i] !== 1 || columns.measured[i] !== 1) continue;
    finished++;
    preemptions += columns.numPreemptions[i];
    outputTokens += columns.numOutputTokens[i];
  }
  return { finished, preemptions, outputTokens, perReplica };
}

/** The observations of every pool (prefixed) and across pools, for a scenario with pools. */
export function observePools(scenario: Scenario, runs: readonly RunResult[], detail: RunResult, probe: StepProbe | undefined, fleet: Observations): Observations {
  const pools = scenario.pools ?? [];
  const out: Observations = {};
  const slo = scenario.config.slo as { ttftSeconds?: number; tpotSeconds?: number };
  const m = (f: (r: RunResult) => number): number => mean(runs.map(f));
  const utilizations: number[] = [];
  const replicaCounts: number[] = [];
  pools.forEach(({ name, scenario: ps }, k) => {
    const role = scenario.config.pools?.[k].role;
    const indices = detail.replicas.filter((r) => r.pool === name).map((r) => r.index);
    const set = new Set(indices);
    const summary = (r: RunResult) => r.summary.pools?.[name];
    const reports = (r: RunResult) => r.replicas.filter((x) => x.pool === name);
    const own = role !== 'decode';
    const ttftFit = own && detail.requests !== undefined ? ttftPromptFit(detail.requests, (r) => set.has(r)) : new LineFold().fit();
    const lat = (f: (p: NonNullable<ReturnType<typeof summary>>) => number, key: string): number => (own ? m((r) => { const p = summary(r); return p === undefined ? NaN : f(p); }) : fleet[key]);
    const ttftMean = lat((p) => p.ttftSeconds.mean, 'ttftSeconds.mean');
    const queueMean = lat((p) => p.queueSeconds.mean, 'queueSeconds.mean');
    const utilization = m((r) => summary(r)?.utilization ?? NaN);
    utilizations.push(utilization);
    replicaCounts.push(indices.length);

    // Replication 0: records and steps.
    const rec = recordFigures(own ? detail.requests : undefined, set);
    let seconds = 0;
    let usedBlockSeconds = 0;
    let capacityBlockSeconds = 0;
    let runningSeconds = 0;
    let blocked = 0;
    let reservedUnused = 0;
    let maxUsage = NaN;
    const kvPerReplica: number[] = [];
    for (const i of indices) {
      const steps = probe?.steps[i];
      const blocks = detail.replicas[i].numGpuBlocks;
      if (steps === undefined || !(blocks > 0)) continue;
      seconds += steps.seconds;
      usedBlockSeconds += steps.usedBlockSeconds;
      capacityBlockSeconds += steps.seconds * blocks;
      runningSeconds += steps.runningSeconds;
      reservedUnused += steps.reservedUnusedTokenSeconds / (blocks * ps.engine.blockSize);
      blocked += probe!.blockedSeconds(i, Math.ceil(KV_FULL_USAGE * blocks));
      maxUsage = Math.max(Number.isNaN(maxUsage) ? 0 : maxUsage, steps.maxUsedBlocks / blocks);
      kvPerReplica.push(steps.usedBlockSeconds / blocks);
    }
    const meanRunning = div(runningSeconds, seconds);
    const p = `pools.${name}.`;
    const o: Observations = {
      'ttftSeconds.mean': ttftMean,
      'ttftSeconds.p95': lat((x) => x.ttftSeconds.p95, 'ttftSeconds.p95'),
      'tpotSeconds.p95': lat((x) => x.tpotSeconds.p95, 'tpotSeconds.p95'),
      'queueSeconds.mean': queueMean,
      'e2eSeconds.mean': lat((x) => x.e2eSeconds.mean, 'e2eSeconds.mean'),
      'queueSeconds.p95': lat((x) => x.queueSeconds.p95, 'queueSeconds.p95'),
      'slo.ttftSeconds': slo.ttftSeconds ?? NaN,
      'slo.tpotSeconds': slo.tpotSeconds ?? NaN,
      'goodput.fractionMeetingSlo': lat((x) => x.goodput.fractionMeetingSlo, 'goodput.fractionMeetingSlo'),
      'ttft.budgetShare': lat((x) => x.ttftSeconds.p95, 'ttftSeconds.p95') / (slo.ttftSeconds ?? NaN),
      'tpot.budgetShare': lat((x) => x.tpotSeconds.p95, 'tpotSeconds.p95') / (slo.tpotSeconds ?? NaN),
      'queue.shareOfTtft': ttftMean > 0 ? queueMean / ttftMean : NaN,
      'regime.compute': m((r) => regime(reports(r), 'compute')),
      'regime.memory': m((r) => regime(reports(r), 'memory')),
      'regime.communication': m((r) => regime(reports(r), 'communication')),
      'regime.overhead': m((r) => regime(reports(r), 'overhead')),
      'utilization': utilization,
      'kv.preemptionsPerRequest': own ? div(rec.preemptions, rec.finished) : NaN,
      'kv.maxUsage': maxUsage,
      'kv.meanUsage': div(usedBlockSeconds, capacityBlockSeconds),
      'kv.reservedUnusedShare': div(reservedUnused, seconds),
      'kv.blockedWaitingShare': div(blocked, seconds),
      'batch.meanRunning': meanRunning,
      'batch.maxNumSeqs': ps.engine.maxNumSeqs,
      'batch.slotsFullShare': meanRunning / ps.engine.maxNumSeqs,
      // Overload is judged for the whole run (queue growth, unfinished requests), not per pool.
      'overloadedShare': NaN,
      'replicas': indices.length,
      'routing.busyMaxOverMean': m((r) => maxOverMean(reports(r).map((x) => x.busySeconds))),
      'routing.requestsMaxOverMean': own ? maxOverMean(indices.map((i) => rec.perReplica.get(i) ?? 0)) : NaN,
      'routing.kvUsageMaxOverMean': maxOverMean(kvPerReplica),
      'speculative.draftOverheadShare': fleet['speculative.draftOverheadShare'],
      'speculative.meanAcceptanceLength': fleet['speculative.meanAcceptanceLength'],
      'ttft.promptCorrelation': ttftFit.r,
      'outputTokens.mean': div(rec.outputTokens, rec.finished),
      'usdPer1kOutputTokens': m((r) => summary(r)?.cost.usdPer1kOutputTokens ?? NaN),
      'requestsPerSecond': m((r) => summary(r)?.throughput.requestsPerSecond ?? NaN),
      ...decodeSlopeObservations((probe?.decodeFit(indices) ?? new LineFold()).fit()),
      ...ttftSlopeObservations(ttftFit),
    };
    for (const [key, v] of Object.entries(o)) out[p + key] = v;
  });
  const weighted = utilizations.reduce((s, u, i) => s + u * replicaCounts[i], 0) / replicaCounts.reduce((s, n) => s + n, 0);
  out['pools.count'] = pools.length;
  const queues = pools.map((p) => out[`pools.${p.name}.queueSeconds.mean`]);
  out['pools.queueMaxOverMin'] = queues.every(Number.isFinite) && Math.min(...queues) > 0 ? Math.max(...queues) / Math.min(...queues) : NaN;
  out['pools.utilizationMaxOverMean'] = weighted > 0 ? Math.max(...utilizations) / weighted : NaN;
  out['transfers.linkUtilization'] = m((r) => r.summary.transfers?.linkUtilization ?? NaN);
  out['transfers.queueOverService'] = m((r) => {
    const t = r.summary.transfers;
    return t === undefined ? NaN : div(t.queueSeconds.mean, t.seconds.mean - t.queueSeconds.mean);
  });
  out['transfers.shareOfTtft'] = m((r) => (r.summary.transfers === undefined ? NaN : div(r.summary.transfers.seconds.mean, r.summary.ttftSeconds.mean)));
  out['transfers.bandwidthBytesPerSecond'] = detail.summary.transfers?.bandwidthBytesPerSecond ?? NaN;
  return out;
}
