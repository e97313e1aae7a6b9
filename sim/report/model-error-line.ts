// The model-error band of a run's headline metrics as console/page text: the 80% interval from
// the calibration residuals of alike setups (validation/model-error.ts), and why a scenario is
// not calibrated. Printed under the run's table and on its index.html.
// Invariants: pure; n/a for a metric without a band.

import type { MetricModelInterval, ModelError } from '../metrics/index.ts';

/** Two lines at most: the bands, and "not calibrated: …" when the scenario is outside the rows. */
export function formatModelError(e: ModelError, of = ''): string {
  const r = (m: MetricModelInterval | null, scale: number, digits: number, unit: string) =>
    m === null ? 'n/a' : `${(m.modelInterval[0] * scale).toFixed(digits)}–${(m.modelInterval[1] * scale).toFixed(digits)} ${unit}`;
  const bands = `output ${r(e.outputTokensPerSecond, 1, 0, 'tok/s')}, TTFT mean ${r(e.ttftMeanSeconds, 1000, 1, 'ms')}, TPOT mean ${r(e.tpotMeanSeconds, 1000, 2, 'ms')}`;
  return `model error (80% band from the calibration residuals of alike setups${of}): ${bands}${e.calibrated ? '' : `\nnot calibrated: ${e.reason}`}`;
}
