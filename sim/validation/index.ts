// The validation room's public face: compare the simulator's predictions with published (or
// the user's own) measurements in the CSV format of data/validation/README.md.
// Invariants: pure — the CSV arrives as text and the simulator as an injected runner (cli.ts
// passes runScenario), so the room reads no file and does not depend on run.ts.

export { OPTIONAL_COLUMNS, REQUIRED_COLUMNS, ValidationInputError, columnText, parseMeasurementCsv, type MeasurementRow, type MeasurementTable } from './csv.ts';
export { RANDOM_ROW_REPLICATIONS, VALIDATION_SEED, WARMUP_FRACTION, defaultRequests, harnessOf, parseLoad, rowScenario, type Load, type RowScenario } from './row-scenario.ts';
export { METRIC_NAMES, metricExtractor, type MetricExtractor } from './metric.ts';
export {
  BY_DIMENSIONS,
  GROUP_DIMENSIONS,
  validateMeasurements,
  validationJobs,
  type GroupSummary,
  type Runner,
  type SkippedRow,
  type ValidateOptions,
  type ValidatedRow,
  type ValidationReport,
  type ValidationSummary,
} from './validate.ts';
export { ROWS_SHOWN_BY_DEFAULT, formatValidationReport, type ValidationTableOptions } from './validation-table.ts';
export { engineKeyOf, intervalQueryOf, loadRegimeOf, metricFamily, residualRowOf } from './residual-row.ts';
export { CALIBRATION_COLUMNS, CALIBRATION_RESIDUALS, CALIBRATION_RESIDUALS_DATA, type CalibrationResidual } from './calibration-table.ts';
export { modelErrorOf, outsideCalibration } from './model-error.ts';
