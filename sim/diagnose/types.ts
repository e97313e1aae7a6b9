// The plain data of a diagnosis (the `diagnose --json` contract; the HTML report reads it too):
// the binding constraint with its evidence, the other constraints that fired, the observations
// they were judged on, and the prescriptions — candidate remedies simulated against the baseline
// on common random numbers, ranked.
// Invariants: plain JSON-able data (NaN is null in JSON); `bottleneck` is findings[0] (the most
// severe, or kind 'none' when no rule fired); prescriptions are in rank order, rank 1 first.

import type { MetricComparison } from '../study/index.ts';

export type BottleneckKind =
  | 'kv-capacity'
  | 'compute-bound-prefill'
  | 'bandwidth-bound-decode'
  | 'queueing'
  | 'step-overhead'
  | 'draft-overhead'
  | 'unbalanced-replicas'
  | 'interconnect'
  | 'unbalanced-pools'
  | 'transfer-link'
  | 'cold-start'
  | 'failure-recovery'
  | 'none';

/** One figure behind a finding: its value and the threshold it is judged against (thresholds.ts). */
export interface Evidence {
  /** What was measured, e.g. 'kv.preemptionsPerRequest'. */
  metric: string;
  value: number;
  threshold: number;
  /** value ≥ threshold (for the rule's direction). */
  passes: boolean;
  /** Words: what the figure is. */
  label: string;
  /** Present (true) for a figure judged "at most": passes when value ≤ threshold. */
  atMost?: boolean;
  /**
   * Present (true) for a figure that says which remedy fits rather than whether the constraint
   * binds (the decode slope: KV-read- or weight-streaming-bound): it counts in no firing and no severity.
   */
  context?: boolean;
}

export interface Finding {
  kind: BottleneckKind;
  /** Scenarios with pools: the pool whose figures show it (absent for a finding across pools: unbalanced-pools, transfer-link, draft-overhead). */
  pool?: string;
  /** Mean over the passing evidence of value/threshold (each capped at SEVERITY_CAP); 0 when it did not fire. */
  severity: number;
  /** One line in words. */
  summary: string;
  evidence: Evidence[];
}

/** A remedy as proposed, before simulation. */
export interface Remedy {
  /** Stable id, e.g. 'fp8-kv-cache'. */
  remedy: string;
  /** Words, e.g. 'FP8 KV cache'. */
  title: string;
  /** Scenarios with pools: the pool it changes (its paths are pools.<i>.…); absent for a remedy of the whole cluster. */
  pool?: string;
  /** Dotted scenario paths and the values set there (study/sweep.ts withConfig). */
  changes: Record<string, unknown>;
  /** The bottlenecks it addresses. */
  addresses: BottleneckKind[];
  /** One line: why this remedy for this diagnosis. */
  why: string;
  /** Published figures (never simulated) that go with it: accuracy of a precision, speculative speedups. */
  published?: string[];
  /** Modelling assumptions the simulation of this remedy rests on. */
  assumptions?: string[];
}

/** One metric of a prescription against the baseline: paired mean difference and its 95% interval (compare's fields). */
export type Effect = Pick<MetricComparison, 'baseline' | 'value' | 'diff' | 'relDiff' | 'ciLow' | 'ciHigh' | 'significant'>;

export type Tier = 'fixes' | 'improves' | 'no-effect' | 'worsens';

export interface Prescription extends Remedy {
  /** 1 = best. */
  rank: number;
  tier: Tier;
  /** Keyed by compare metric name (study/compare-metrics.ts), headline metrics and the bottleneck's own. */
  effect: Record<string, Effect>;
  /** Mean over the replications of the summary's cost.usdPer1kOutputTokens. */
  usdPer1kOutputTokens: number;
  /** SLO targets missed (replicated verdicts), e.g. ['ttft p95']. */
  sloMissed: string[];
  /** The verdict in words: what it does to the bottleneck's metrics, the SLO and the cost. */
  verdict: string;
  warnings: string[];
}

/** The remedies that were not simulated and why (not applicable, does not resolve). */
export interface SkippedRemedy {
  remedy: string;
  /** The pool it would have changed (scenarios with pools). */
  pool?: string;
  reason: string;
}

/** What the rules read, means over the baseline's replications (NaN where not measured). */
export type Observations = Record<string, number>;

export interface Diagnosis {
  scenario: string;
  replications: number;
  seeds: number[];
  bottleneck: Finding;
  /** The other rules that fired, most severe first. */
  secondary: Finding[];
  observations: Observations;
  baseline: { usdPer1kOutputTokens: number; sloMissed: string[] };
  prescriptions: Prescription[];
  skipped: SkippedRemedy[];
  notes: string[];
}
