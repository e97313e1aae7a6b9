// A validated row (or a run) described by what the model-error neighbourhood compares
// (metrics/model-interval.ts): metric family, GPU, GPU class, weight precision, engine and load
// regime — each read from the resolved scenario, so a row and a run of the same setup get the
// same description.
// Invariants: pure; the engine key is the resolved preset id (with its release, when the
// scenario names one), so rows of two releases never mix below the coarsest level.
// NOTE: metric family: tpot_mean_ms shares the residuals of itl_mean_ms (with fixed lengths the
// mean TPOT equals the mean ITL: metric.ts; calibration.csv has ITL rows only, and its dataset rows,
// whose TPOT and ITL differ, are ITL); every other metric is its own family.
// NOTE: load regime 'offline' is arrival kind `max` (every request at t = 0: trtllm-bench's
// throughput tables); anything with arrivals over time is 'online'.

import type { LoadRegime, ResidualRow } from '../metrics/index.ts';
import type { Scenario } from '../scenario/index.ts';

/** The family whose residuals a metric shares. */
export function metricFamily(metric: string): string {
  return metric === 'tpot_mean_ms' ? 'itl_mean_ms' : metric;
}

export function loadRegimeOf(scenario: Scenario): LoadRegime {
  return scenario.config.workload.arrival?.kind === 'max' ? 'offline' : 'online';
}

/** The engine as the neighbourhood tells engines apart: the preset id (release included, when named). */
export function engineKeyOf(scenario: Scenario): string {
  return scenario.engine.preset;
}

/** The neighbourhood description of a scenario for one metric. */
export function intervalQueryOf(metric: string, scenario: Scenario): Omit<ResidualRow, 'residual'> {
  return {
    metric: metricFamily(metric),
    gpu: scenario.gpu.id,
    gpuClass: scenario.gpu.arch,
    weights: scenario.config.precision.weights,
    engine: engineKeyOf(scenario),
    load: loadRegimeOf(scenario),
  };
}

/** A validated row's residual ln(measured / predicted) with its neighbourhood description. */
export function residualRowOf(metric: string, scenario: Scenario, measured: number, predicted: number): ResidualRow {
  return { ...intervalQueryOf(metric, scenario), residual: Math.log(measured / predicted) };
}
