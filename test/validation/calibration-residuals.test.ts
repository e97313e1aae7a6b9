// The committed residual table (sim/validation/calibration-residuals.ts, written by
// bench/residuals.ts) must be the model in force: a few rows re-simulated here must give the
// stored predictions and batch; the table must hold every row of calibration.csv.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataPath } from '../../sim/package-root.ts';
import { runScenario } from '../../sim/run.ts';
import { CALIBRATION_RESIDUALS, RANDOM_ROW_REPLICATIONS, metricExtractor, parseMeasurementCsv, rowScenario } from '../../sim/validation/index.ts';

const table = parseMeasurementCsv(readFileSync(dataPath('validation', 'calibration.csv'), 'utf8'));
const STALE = 'stale: re-run node bin/run-ts.mjs bench/residuals.ts';

describe('calibration residuals', () => {
  it('hold one row per measurement of calibration.csv, with residual ln(measured / predicted)', () => {
    expect(CALIBRATION_RESIDUALS.map((r) => r.line), STALE).toEqual(table.rows.map((r) => r.line));
    for (const r of CALIBRATION_RESIDUALS) expect(r.residual).toBeCloseTo(Math.log(r.measured / r.predicted), 12);
  });

  it('re-simulating rows 501–503 (8B, H100, qps 2: the mean of its replications) gives the stored predictions and mean batch', () => {
    const built = rowScenario(table.rows.find((r) => r.line === 501)!);
    if (!built.ok) throw new Error(built.reason);
    expect(built.replications).toBe(RANDOM_ROW_REPLICATIONS);
    const summaries = Array.from({ length: built.replications }, (_, i) => runScenario(built.scenario, { seed: built.scenario.config.seed + i }).summary);
    const mean = (f: (s: (typeof summaries)[number]) => number) => summaries.reduce((a, s) => a + f(s), 0) / summaries.length;
    for (const line of [501, 502, 503]) {
      const row = table.rows.find((r) => r.line === line)!;
      const stored = CALIBRATION_RESIDUALS.find((r) => r.line === line)!;
      expect(Number(row.columns.value)).toBe(stored.measured);
      expect(mean(metricExtractor(row.columns.metric)!), `line ${line} ${STALE}`).toBeCloseTo(stored.predicted, 9);
      expect(mean((s) => s.kv.meanRunning), STALE).toBeCloseTo(stored.meanRunning, 9);
    }
  });
});
