// The observations a diagnosis is judged on, from the baseline's replications: each a mean over
// the replications of one figure of the run (summary, replica reports, time series), plus two
// per-request figures from one run kept with its records (replication 0): the correlation of
// TTFT with prompt length and the mean output length.
// Invariants: pure; every key is always present (NaN when the run has nothing to measure it, e.g.
// no speculative section); regime shares are busy-time weighted over the replicas, so they sum to
// 1 for a run that stepped.
// Autoscaling and failures (observe-fleet.ts): cold starts and recovery; the routing balance is
// not measured then (released and failed replicas would read as imbalance).
// The slopes (slopes.ts): decode step time vs batch from replication 0's steps (step-probe.ts),
// TTFT vs prompt length from its records.
// NOTE: the TTFT–prompt correlation is Pearson's r over the measured finished requests; a run with
// one prompt length (fixed) has no spread, so r is NaN and the rule reads it as "not shown".

import type { RequestColumns, RunResult } from '../metrics/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { LineFold } from './line-fit.ts';
import { busyShare, finiteMean as mean, type Regime } from './numbers.ts';
import { observeFleet } from './observe-fleet.ts';
import { observePools } from './observe-pools.ts';
import { decodeSlopeObservations, ttftPromptFit, ttftSlopeObservations } from './slopes.ts';
import type { StepProbe } from './step-probe.ts';
import { KV_FULL_USAGE, WAITING_PRESENT } from './thresholds.ts';
import type { Observations } from './types.ts';

const NO_FIT = new LineFold();

/** Busy-weighted regime shares of one run's replicas. */
function regimeShares(run: RunResult): Record<Regime, number> {
  const share = (k: Regime): number => busyShare(run.replicas, k);
  return { compute: share('compute'), memory: share('memory'), communication: share('communication'), overhead: share('overhead') };
}

/** Share of the time-series bins (up to the window's end) in which requests wait while the KV cache is full. */
function blockedWaitingShare(run: RunResult): number {
  const end = run.summary.window.endSeconds;
  const bins = run.timeSeries.points.filter((p) => p.tSeconds < end);
  if (bins.length === 0) return NaN;
  return bins.filter((p) => p.waiting >= WAITING_PRESENT && p.kvUsage >= KV_FULL_USAGE).length / bins.length;
}

/** Mean output tokens of the measured finished requests. */
function meanOutputTokens(columns: RequestColumns): number {
  let n = 0;
  let s = 0;
  for (let i = 0; i < columns.count; i++) {
    if (columns.status[i] !== 1 || columns.measured[i] !== 1) continue;
    n++;
    s += columns.numOutputTokens[i];
  }
  return n === 0 ? NaN : s / n;
}

/**
 * The observations of a baseline: `runs` its replications, `detail` one of them run with its
 * request records and `probe` listening to its steps (the slopes; NaN without them).
 */
export function observe(scenario: Scenario, runs: readonly RunResult[], detail: RunResult, probe?: StepProbe): Observations {
  const m = (f: (r: RunResult) => number): number => mean(runs.map(f));
  const slo = scenario.config.slo as { ttftSeconds?: number; tpotSeconds?: number };
  const ttftSlo = slo.ttftSeconds ?? NaN;
  const tpotSlo = slo.tpotSeconds ?? NaN;
  const regimes = runs.map(regimeShares);
  const ttftMean = m((r) => r.summary.ttftSeconds.mean);
  const queueMean = m((r) => r.summary.queueSeconds.mean);
  const meanRunning = m((r) => r.summary.kv.meanRunning);
  const ttftFit = detail.requests === undefined ? NO_FIT.fit() : ttftPromptFit(detail.requests);
  const o: Observations = {
    'ttftSeconds.mean': ttftMean,
    'ttftSeconds.p95': m((r) => r.summary.ttftSeconds.p95),
    'tpotSeconds.p95': m((r) => r.summary.tpotSeconds.p95),
    'queueSeconds.mean': queueMean,
    'queueSeconds.p95': m((r) => r.summary.queueSeconds.p95),
    'e2eSeconds.mean': m((r) => r.summary.e2eSeconds.mean),
    'slo.ttftSeconds': ttftSlo,
    'slo.tpotSeconds': tpotSlo,
    'goodput.fractionMeetingSlo': m((r) => r.summary.goodput.fractionMeetingSlo),
    'ttft.budgetShare': m((r) => r.summary.ttftSeconds.p95) / ttftSlo,
    'tpot.budgetShare': m((r) => r.summary.tpotSeconds.p95) / tpotSlo,
    'queue.shareOfTtft': ttftMean > 0 ? queueMean / ttftMean : NaN,
    'regime.compute': mean(regimes.map((x) => x.compute)),
    'regime.memory': mean(regimes.map((x) => x.memory)),
    'regime.communication': mean(regimes.map((x) => x.communication)),
    'regime.overhead': mean(regimes.map((x) => x.overhead)),
    'utilization': m((r) => mean(r.replicas.map((x) => x.utilization))),
    'kv.preemptionsPerRequest': m((r) => (r.summary.requests.finished > 0 ? r.summary.kv.preemptions / r.summary.requests.finished : NaN)),
    'kv.maxUsage': m((r) => r.summary.kv.maxUsage),
    'kv.meanUsage': m((r) => r.summary.kv.meanUsage),
    'kv.reservedUnusedShare': m((r) => r.summary.kv.meanReservedUnusedFraction),
    'kv.blockedWaitingShare': m(blockedWaitingShare),
    'batch.meanRunning': meanRunning,
    'batch.maxNumSeqs': scenario.engine.maxNumSeqs,
    'batch.slotsFullShare': meanRunning / scenario.engine.maxNumSeqs,
    'overloadedShare': runs.filter((r) => r.summary.overloaded).length / runs.length,
    'replicas': scenario.config.hardware.numReplicas,
    'routing.busyMaxOverMean': m((r) => r.summary.routing?.busyMaxOverMean ?? NaN),
    'routing.requestsMaxOverMean': m((r) => r.summary.routing?.requestsMaxOverMean ?? NaN),
    'routing.kvUsageMaxOverMean': m((r) => r.summary.routing?.kvUsageMaxOverMean ?? NaN),
    'speculative.draftOverheadShare': m((r) => r.summary.speculative?.draftOverheadShare ?? NaN),
    'speculative.meanAcceptanceLength': m((r) => r.summary.speculative?.meanAcceptanceLength ?? NaN),
    'ttft.promptCorrelation': ttftFit.r,
    'outputTokens.mean': detail.requests === undefined ? NaN : meanOutputTokens(detail.requests),
    'usdPer1kOutputTokens': m((r) => r.summary.cost.usdPer1kOutputTokens),
    // With pools the fleet's replicas differ (GPU, precision): one line through them all means nothing; each pool has its own.
    ...decodeSlopeObservations((scenario.pools === undefined ? (probe?.decodeFit(detail.replicas.map((r) => r.index)) ?? NO_FIT) : NO_FIT).fit()),
    ...ttftSlopeObservations(ttftFit),
  };
  const changing = scenario.config.hardware.autoscale !== undefined || scenario.config.failures !== undefined;
  if (changing) {
    // Replicas released or failed part of the run would read as an unbalanced fleet.
    for (const k of ['routing.busyMaxOverMean', 'routing.requestsMaxOverMean', 'routing.kvUsageMaxOverMean']) o[k] = NaN;
  }
  const fleet = changing ? observeFleet(runs) : {};
  return scenario.pools === undefined ? { ...o, ...fleet } : { ...o, ...fleet, ...observePools(scenario, runs, detail, probe, o) };
}
