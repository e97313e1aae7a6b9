// The bottleneck rules: each reads the observations (observe.ts), lists its evidence (value and
// threshold, thresholds.ts), fires by its own predicate over which evidence passes, and scores a
// severity: the strongest passing signal's value/threshold (capped at SEVERITY_CAP; for an
// "at most" signal threshold/value), plus SUPPORT_BONUS per further passing signal (context
// signals — the decode slope — count in neither: they say which remedy fits). The most
// severe firing rule is the bottleneck, the others secondary; no rule firing gives kind 'none'.
// Invariants: pure; findings are sorted by severity, ties by the rule order below (the order in
// which they bind in practice: capacity before speed before balance); a NaN observation never
// passes (it was not measured).

import {
  BATCH_SLOTS_FULL,
  COMMUNICATION_SHARE,
  COLD_START_TTFT_RATIO,
  COMPUTE_SHARE,
  DECODE_FIXED_SHARE,
  DRAFT_OVERHEAD_SHARE,
  IMBALANCE_MAX_OVER_MEAN,
  KV_BLOCKED_WAITING_SHARE,
  KV_FULL_USAGE,
  LINK_UTILIZATION,
  LOST_SHARE,
  MEMORY_SHARE,
  MIN_ACCEPTANCE_LENGTH,
  OVERHEAD_SHARE,
  OVERLOADED_SHARE,
  POOL_QUEUE_MAX_OVER_MIN,
  PREEMPTIONS_PER_REQUEST,
  PROMPT_SHARE_OF_TTFT,
  QUEUE_SHARE_OF_TTFT,
  RECOVERY_TTFT_RATIO,
  RESERVED_UNUSED_SHARE,
  SEVERITY_CAP,
  TPOT_BUDGET_SHARE,
  TRANSFER_QUEUE_OVER_SERVICE,
  TRANSFER_SHARE_OF_TTFT,
  TTFT_BUDGET_SHARE,
  TTFT_PROMPT_CORRELATION,
} from './thresholds.ts';
import type { BottleneckKind, Evidence, Finding, Observations } from './types.ts';

/** Each further passing signal adds this much to a finding's severity. */
export const SUPPORT_BONUS = 0.25;

/**
 * One evidence item: a threshold fixed (thresholds.ts) or read from the observations (a slope's
 * threshold depends on the run's own intercept and means); `context` items say which remedy fits
 * the bottleneck rather than whether it binds: they count in no firing and no severity.
 */
type Check = { metric: string; threshold: number | ((o: Observations) => number); label: string; below?: boolean; context?: boolean };

interface Rule {
  kind: Exclude<BottleneckKind, 'none'>;
  summary: string;
  checks: Check[];
  /** Fires given which metrics pass. */
  fires(pass: (metric: string) => boolean, o: Observations): boolean;
}

const RULES: readonly Rule[] = [
  {
    kind: 'kv-capacity',
    summary: 'the KV cache is too small for the concurrency the traffic asks: requests are preempted or wait for blocks',
    checks: [
      { metric: 'kv.preemptionsPerRequest', threshold: PREEMPTIONS_PER_REQUEST, label: 'preemptions per finished request' },
      { metric: 'kv.blockedWaitingShare', threshold: KV_BLOCKED_WAITING_SHARE, label: `share of time with requests waiting while KV usage >= ${KV_FULL_USAGE * 100}%` },
      { metric: 'kv.reservedUnusedShare', threshold: RESERVED_UNUSED_SHARE, label: 'share of KV slots reserved but unused' },
      { metric: 'kv.maxUsage', threshold: KV_FULL_USAGE, label: 'peak KV usage' },
    ],
    fires: (pass) => pass('kv.preemptionsPerRequest') || pass('kv.blockedWaitingShare') || pass('kv.reservedUnusedShare'),
  },
  {
    kind: 'queueing',
    summary: 'requests wait for the replicas: arrivals come faster than the fleet serves them at this concurrency',
    checks: [
      { metric: 'queue.shareOfTtft', threshold: QUEUE_SHARE_OF_TTFT, label: 'mean queue time / mean TTFT' },
      { metric: 'batch.slotsFullShare', threshold: BATCH_SLOTS_FULL, label: 'mean running requests / maxNumSeqs' },
      { metric: 'overloadedShare', threshold: OVERLOADED_SHARE, label: 'share of replications overloaded (queue growth)' },
      { metric: 'ttft.budgetShare', threshold: TTFT_BUDGET_SHARE, label: 'p95 TTFT / per-request TTFT target' },
    ],
    // Queueing proper: the fleet at its limit (overloaded, or every batch slot taken while requests
    // wait) — unless the requests wait for KV blocks: that queue is the KV cache's (kv-capacity).
    fires: (pass, o) => !(o['kv.blockedWaitingShare'] >= KV_BLOCKED_WAITING_SHARE) && (pass('overloadedShare') || (pass('queue.shareOfTtft') && pass('batch.slotsFullShare'))),
  },
  {
    kind: 'compute-bound-prefill',
    summary: 'prefill math limits the steps: TTFT grows with the prompt length',
    checks: [
      { metric: 'regime.compute', threshold: COMPUTE_SHARE, label: 'share of busy time compute-bound' },
      { metric: 'ttft.promptCorrelation', threshold: TTFT_PROMPT_CORRELATION, label: 'correlation of TTFT with prompt length' },
      { metric: 'ttft.budgetShare', threshold: TTFT_BUDGET_SHARE, label: 'p95 TTFT / per-request TTFT target' },
      {
        metric: 'ttft.secondsPer1kPromptTokens',
        threshold: (o) => o['ttft.promptSlopeThreshold'],
        label: `TTFT seconds per 1k prompt tokens (least squares; past it the prompt explains ${PROMPT_SHARE_OF_TTFT * 100}%+ of the mean TTFT)`,
      },
    ],
    // Compute-bound steps, and TTFT either follows the prompt length or eats half its budget
    // (under load, waiting behind other prompts' prefills hides the correlation).
    fires: (pass) => pass('regime.compute') && (pass('ttft.promptCorrelation') || pass('ttft.budgetShare')),
  },
  {
    kind: 'bandwidth-bound-decode',
    summary: 'decode reads weights and KV from memory every step: TPOT is set by HBM bandwidth over the batch',
    checks: [
      { metric: 'regime.memory', threshold: MEMORY_SHARE, label: 'share of busy time memory-bound' },
      { metric: 'tpot.budgetShare', threshold: TPOT_BUDGET_SHARE, label: 'p95 TPOT / per-request TPOT target' },
      {
        metric: 'decode.stepSecondsPerSeq',
        threshold: (o) => o['decode.steepThreshold'],
        label: 'decode step seconds per running sequence (least squares; past it: KV-read-bound)',
        context: true,
      },
      {
        metric: 'decode.fixedShare',
        threshold: DECODE_FIXED_SHARE,
        label: 'fixed share of a mean decode step (intercept / mean; past it: weight-streaming-bound)',
        context: true,
      },
    ],
    fires: (pass) => pass('regime.memory'),
  },
  {
    kind: 'step-overhead',
    summary: 'fixed per-step overhead (scheduling, launches, sampling) takes a large share of every step',
    checks: [
      { metric: 'regime.overhead', threshold: OVERHEAD_SHARE, label: 'share of busy time in per-step overhead' },
      { metric: 'tpot.budgetShare', threshold: TPOT_BUDGET_SHARE, label: 'p95 TPOT / per-request TPOT target' },
    ],
    fires: (pass) => pass('regime.overhead'),
  },
  {
    kind: 'draft-overhead',
    summary: 'speculative drafting costs more replica time than its accepted tokens return',
    checks: [
      { metric: 'speculative.draftOverheadShare', threshold: DRAFT_OVERHEAD_SHARE, label: 'share of busy time drafting' },
      { metric: 'speculative.meanAcceptanceLength', threshold: MIN_ACCEPTANCE_LENGTH, label: 'tokens per verify step (at most)', below: true },
    ],
    fires: (pass) => pass('speculative.draftOverheadShare'),
  },
  {
    kind: 'unbalanced-replicas',
    summary: 'the router loads some replicas more than others: the busiest one sets the latency',
    checks: [
      { metric: 'routing.busyMaxOverMean', threshold: IMBALANCE_MAX_OVER_MEAN, label: 'busiest replica busy time / mean' },
      { metric: 'routing.requestsMaxOverMean', threshold: IMBALANCE_MAX_OVER_MEAN, label: 'busiest replica requests / mean' },
      { metric: 'routing.kvUsageMaxOverMean', threshold: IMBALANCE_MAX_OVER_MEAN, label: 'busiest replica KV usage / mean' },
    ],
    fires: (pass, o) => o.replicas > 1 && (pass('routing.busyMaxOverMean') || pass('routing.requestsMaxOverMean') || pass('routing.kvUsageMaxOverMean')),
  },
  {
    kind: 'unbalanced-pools',
    summary: 'the pools are loaded unevenly: the busiest pool sets the latency while the others idle',
    checks: [
      { metric: 'pools.utilizationMaxOverMean', threshold: IMBALANCE_MAX_OVER_MEAN, label: 'busiest pool utilization / the fleet mean (replica-weighted)' },
      { metric: 'pools.queueMaxOverMin', threshold: POOL_QUEUE_MAX_OVER_MIN, label: 'longest mean queue time of a pool / the shortest' },
    ],
    fires: (pass, o) => o['pools.count'] >= 2 && (pass('pools.utilizationMaxOverMean') || pass('pools.queueMaxOverMin')),
  },
  {
    kind: 'transfer-link',
    summary: 'the KV transfers from prefill to decode replicas queue on the link: the link, not the GPUs, delays the decode',
    checks: [
      { metric: 'transfers.linkUtilization', threshold: LINK_UTILIZATION, label: 'KV link utilization (serialisation seconds / run seconds per link)' },
      { metric: 'transfers.queueOverService', threshold: TRANSFER_QUEUE_OVER_SERVICE, label: 'mean wait for the KV link / mean time on it (serialisation + latency)' },
      { metric: 'transfers.shareOfTtft', threshold: TRANSFER_SHARE_OF_TTFT, label: 'mean KV transfer (wait included) / mean TTFT' },
    ],
    // A busy or queueing link, and the transfers a material part of the time to first token.
    fires: (pass) => (pass('transfers.linkUtilization') || pass('transfers.queueOverService')) && pass('transfers.shareOfTtft'),
  },
  {
    kind: 'cold-start',
    summary: 'the autoscaler adds replicas too late for their cold start: requests arriving while a replica loads its weights queue',
    checks: [
      { metric: 'autoscale.coldWindowTtftOverWarm', threshold: COLD_START_TTFT_RATIO, label: 'p95 TTFT of the windows overlapping a cold start / of the other windows' },
      { metric: 'ttft.budgetShare', threshold: TTFT_BUDGET_SHARE, label: 'p95 TTFT / per-request TTFT target' },
    ],
    fires: (pass) => pass('autoscale.coldWindowTtftOverWarm'),
  },
  {
    kind: 'failure-recovery',
    summary: 'a failed replica\'s load lands on the others (its requests lost or retried): latency rises until the repair',
    checks: [
      { metric: 'failures.recoveryTtftOverBefore', threshold: RECOVERY_TTFT_RATIO, label: 'p95 TTFT of requests arriving during a repair / before the first failure' },
      { metric: 'failures.lostShare', threshold: LOST_SHARE, label: 'requests lost to failures / arrived' },
    ],
    fires: (pass) => pass('failures.recoveryTtftOverBefore') || pass('failures.lostShare'),
  },
  {
    kind: 'interconnect',
    summary: 'tensor-parallel collectives take a large share of every step: the GPU link limits it',
    checks: [{ metric: 'regime.communication', threshold: COMMUNICATION_SHARE, label: 'share of busy time in collectives' }],
    fires: (pass) => pass('regime.communication'),
  },
];

function evidenceOf(check: Check, o: Observations): Evidence {
  const value = o[check.metric] ?? NaN;
  const threshold = typeof check.threshold === 'number' ? check.threshold : check.threshold(o);
  const passes = Number.isFinite(value) && Number.isFinite(threshold) && (check.below ? value <= threshold : value >= threshold);
  return { metric: check.metric, value, threshold, passes, label: check.label, ...(check.below ? { atMost: true } : {}), ...(check.context ? { context: true } : {}) };
}

function ratio(e: Evidence & { atMost?: boolean }): number {
  const r = e.atMost ? e.threshold / e.value : e.value / e.threshold;
  return Math.min(SEVERITY_CAP, Number.isFinite(r) ? r : SEVERITY_CAP);
}

/** Every rule that fires, most severe first. */
export function findings(o: Observations): Finding[] {
  const out: Finding[] = [];
  for (const rule of RULES) {
    const evidence = rule.checks.map((c) => evidenceOf(c, o));
    const counted = evidence.filter((e) => e.passes && e.context !== true);
    const passing = new Set(counted.map((e) => e.metric));
    if (!rule.fires((m) => passing.has(m), o)) continue;
    const ratios = counted.map(ratio).sort((a, b) => b - a);
    const severity = ratios[0] + SUPPORT_BONUS * (ratios.length - 1);
    out.push({ kind: rule.kind, severity, summary: rule.summary, evidence });
  }
  // Stable sort: ties keep the rule order.
  return out.sort((a, b) => b.severity - a.severity);
}

/** The finding when no rule fires. */
export function noBottleneck(o: Observations): Finding {
  return {
    kind: 'none',
    severity: 0,
    summary: 'no rule fired: no constraint binds at this load (the remedies below trade cost against latency)',
    evidence: [
      evidenceOf({ metric: 'ttft.budgetShare', threshold: TTFT_BUDGET_SHARE, label: 'p95 TTFT / per-request TTFT target' }, o),
      evidenceOf({ metric: 'tpot.budgetShare', threshold: TPOT_BUDGET_SHARE, label: 'p95 TPOT / per-request TPOT target' }, o),
    ],
  };
}
