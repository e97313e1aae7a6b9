// The committed calibration residuals as the run's model-error band reads them: one entry per
// compared row of data/validation/calibration.csv, with the neighbourhood description
// (residual-row.ts), the measured and predicted values, and the setup's extent (context length,
// simulated mean batch) that bounds calibrated territory.
// Invariants: the rows come only from calibration-residuals.ts, which bench/residuals.ts writes
// from the model in force (test/validation/calibration-residuals.test.ts re-simulates a few rows
// and fails when the file is stale); no validation runs at run time.

import type { ResidualRow } from '../metrics/index.ts';
import { RESIDUAL_COLUMNS, RESIDUAL_DATA, RESIDUAL_ROWS } from './calibration-residuals.ts';

export interface CalibrationResidual extends ResidualRow {
  /** Line of calibration.csv. */
  line: number;
  model: string;
  /** isl + osl of the row. */
  contextTokens: number;
  /** The simulation's time-weighted mean running requests (summary.kv.meanRunning). */
  meanRunning: number;
  measured: number;
  predicted: number;
}

/** The columns of one stored row, in order (RESIDUAL_COLUMNS). */
export const CALIBRATION_COLUMNS = ['line', 'metric', 'model', 'gpu', 'gpuClass', 'weights', 'engine', 'load', 'contextTokens', 'meanRunning', 'measured', 'predicted'] as const;

function toRow(cells: readonly (string | number)[]): CalibrationResidual {
  const o: Record<string, string | number> = {};
  CALIBRATION_COLUMNS.forEach((c, k) => (o[c] = cells[k]));
  const measured = o.measured as number;
  const predicted = o.predicted as number;
  return { ...(o as unknown as Omit<CalibrationResidual, 'residual'>), residual: Math.log(measured / predicted) };
}

if (RESIDUAL_COLUMNS.join() !== CALIBRATION_COLUMNS.join()) {
  throw new Error(`calibration-residuals.ts has columns ${RESIDUAL_COLUMNS.join()}, expected ${CALIBRATION_COLUMNS.join()}: regenerate it (node bin/run-ts.mjs bench/residuals.ts)`);
}

/** What the residuals were computed from. */
export const CALIBRATION_RESIDUALS_DATA: string = RESIDUAL_DATA;
export const CALIBRATION_RESIDUALS: readonly CalibrationResidual[] = RESIDUAL_ROWS.map(toRow);
