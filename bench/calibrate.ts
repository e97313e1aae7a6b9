// The calibration script: fits the roofline's few physical parameters to a measurement CSV (the
// format of `sakiyomi validate`) by coordinate descent on the mean absolute log error
// |ln(predicted / measured)| over every row the simulator can model, and prints the fitted
// values with the per-group MAPE. Re-run it on new data; copy the printed values into
// sim/hardware/calibration.ts with the data's name.
// The knobs are the fields of sim/hardware/calibration.ts (mapped to a GPU's parameters by its
// paramsFromCalibration) plus the engine's per-step overhead and frontend latency, which go to
// the engine preset of the data's engine.
// Usage: node bin/run-ts.mjs bench/calibrate.ts [measurements.csv, default data/validation/calibration.csv] [--max-evals N] (N ≥ 0, default 60;
// the starting point is always evaluated)
// NOTE: each evaluation re-simulates every row (about 15 s for calibration.csv on one core).

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CALIBRATION, paramsFromCalibration, type Calibration, type CostModelParams } from '../sim/hardware/index.ts';
import { dataPath } from '../sim/package-root.ts';
import { runScenario } from '../sim/run.ts';
import { ENGINE_PRESETS, type Scenario } from '../sim/scenario/index.ts';
import { validateMeasurements } from '../sim/validation/index.ts';
import { scriptArgs } from './args.ts';

const { values: options, positionals } = parseArgs({
  args: scriptArgs(import.meta.url),
  options: { 'max-evals': { type: 'string', default: '60' } },
  allowPositionals: true,
});
const file = positionals[0] ?? dataPath('validation', 'calibration.csv');
const maxEvals = Number(options['max-evals']);
if (!Number.isInteger(maxEvals) || maxEvals < 0) throw new Error(`--max-evals must be a non-negative integer, got ${options['max-evals']}`);
const text = readFileSync(file, 'utf8');

interface Knob {
  name: string;
  min: number;
  max: number;
  value: number;
}

// Starting values: the calibration in force (sim/hardware/calibration.ts) and the TensorRT-LLM
// preset's engine overheads (the source of calibration.csv).
const start: Record<string, number> = { ...(CALIBRATION as unknown as Record<string, number>) };
const trt = ENGINE_PRESETS['tensorrt-llm'];
if (trt.stepOverheadSeconds === undefined) throw new Error('the tensorrt-llm preset sets no stepOverheadSeconds to start from');
const knobs: Knob[] = [
  { name: 'gemmComputeEfficiency', min: 0.3, max: 0.95, value: start.gemmComputeEfficiency },
  { name: 'memoryBandwidthEfficiency', min: 0.5, max: 0.95, value: start.memoryBandwidthEfficiency },
  { name: 'attentionComputeEfficiency', min: 0.15, max: 0.9, value: start.attentionComputeEfficiency },
  { name: 'attentionMemoryEfficiency', min: 0.3, max: 0.95, value: start.attentionMemoryEfficiency },
  { name: 'allReduceMultiGpuLatencySeconds', min: 5e-6, max: 200e-6, value: start.allReduceMultiGpuLatencySeconds },
  { name: 'allReduceBandwidthEfficiency', min: 0.2, max: 0.95, value: start.allReduceBandwidthEfficiency },
  { name: 'perSequenceOverheadSeconds', min: 1e-7, max: 5e-5, value: start.perSequenceOverheadSeconds },
  { name: 'adaMemoryFactor', min: 0.5, max: 1.3, value: start.adaMemoryFactor },
  { name: 'blackwellComputeFactor', min: 0.3, max: 1.3, value: start.blackwellComputeFactor },
  { name: 'ampereComputeFactor', min: 0.5, max: 1.6, value: start.ampereComputeFactor },
  { name: 'stepOverheadSeconds', min: 5e-5, max: 5e-3, value: trt.stepOverheadSeconds },
  { name: 'frontendLatencySeconds', min: 1e-4, max: 5e-2, value: trt.frontendLatencySeconds },
];

function paramsFor(s: Scenario, k: Record<string, number>): Partial<CostModelParams> {
  const calibration = { data: file, ...k } as unknown as Calibration;
  return { ...paramsFromCalibration(s.gpu, calibration), stepOverheadSeconds: k.stepOverheadSeconds };
}

let evals = 0;
function evaluate(values: Record<string, number>) {
  evals++;
  const run = (s: Scenario) =>
    runScenario({ ...s, engine: { ...s.engine, frontendLatencySeconds: values.frontendLatencySeconds } }, { costModelParams: paramsFor(s, values) });
  const report = validateMeasurements(text, run, { file });
  let sum = 0;
  for (const r of report.rows) sum += Math.abs(Math.log(r.predicted / r.measured));
  return { objective: sum / report.rows.length, report };
}

const current = Object.fromEntries(knobs.map((k) => [k.name, k.value]));
let best = evaluate(current);
process.stderr.write(`start: objective ${best.objective.toFixed(4)} MAPE ${(best.report.summary.mape * 100).toFixed(1)}%\n`);
const steps = Object.fromEntries(knobs.map((k) => [k.name, 1.3]));
outer: for (let round = 0; round < 4; round++) {
  for (const k of knobs) {
    for (const dir of [1, -1]) {
      let improved = true;
      while (improved) {
        improved = false;
        if (evals >= maxEvals) break outer;
        const factor = dir > 0 ? steps[k.name] : 1 / steps[k.name];
        const trial = { ...current, [k.name]: Math.min(k.max, Math.max(k.min, current[k.name] * factor)) };
        if (trial[k.name] === current[k.name]) break;
        const r = evaluate(trial);
        if (r.objective < best.objective - 1e-5) {
          Object.assign(current, trial);
          best = r;
          improved = true;
          process.stderr.write(`eval ${evals}: ${k.name} = ${current[k.name].toPrecision(3)} → objective ${r.objective.toFixed(4)} MAPE ${(r.report.summary.mape * 100).toFixed(1)}%\n`);
        }
      }
    }
    steps[k.name] = Math.sqrt(steps[k.name]);
  }
}

const groups = best.report.summary.groups.map((g) => `${g.key.padEnd(40)} ${String(g.count).padStart(4)} ${(g.mape * 100).toFixed(1)}%`);
process.stdout.write(
  JSON.stringify({ data: file, evaluations: evals, objective: best.objective, mape: best.report.summary.mape, params: current }, null, 2) +
    '\n' +
    groups.join('\n') +
    '\n',
);
