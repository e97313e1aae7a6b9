// summary.modelError of a run: the 80% model-error band of each headline metric (output tokens/s,
// mean TTFT, mean TPOT), read from the committed calibration residuals of the rows nearest the
// scenario (metrics/model-interval.ts for the neighbourhood rule), and whether the scenario stays
// in calibrated territory.
// Calibrated territory: the scenario is single-pool and non-speculative (every calibration row
// is), and its model, GPU, weight precision and engine (release included; a release simulated with
// the nearest earlier fitted one is outside) each have rows, and its
// mean context length (prompt + output tokens per request) and simulated mean batch (mean running
// requests per replica) lie within the range the rows span. Outside it, `calibrated` is false and
// `reason` names every way out, "; "-separated; the bands are still given (from the coarser
// neighbourhood that has rows), to be read as a floor on the model's error, not an estimate.
// Invariants: pure; a metric with no value (no finished request) or no band has null.
// NOTE: the band says how far the *model* may be off (the measured value over the simulated one on
// alike setups); the simulation's own sampling error (replications' confidence intervals) is
// separate and adds to it.

import type { MetricModelInterval, ModelError, Summary } from '../metrics/index.ts';
import { bandAround, residualBand } from '../metrics/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { CALIBRATION_RESIDUALS, type CalibrationResidual } from './calibration-table.ts';
import { intervalQueryOf } from './residual-row.ts';

function range(values: number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)];
}

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

/** Every way the scenario leaves the territory of `table` ([] when it stays inside). */
export function outsideCalibration(scenario: Scenario, summary: Summary, table: readonly CalibrationResidual[]): string[] {
  const reasons: string[] = [];
  if (scenario.pools !== undefined) reasons.push('pools: every calibration row is one homogeneous replica');
  if (scenario.config.speculative !== undefined) reasons.push('speculative decoding: no calibration row uses it');
  if (scenario.config.hardware.autoscale !== undefined || scenario.pools?.some((p) => p.scenario.config.hardware.autoscale !== undefined)) reasons.push('autoscaling: every calibration row is a fixed replica');
  if (scenario.config.failures !== undefined) reasons.push('failures: no calibration row loses a replica');
  const classGen = scenario.config.workload.classes?.some((c) => c.generation !== undefined && c.generation.kind !== 'greedy') ?? false;
  if ((scenario.config.generation !== undefined && scenario.config.generation.kind !== 'greedy') || classGen) reasons.push('sampling n > 1 or beam search: every calibration row decodes one greedy sequence');
  const has = (key: 'model' | 'gpu' | 'weights' | 'engine', value: string, what: string) => {
    if (table.some((r) => r[key] === value)) return;
    const known = [...new Set(table.map((r) => r[key]))].sort().join(', ');
    reasons.push(`${what} ${value} has no calibration rows (calibrated: ${known})`);
  };
  has('model', scenario.model.id, 'model');
  has('gpu', scenario.gpu.id, 'GPU');
  has('weights', scenario.config.precision.weights, 'weight precision');
  has('engine', scenario.engine.preset, 'engine');
  if (scenario.engine.releaseNote !== undefined) reasons.push(scenario.engine.releaseNote);
  if (table.length > 0) {
    const t = summary.throughputWithDrain;
    const context = (t.inputTokensPerSecond + t.outputTokensPerSecond) / t.requestsPerSecond;
    const [cLo, cHi] = range(table.map((r) => r.contextTokens));
    if (Number.isFinite(context) && (context < cLo || context > cHi)) {
      reasons.push(`mean context ${fmt(context)} tokens is outside the calibrated ${cLo}–${cHi}`);
    }
    const batch = summary.kv.meanRunning;
    const [bLo, bHi] = range(table.map((r) => r.meanRunning));
    if (Number.isFinite(batch) && (batch < bLo || batch > bHi)) {
      reasons.push(`mean batch ${fmt(batch)} running requests is outside the calibrated ${fmt(bLo)}–${fmt(bHi)}`);
    }
  }
  return reasons;
}

function metricBand(metric: string, value: number, scenario: Scenario, table: readonly CalibrationResidual[]): MetricModelInterval | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  const band = residualBand(table, intervalQueryOf(metric, scenario));
  if (band === null) return null;
  return { modelInterval: bandAround(value, band), neighbourhood: band.neighbourhood, rows: band.count };
}

/** The run's summary.modelError from the committed residuals (or `table`, for tests). */
export function modelErrorOf(scenario: Scenario, summary: Summary, table: readonly CalibrationResidual[] = CALIBRATION_RESIDUALS): ModelError {
  const reasons = outsideCalibration(scenario, summary, table);
  const finished = summary.requests.finished > 0;
  return {
    calibrated: reasons.length === 0,
    ...(reasons.length === 0 ? {} : { reason: reasons.join('; ') }),
    outputTokensPerSecond: metricBand('output_tokens_per_s', summary.throughput.outputTokensPerSecond, scenario, table),
    ttftMeanSeconds: finished ? metricBand('ttft_mean_ms', summary.ttftSeconds.mean, scenario, table) : null,
    tpotMeanSeconds: finished ? metricBand('itl_mean_ms', summary.tpotSeconds.mean, scenario, table) : null,
  };
}
