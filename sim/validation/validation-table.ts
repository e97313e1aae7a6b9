// The console report of a validation: the overall count / MAPE / median APE, the per-group
// table, the skipped rows with their reasons and — with `rows`, or when there are at most
// ROWS_SHOWN_BY_DEFAULT of them — one line per compared row.
// Invariants: a pure function of the ValidationReport (the CLI prints what it returns); ASCII
// tables from the report room, no trailing newline; errors print as signed percentages of the
// fractions in the report ("+12.3%" = predicted 12.3% above measured), MAPE as percentages.
// The band column is each row's leave-one-out 80% model-error band, "(out)" when the measured
// value falls outside it; coverage80 is the share inside (validate.ts).
// NOTE: the per-row table comes first and the summary last, where a terminal leaves the eye.

import { formatMagnitude, formatPercent, formatTable } from '../report/index.ts';
import { columnText } from './csv.ts';
import type { SkippedRow, ValidatedRow, ValidationReport } from './validate.ts';

export const ROWS_SHOWN_BY_DEFAULT = 60;

export interface ValidationTableOptions {
  /** Print one line per compared row even when there are many. */
  rows?: boolean;
}

function signedPercent(fraction: number): string {
  const s = formatPercent(fraction);
  return fraction > 0 && !s.startsWith('0.0') ? `+${s}` : s;
}

function dtype(r: ValidatedRow | SkippedRow): string {
  const w = columnText(r, 'weight_dtype');
  const kv = columnText(r, 'kv_dtype');
  return kv === '' || kv === w ? w : `${w}/kv ${kv}`;
}

/** isl/osl; a dataset row's are means: "202/214 mean (azure-conv-2023)". */
function lengthsText(r: ValidatedRow): string {
  const dataset = columnText(r, 'dataset');
  const text = `${columnText(r, 'isl')}/${columnText(r, 'osl')}`;
  return dataset === '' ? text : `${text} mean (${dataset})`;
}

function rowTable(rows: ValidatedRow[]): string {
  return formatTable(
    ['line', 'source', 'model', 'gpu', 'tp', 'dtype', 'isl/osl', 'load', 'metric', 'measured', 'predicted', 'error', '80% band (LOO)'],
    rows.map((r) => [
      r.line,
      columnText(r, 'source'),
      columnText(r, 'model'),
      columnText(r, 'gpu'),
      columnText(r, 'tp'),
      dtype(r),
      lengthsText(r),
      columnText(r, 'load'),
      columnText(r, 'metric'),
      formatMagnitude(r.measured),
      formatMagnitude(r.predicted),
      signedPercent(r.error),
      r.interval === null ? '-' : `${formatMagnitude(r.interval[0])}–${formatMagnitude(r.interval[1])}${r.measured < r.interval[0] || r.measured > r.interval[1] ? ' (out)' : ''}`,
    ]),
    { align: ['right', 'left', 'left', 'left', 'right', 'left', 'left', 'left', 'left', 'right', 'right', 'right', 'left'] },
  );
}

function skippedTable(skipped: SkippedRow[]): string {
  return formatTable(
    ['line', 'model', 'gpu', 'tp', 'pp', 'dtype', 'metric', 'reason'],
    skipped.map((r) => [r.line, columnText(r, 'model'), columnText(r, 'gpu'), columnText(r, 'tp'), columnText(r, 'pp'), dtype(r), columnText(r, 'metric'), r.reason]),
    { align: ['right', 'left', 'left', 'right', 'right', 'left', 'left', 'left'] },
  );
}

/** The human-readable validation report, as printed by `sakiyomi validate`. */
export function formatValidationReport(report: ValidationReport, options: ValidationTableOptions = {}): string {
  const { rows, skipped, summary } = report;
  const parts: string[] = [];
  if (rows.length > 0) {
    if (options.rows || rows.length <= ROWS_SHOWN_BY_DEFAULT) parts.push(rowTable(rows));
    else parts.push(`${rows.length} rows compared (--rows prints each one)`);
  }
  if (skipped.length > 0) {
    parts.push(`skipped ${skipped.length} row${skipped.length === 1 ? '' : 's'}:\n${skippedTable(skipped)}`);
  }
  if (summary.groups.length > 0) {
    parts.push(
      formatTable(
        ['group', 'rows', 'MAPE', 'mean error', 'coverage80'],
        summary.groups.map((g) => [g.key, g.count, formatPercent(g.mape), signedPercent(g.meanError), g.coverage80 === null ? '-' : formatPercent(g.coverage80)]),
        { align: ['left', 'right', 'right', 'right', 'right'] },
      ),
    );
  }
  parts.push(
    `compared ${summary.count} row${summary.count === 1 ? '' : 's'} (${summary.simulations} simulation${summary.simulations === 1 ? '' : 's'}), ` +
      `skipped ${summary.skipped}: MAPE ${formatPercent(summary.mape)}, median APE ${formatPercent(summary.medianApe)}, ` +
      `mean error ${signedPercent(summary.meanError)} (error = (predicted − measured) / measured)` +
      (summary.coverage80 === null ? '' : `; coverage80 ${formatPercent(summary.coverage80)} (rows inside their leave-one-out 80% model-error band; nominal 80%)`),
  );
  return parts.join('\n\n');
}
