// The shared types of `sakiyomi plan`: a plan file's configurations (the sweep's points), the
// options of the search, and what the search finds per configuration and over the plan.
// Invariants: a configuration's identity is `config` ({dotted path: value}, in axis order) and
// `key` = JSON.stringify(config); points are numbered in the plan's deterministic order.

import type { Scenario } from '../scenario/index.ts';

/** Dotted path → value, in axis order. */
export type ConfigValues = Record<string, unknown>;

export interface PlanOptions {
  maxRate: boolean;
  target?: { ratePerSecond: number };
  tolerance: number;
  replications: number;
  maxReplicas: number;
  /** The screening pass (plan-screen.ts), or false: every configuration gets the full search. */
  screen: ScreenOptions | false;
}

export interface ScreenOptions {
  replications: number;
  tolerance: number;
  margin: number;
  minConfigurations: number;
}

export interface PlanPoint {
  index: number;
  key: string;
  config: ConfigValues;
  scenario?: Scenario;
  skipped?: string;
}

export interface Plan {
  name: string;
  file: string;
  options: PlanOptions;
  points: PlanPoint[];
}

export interface RatePoint {
  ratePerSecond: number;
  p95TtftSeconds: number;
  p95TpotSeconds: number;
  met: boolean;
  overloaded: boolean;
}

export interface PointResult {
  index: number;
  key: string;
  config: ConfigValues;
  status: 'ok' | 'skipped';
  reason?: string;
  maxRatePerSecond?: number;
  maxRateCi?: [number, number];
  minReplicas?: number;
  gpus?: number;
  usdPer1kOutputTokens?: number;
  joulesPerOutputToken?: number;
  p95TtftSeconds?: number;
  p95TpotSeconds?: number;
  /** Target rate ÷ max rate. */
  headroom?: number;
  /** GPUs of the fleet the max rate was searched on (the configured replicas × tp × pp). */
  maxRateGpus?: number;
  /** Every simulated rate, ascending (for the latency-vs-load chart). */
  curve: RatePoint[];
  /**
   * The figures are the screening pass's (plan-screen.ts: fewer replications, a coarser bracket):
   * the configuration was not near the frontier, so it got no full search. Such results are on
   * no frontier and never best.
   */
  screened?: boolean;
  /** Simulations this configuration took (its screening pass included). */
  simulations: number;
}

/** pareto: on the frontier of (cost, p95 TTFT, p95 TPOT); paretoCapacity: of (GPUs, max rate). */
export type RankedResult = PointResult & { pareto: boolean; paretoCapacity?: boolean };

export interface PlanResult {
  configurations: RankedResult[];
  best?: RankedResult;
  simulations: number;
}
