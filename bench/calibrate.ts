// The calibration script: fits the roofline's shared physical parameters (sim/hardware/calibration.ts)
// and each engine release's own parameters (sim/scenario/engine-releases.ts: per-step overhead,
// frontend latency, compute and memory efficiency factors) to a measurement CSV (the format of
// `sakiyomi validate`) by coordinate descent, in one run.
// Objective (--weighting groups, the default): the mean over (metric family × load regime) groups
// of each group's mean |ln(predicted / measured)|, so the 12 offline TTFT rows weigh as much as the
// 480 offline throughput rows and light-load latency is no longer drowned by batched throughput
// (--weighting rows: the plain mean over rows, the fit before issue 14).
// Releases: each row runs with the release its engine column names (tensorrt-llm@0.14, …). The
// latest release of an engine in the fitted rows is the reference (factors fixed at 1: the shared
// physics is that release's); older releases get factors on top. With --release-only (the shared
// physics fixed, e.g. the shared fit then release factors on top) every release gets factors. A release's frontend latency is
// fitted only when it has rows measured through a server (harness server, TTFT rows); otherwise it
// copies the nearest fitted one. Rows with harness offline run without frontend latency.
// Leave-one-source-out (--leave-out tensorrt-llm@0.20, or an engine id): fits without that
// release's (engine's) rows, then validates those rows with the nearest fitted release's
// parameters (the rule a user's unseen release gets, backwards too) and prints their MAPE: the
// honest estimate for a release the model has not seen. Writes nothing.
// Usage: node bin/run-ts.mjs bench/calibrate.ts [measurements.csv, default data/validation/calibration.csv]
//   [--max-evals N (default 80; the starting point is always evaluated)] [--max-seconds S (stop the
//   descent after S seconds of wall time and report the best so far)] [--weighting groups|rows]
//   [--leave-out RELEASE|ENGINE] [--exclude-gpu ID] [--release-only] [--write]
//   --write rewrites the FITTED blocks of sim/hardware/calibration.ts and sim/scenario/engine-releases.ts
//   (between their BEGIN/END FITTED markers); without it the same blocks are printed to paste.
//   --release-only keeps the shared physics fixed and fits only the releases' parameters.
//   --fixed NAME[,NAME] keeps those shared knobs at the calibration in force (e.g. smallBatchStreamingGain).
// NOTE: each evaluation re-simulates only the rows whose parameters changed (a memo keyed on the
// row's setup, seed and parameters): a shared knob re-simulates every row (about 27 s on one idle
// core for calibration.csv), a release knob only that release's rows, a GPU-class factor only its
// GPUs' rows.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CALIBRATION, GPUS, SMALL_BATCH_STREAMING_GAIN, measuredCostModelParams, paramsFromCalibration, scaleEfficiencies, type Calibration, type CostModelParams } from '../sim/hardware/index.ts';
import type { RunResult } from '../sim/metrics/index.ts';
import { bundledTraceResolver, dataPath, packageRoot } from '../sim/package-root.ts';
import { runScenario } from '../sim/run.ts';
import { ENGINE_PRESETS, ENGINE_RELEASES, compareReleases, engineIdOf, releaseNumber, type EnginePresetId, type EngineRelease, type Scenario } from '../sim/scenario/index.ts';
import { ValidationInputError, harnessOf, loadRegimeOf, metricFamily, parseMeasurementCsv, rowScenario, validateMeasurements, type ValidationReport } from '../sim/validation/index.ts';
import { ScriptInputError, exitOnInputErrors, scriptArgs } from './args.ts';

exitOnInputErrors((e) => e instanceof ValidationInputError);
const { values: options, positionals } = parseArgs({
  args: scriptArgs(import.meta.url),
  options: {
    'max-evals': { type: 'string', default: '80' },
    'max-seconds': { type: 'string', default: 'Infinity' },
    weighting: { type: 'string', default: 'groups' },
    'leave-out': { type: 'string' },
    'exclude-gpu': { type: 'string' },
    'release-only': { type: 'boolean', default: false },
    fixed: { type: 'string', default: '' },
    write: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const file = positionals[0] ?? dataPath('validation', 'calibration.csv');
const maxEvals = Number(options['max-evals']);
if (!Number.isInteger(maxEvals) || maxEvals < 0) throw new ScriptInputError(`--max-evals must be a non-negative integer, got ${options['max-evals']}`);
const maxSeconds = Number(options['max-seconds']);
if (!(maxSeconds > 0)) throw new ScriptInputError(`--max-seconds must be a positive number, got ${options['max-seconds']}`);
const weighting = options.weighting;
if (weighting !== 'groups' && weighting !== 'rows') throw new ScriptInputError(`--weighting must be groups or rows, got ${weighting}`);
const leaveOut = options['leave-out'];
if (leaveOut !== undefined && options.write) throw new ScriptInputError('--leave-out fits a model for testing only: it cannot --write');
const text = readFileSync(file, 'utf8');
const log = (s: string) => process.stderr.write(s + '\n');

// ---- Rows: which release each runs with, and the fit / held-out split (by line).
const table = parseMeasurementCsv(text, file);
const presetOfLine = new Map<number, string>();
const gpuOfLine = new Map<number, string>();
/** Each row's objective group: metric family × load regime ('offline': arrival max; 'online'). */
const groupOfLine = new Map<number, string>();
const resolveTraceFile = bundledTraceResolver();
for (const row of table.rows) {
  const built = rowScenario(row, { resolveTraceFile });
  if (built.ok) {
    presetOfLine.set(row.line, built.scenario.engine.preset);
    gpuOfLine.set(row.line, built.scenario.gpu.id);
    groupOfLine.set(row.line, `${metricFamily(String(row.columns.metric).toLowerCase())} ${loadRegimeOf(built.scenario)}`);
  }
}
const matchesSource = (preset: string, source: string) => preset === source || engineIdOf(preset as never) === source;
const excluded = (line: number) => options['exclude-gpu'] !== undefined && gpuOfLine.get(line) === options['exclude-gpu'];
const heldOut = (line: number) => leaveOut !== undefined && matchesSource(presetOfLine.get(line) ?? '', leaveOut);

/**
 * The CSV text with only the rows `keep` accepts; a dropped row becomes a comment line, so every
 * kept row keeps its line (rows are named line-N: the memo and the objective's groups key on it).
 */
function subset(keep: (line: number) => boolean): string {
  const lines = text.split(/\r?\n/);
  const dataLines = new Set(table.rows.map((r) => r.line));
  return lines.map((l, i) => (!dataLines.has(i + 1) || keep(i + 1) ? l : '# (left out)')).join('\n');
}
const fitText = subset((l) => !excluded(l) && !heldOut(l));
const heldText = leaveOut === undefined ? undefined : subset((l) => !excluded(l) && heldOut(l));
if (heldText !== undefined && ![...presetOfLine.entries()].some(([l, p]) => !excluded(l) && matchesSource(p, leaveOut!))) {
  throw new ScriptInputError(`--leave-out ${leaveOut}: no row runs with that release or engine (rows run with: ${[...new Set(presetOfLine.values())].join(', ')})`);
}

// ---- Releases in the fit, oldest first per engine; the newest of each engine is its reference.
// A bare preset (an engine without fitted releases, e.g. vllm) is fitted as one pseudo-release:
// its values are printed to paste into ENGINE_PRESETS (engine-presets.ts).
const isBare = (p: string) => !p.includes('@');
const fitPresets = [...new Set([...presetOfLine.entries()].filter(([l]) => !excluded(l) && !heldOut(l)).map(([, p]) => p))].filter(
  (p) => !isBare(p) || ENGINE_RELEASES[p as EnginePresetId].length === 0,
);
const releaseOf = (preset: string) => (isBare(preset) ? '0' : preset.slice(preset.indexOf('@') + 1));
fitPresets.sort((a, b) => engineIdOf(a as never).localeCompare(engineIdOf(b as never)) || compareReleases(releaseNumber(releaseOf(a))!, releaseNumber(releaseOf(b))!));
const reference = new Set<string>();
for (const p of fitPresets) {
  const later = fitPresets.filter((q) => engineIdOf(q as never) === engineIdOf(p as never) && compareReleases(releaseNumber(releaseOf(q))!, releaseNumber(releaseOf(p))!) > 0);
  if (later.length === 0) reference.add(p);
}
const serverLines = new Set(table.rows.filter((r) => harnessOf(String(r.columns.harness ?? '')) === 'server' && /^ttft/.test(String(r.columns.metric).toLowerCase())).map((r) => r.line));
const hasServerRows = (preset: string) => [...presetOfLine.entries()].some(([l, p]) => p === preset && serverLines.has(l) && !excluded(l) && !heldOut(l));

/** The release entry in force for a preset (engine-releases.ts), as the starting point. */
function startRelease(preset: string): EngineRelease {
  const id = engineIdOf(preset as never) as EnginePresetId;
  if (isBare(preset)) {
    const p = ENGINE_PRESETS[id];
    const step = p.stepOverheadSeconds ?? measuredCostModelParams(GPUS[0]).stepOverheadSeconds;
    return { release: '', data: '', stepOverheadSeconds: step, frontendLatencySeconds: p.frontendLatencySeconds, computeEfficiencyFactor: 1, memoryEfficiencyFactor: 1 };
  }
  const r = ENGINE_RELEASES[id].find((x) => compareReleases(releaseNumber(x.release)!, releaseNumber(releaseOf(preset))!) === 0);
  if (r === undefined) throw new Error(`${preset} has no entry in ENGINE_RELEASES (sim/scenario/engine-releases.ts): add one to start from`);
  return r;
}

// ---- Knobs.
interface Knob {
  name: string;
  min: number;
  max: number;
  value: number;
}
const shared: Knob[] = options['release-only']
  ? []
  : [
      { name: 'gemmComputeEfficiency', min: 0.3, max: 0.95, value: CALIBRATION.gemmComputeEfficiency },
      { name: 'memoryBandwidthEfficiency', min: 0.5, max: 0.95, value: CALIBRATION.memoryBandwidthEfficiency },
      { name: 'attentionComputeEfficiency', min: 0.15, max: 0.9, value: CALIBRATION.attentionComputeEfficiency },
      { name: 'attentionMemoryEfficiency', min: 0.3, max: 0.95, value: CALIBRATION.attentionMemoryEfficiency },
      { name: 'allReduceMultiGpuLatencySeconds', min: 5e-6, max: 200e-6, value: CALIBRATION.allReduceMultiGpuLatencySeconds },
      { name: 'allReduceBandwidthEfficiency', min: 0.2, max: 0.95, value: CALIBRATION.allReduceBandwidthEfficiency },
      { name: 'allReduceSmallMessageBytes', min: 16384, max: 16 * 2 ** 20, value: CALIBRATION.allReduceSmallMessageBytes || 524288 },
      { name: 'pcieAllReduceLatencySeconds', min: 5e-6, max: 500e-6, value: CALIBRATION.pcieAllReduceLatencySeconds },
      { name: 'pcieAllReduceBandwidthEfficiency', min: 0.1, max: 0.95, value: CALIBRATION.pcieAllReduceBandwidthEfficiency },
      { name: 'perSequenceOverheadSeconds', min: 1e-7, max: 5e-5, value: CALIBRATION.perSequenceOverheadSeconds },
      { name: 'gddrMemoryFactor', min: 0.5, max: 1.3, value: CALIBRATION.gddrMemoryFactor },
      { name: 'tensorGen5ComputeFactor', min: 0.3, max: 1.3, value: CALIBRATION.tensorGen5ComputeFactor },
      { name: 'tensorGen3ComputeFactor', min: 0.5, max: 1.6, value: CALIBRATION.tensorGen3ComputeFactor },
      // Off (0) in the calibration in force: a multiplicative step cannot leave 0, so the search starts at the GEMM sample's g.
      { name: 'smallBatchStreamingGain', min: 0.01, max: 0.6, value: CALIBRATION.smallBatchStreamingGain || SMALL_BATCH_STREAMING_GAIN },
    ];
const fixedNames = options.fixed === '' ? [] : options.fixed.split(',').map((k) => k.trim());
if (fixedNames.includes('')) throw new ScriptInputError(`--fixed ${JSON.stringify(options.fixed)}: an empty knob name (give NAME[,NAME…])`);
const fixedKnobs = new Set(fixedNames);
if (fixedKnobs.size > 0 && options['release-only']) throw new ScriptInputError('--fixed with --release-only: --release-only already holds every shared knob');
for (const k of fixedKnobs) if (!shared.some((x) => x.name === k)) throw new ScriptInputError(`--fixed ${k}: not a shared knob (${shared.map((x) => x.name).join(', ')})`);
// A fixed knob keeps the calibration in force (a value of its own, not descended).
for (const k of shared) if (fixedKnobs.has(k.name)) k.value = CALIBRATION[k.name as keyof Calibration] as number;
const fitShared = shared.filter((k) => !fixedKnobs.has(k.name));
// A knob that is off (0) in force starts at its sample value when fitted, so the start is not the calibration in force: say so.
for (const k of fitShared) {
  const inForce = CALIBRATION[k.name as keyof Calibration];
  if (inForce === 0) log(`note: ${k.name} is off (0) in the calibration in force; the fit starts it at ${k.value} (--fixed ${k.name} keeps it off)`);
}
const perRelease: Knob[] = [];
for (const p of fitPresets) {
  const r = startRelease(p);
  perRelease.push({ name: `${p}:stepOverheadSeconds`, min: 5e-5, max: 5e-3, value: r.stepOverheadSeconds });
  if (hasServerRows(p)) perRelease.push({ name: `${p}:frontendLatencySeconds`, min: 1e-4, max: 5e-2, value: r.frontendLatencySeconds });
  // With the shared physics fixed (--release-only) there is no degeneracy: every release gets factors.
  if (!reference.has(p) || options['release-only']) {
    perRelease.push({ name: `${p}:computeEfficiencyFactor`, min: 0.5, max: 1.5, value: r.computeEfficiencyFactor });
    perRelease.push({ name: `${p}:memoryEfficiencyFactor`, min: 0.5, max: 1.5, value: r.memoryEfficiencyFactor });
  }
}
// Releases first: their knobs are cheap (only their rows re-simulate) and carry the largest
// systematic difference (v0.14 vs v0.20 on identical setups); the shared physics follows.
// The GPU-class factors next (only their GPUs' rows re-simulate).
const cheapFirst = ['gddrMemoryFactor', 'tensorGen3ComputeFactor', 'tensorGen5ComputeFactor', 'pcieAllReduceLatencySeconds', 'pcieAllReduceBandwidthEfficiency'];
const knobs = [...perRelease, ...fitShared.filter((k) => cheapFirst.includes(k.name)), ...fitShared.filter((k) => !cheapFirst.includes(k.name))];
type Values = Record<string, number>;

/** A release's parameters under `v`: its own knobs, else (frontend) the nearest release with one, else its start. */
function releaseParams(preset: string, v: Values): { step: number; frontend: number; compute: number; memory: number } {
  // A preset outside the fit (held out) runs as the nearest fitted release of its engine.
  const own = fitPresets.includes(preset) ? preset : nearestFitted(preset);
  if (own === undefined) {
    const r = ENGINE_RELEASES[engineIdOf(preset as never) as EnginePresetId].find((x) => `${engineIdOf(preset as never)}@${x.release}` === preset);
    return { step: r?.stepOverheadSeconds ?? NaN, frontend: r?.frontendLatencySeconds ?? 0, compute: r?.computeEfficiencyFactor ?? 1, memory: r?.memoryEfficiencyFactor ?? 1 };
  }
  const frontendFrom = hasServerRows(own) ? own : (fitPresets.filter((p) => hasServerRows(p) && engineIdOf(p as never) === engineIdOf(own as never)).pop() ?? own);
  return {
    step: v[`${own}:stepOverheadSeconds`],
    frontend: v[`${frontendFrom}:frontendLatencySeconds`] ?? startRelease(own).frontendLatencySeconds,
    compute: v[`${own}:computeEfficiencyFactor`] ?? 1,
    memory: v[`${own}:memoryEfficiencyFactor`] ?? 1,
  };
}

/** The fitted release of the same engine nearest to `preset` (earlier first, else later). */
function nearestFitted(preset: string): string | undefined {
  const id = engineIdOf(preset as never);
  if (!preset.includes('@')) return fitPresets.filter((p) => engineIdOf(p as never) === id).pop();
  const n = releaseNumber(releaseOf(preset))!;
  const same = fitPresets.filter((p) => engineIdOf(p as never) === id);
  const earlier = same.filter((p) => compareReleases(releaseNumber(releaseOf(p))!, n) <= 0).pop();
  return earlier ?? same[0];
}

function overridesFor(s: Scenario, v: Values): { params: Partial<CostModelParams>; frontend: number } {
  const calibration = { ...CALIBRATION, ...Object.fromEntries(shared.map((k) => [k.name, v[k.name]])) } as Calibration;
  const base = paramsFromCalibration(s.gpu, calibration);
  const r = releaseParams(s.engine.preset, v);
  const params: Partial<CostModelParams> = {
    ...scaleEfficiencies(base, r.compute, r.memory),
    ...(Number.isFinite(r.step) ? { stepOverheadSeconds: r.step } : {}),
  };
  // harness offline (row-scenario.ts): the row set no frontend latency; keep it so.
  const frontend = s.config.engine.frontendLatencySeconds === 0 ? 0 : r.frontend;
  return { params, frontend };
}

// ---- Evaluation with a memo of simulations by (setup, parameters).
let memo = new Map<string, RunResult>();
let evals = 0;
let simulations = 0;
function validateWith(csv: string, v: Values, next: Map<string, RunResult>): ValidationReport {
  return validateMeasurements(
    csv,
    (s, seed) => {
      const o = overridesFor(s, v);
      const key = `${s.name}|${seed}|${JSON.stringify(o)}`;
      let r = memo.get(key) ?? next.get(key);
      if (r === undefined) {
        simulations++;
        r = runScenario({ ...s, engine: { ...s.engine, frontendLatencySeconds: o.frontend } }, { costModelParams: o.params, seed });
      }
      next.set(key, r);
      return r;
    },
    { file, resolveTraceFile },
  );
}

function objectiveOf(report: ValidationReport): number {
  const err = (r: ValidationReport['rows'][number]) => Math.abs(Math.log(r.predicted / r.measured));
  if (weighting === 'rows') return report.rows.reduce((a, r) => a + err(r), 0) / report.rows.length;
  const groups = new Map<string, number[]>();
  for (const r of report.rows) {
    const key = groupOfLine.get(r.line)!;
    const g = groups.get(key) ?? [];
    g.push(err(r));
    groups.set(key, g);
  }
  let sum = 0;
  for (const g of groups.values()) sum += g.reduce((a, b) => a + b, 0) / g.length;
  return sum / groups.size;
}

function evaluate(v: Values) {
  evals++;
  const next = new Map<string, RunResult>();
  const report = validateWith(fitText, v, next);
  return { objective: objectiveOf(report), report, next };
}

const mapeText = (r: ValidationReport) => `MAPE ${(r.summary.mape * 100).toFixed(2)}%`;
const t0 = Date.now();
const current: Values = Object.fromEntries([...knobs, ...shared.filter((k) => fixedKnobs.has(k.name))].map((k) => [k.name, k.value]));
let best = evaluate(current);
memo = best.next;
log(`start: objective ${best.objective.toFixed(4)} ${mapeText(best.report)} (${knobs.length} knobs: ${knobs.map((k) => k.name).join(', ')})`);
// Factors (a release's, a GPU class's) start with ±5% steps (they move a few percent; ±25%
// overshoots: tensorGen3ComputeFactor 1.05 → 1.31 or 0.84 and never tried 1.1), the rest ±25%.
const steps = Object.fromEntries(knobs.map((k) => [k.name, /Factor$/.test(k.name) ? 1.05 : 1.25]));
outer: for (let round = 0; round < 4; round++) {
  for (const k of knobs) {
    for (const dir of [1, -1]) {
      let improved = true;
      while (improved) {
        improved = false;
        if (evals >= maxEvals || (Date.now() - t0) / 1000 > maxSeconds) break outer;
        const factor = dir > 0 ? steps[k.name] : 1 / steps[k.name];
        const trial = { ...current, [k.name]: Math.min(k.max, Math.max(k.min, current[k.name] * factor)) };
        if (trial[k.name] === current[k.name]) break;
        const r = evaluate(trial);
        if (r.objective < best.objective - 1e-5) {
          Object.assign(current, trial);
          best = r;
          memo = r.next;
          improved = true;
          log(`eval ${evals} (${((Date.now() - t0) / 1000).toFixed(0)} s, ${simulations} simulations): ${k.name} = ${current[k.name].toPrecision(3)} → objective ${r.objective.toFixed(4)} ${mapeText(r.report)}`);
        }
      }
    }
    steps[k.name] = Math.sqrt(steps[k.name]);
  }
}
log(`done: ${evals} evaluations, ${simulations} simulations, ${((Date.now() - t0) / 1000).toFixed(0)} s`);

// ---- Report.
const groupLines = (r: ValidationReport) => r.summary.groups.map((g) => `  ${g.key.padEnd(44)} ${String(g.count).padStart(4)} ${(g.mape * 100).toFixed(1).padStart(5)}%  mean ${(g.meanError * 100).toFixed(1)}%`);
const out: string[] = [];
out.push(`data: ${file}${options['exclude-gpu'] ? ` (without gpu ${options['exclude-gpu']})` : ''}${leaveOut ? ` (without ${leaveOut})` : ''}; weighting ${weighting}`);
out.push(`fit: ${evals} evaluations, objective ${best.objective.toFixed(4)}, ${mapeText(best.report)} over ${best.report.summary.count} rows`);
out.push(...groupLines(best.report));
if (heldText !== undefined) {
  const held = validateWith(heldText, current, new Map());
  out.push(`fitted values: ${JSON.stringify(current)}`);
  out.push(`LEAVE-ONE-SOURCE-OUT ${leaveOut}: ${mapeText(held)} over ${held.summary.count} held-out rows (run with the nearest fitted release: ${[...new Set(held.rows.map((r) => nearestFitted(presetOfLine.get(r.line)!)))].join(', ')})`);
  out.push(...groupLines(held));
}

const quote = (t: string) => `'${t.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const date = new Date().toISOString().slice(0, 10);
const round3 = (x: number) => Number(x.toPrecision(3));
/** Knobs that count something (bytes): written as integers, not to 3 significant figures. */
const INTEGER_KNOBS = new Set(['allReduceSmallMessageBytes']);
const dataName = file.replace(packageRoot() + '/', '');
const calibrationBlock = `// BEGIN FITTED CALIBRATION (written by bench/calibrate.ts --write; do not edit by hand)
export const CALIBRATION: Calibration = {
  data: '${dataName} (${fitPresets.join(', ') || 'every row'}), bench/calibrate.ts --weighting ${weighting}, ${date}${fixedKnobs.size > 0 ? ` (held from the previous fit: ${[...fixedKnobs].join(', ')})` : ''}',
${shared.map((k) => `  ${k.name}: ${fixedKnobs.has(k.name) ? current[k.name] : INTEGER_KNOBS.has(k.name) ? Math.round(current[k.name]) : round3(current[k.name])},`).join('\n')}
};
// END FITTED CALIBRATION`;
const releaseEntries = new Map<EnginePresetId, string[]>();
for (const id of Object.keys(ENGINE_RELEASES) as EnginePresetId[]) {
  const entries = ENGINE_RELEASES[id].map((r) => {
    const preset = `${id}@${r.release}`;
    const fitted = fitPresets.includes(preset);
    const p = fitted ? releaseParams(preset, current) : { step: r.stepOverheadSeconds, frontend: r.frontendLatencySeconds, compute: r.computeEfficiencyFactor, memory: r.memoryEfficiencyFactor };
    const data = fitted ? `${dataName} rows of ${preset}, bench/calibrate.ts, ${date}${hasServerRows(preset) ? '' : ' (no server rows: frontend latency of the nearest release with them)'}${reference.has(preset) && !options['release-only'] ? ' (reference release: factors 1)' : ''}` : r.data;
    return `    {
      release: '${r.release}',
      data: ${quote(data)},
      stepOverheadSeconds: ${round3(p.step)},
      frontendLatencySeconds: ${round3(p.frontend)},
      computeEfficiencyFactor: ${round3(p.compute)},
      memoryEfficiencyFactor: ${round3(p.memory)},
    },`;
  });
  releaseEntries.set(id, entries);
}
const releasesBlock = `// BEGIN FITTED RELEASES (written by bench/calibrate.ts --write; do not edit by hand)
export const ENGINE_RELEASES: Record<EnginePresetId, readonly EngineRelease[]> = {
${[...releaseEntries].map(([id, e]) => (e.length === 0 ? `  ${id.includes('-') ? `'${id}'` : id}: [],` : `  ${id.includes('-') ? `'${id}'` : id}: [\n${e.join('\n')}\n  ],`)).join('\n')}
};
// END FITTED RELEASES`;

function replaceBlock(path: string, name: string, block: string): void {
  const src = readFileSync(path, 'utf8');
  const re = new RegExp(`// BEGIN FITTED ${name}[\\s\\S]*?// END FITTED ${name}`);
  if (!re.test(src)) throw new Error(`${path}: no BEGIN/END FITTED ${name} markers`);
  writeFileSync(path, src.replace(re, () => block));
}
const bareLines = fitPresets.filter(isBare).map((p) => {
  const r = releaseParams(p, current);
  return `// paste into ENGINE_PRESETS['${p}'] (sim/scenario/engine-presets.ts), fitted to ${dataName}${options['exclude-gpu'] ? ` without ${options['exclude-gpu']}` : ''}, ${date}:\n    stepOverheadSeconds: ${round3(r.step)},${hasServerRows(p) ? `\n    frontendLatencySeconds: ${round3(r.frontend)},` : ''}`;
});
if (bareLines.length > 0) out.push(...bareLines);
if (options.write) {
  if (shared.length > 0) replaceBlock(join(packageRoot(), 'sim', 'hardware', 'calibration.ts'), 'CALIBRATION', calibrationBlock);
  if (fitPresets.some((p) => !isBare(p))) replaceBlock(join(packageRoot(), 'sim', 'scenario', 'engine-releases.ts'), 'RELEASES', releasesBlock);
  out.push('wrote the FITTED blocks of sim/hardware/calibration.ts and sim/scenario/engine-releases.ts; now run node bin/run-ts.mjs bench/residuals.ts');
} else if (leaveOut === undefined) {
  if (shared.length > 0) out.push('\n// paste into sim/hardware/calibration.ts (or re-run with --write):', calibrationBlock);
  if (fitPresets.some((p) => !isBare(p))) out.push('\n// paste into sim/scenario/engine-releases.ts (or re-run with --write):', releasesBlock);
}
process.stdout.write(out.join('\n') + '\n');
