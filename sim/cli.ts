// The command line: the only file that touches process, console and argv.
//   sakiyomi run <scenario...> [--seed N] [--out DIR] [--json] [--no-report] [--html [--static-charts]] [--trace FILE [--trace-max-steps N]] [--check]
//                [--replications R] [--jobs N] [--precision P] [--max-replications M]
//   sakiyomi report <scenario...> [--seed N] [--out DIR] [--static-charts]   (= run --html)
//   sakiyomi journey [scenario...] [--out DIR] [--json]
//   sakiyomi gpus [--json] | sakiyomi models [--json] | sakiyomi schema [--out FILE]
//   sakiyomi validate <measurements.csv> [--json] [--rows] [--by DIMS] [--jobs N]
//   sakiyomi compare <A> <B> [C...] [--replications R] [--seed N] [--jobs N] [--json] [--out DIR] [--no-report] [--html [--static-charts]]
//   sakiyomi diagnose <scenario> [--replications R] [--seed N] [--jobs N] [--json] [--out DIR] [--no-report]
//   sakiyomi plan <plan-file> [--jobs N] [--json] [--out DIR] [--shard i/n] [--results FILE] [--no-report] [--html [--static-charts]]
//   sakiyomi merge <results.jsonl...> [--plan FILE] [--json] [--out DIR] [--no-report]
// Exit codes: 0 ok, 2 bad input (scenario, arguments, measurement file, unreadable path), 1 anything else;
// `run --check`: 3 an SLO target missed or a run overloaded, 4 a verdict undecided (and none missed),
// with one line per scenario on stderr saying why (checkExitCode, formatCheckLine).
// Parsing by commander; errors from it and bad input print one clear message, no stack: the
// commands throw, and the one catch at the bottom prints and picks the exit code.
// An option that would be silently ignored is refused before anything runs (exit 2, naming the
// option it needs): --trace-max-steps without --trace, --html with --no-report (or with a plan's
// --shard), --out with --no-report (plan: only with --results, and with --no-report or --shard;
// without --results a plan's --out places the results file), --jobs where every run is one
// replication (no --precision, no --diagnose), --max-replications without --precision,
// --diagnose without --html, --static-charts without --html.
// Output paths are checked before any simulation (report/atomic-folder.ts: confined to the intended
// folder, never through a link, never half-written); stdout closed early (`| head`) ends quietly
// with exit 0; everything printed passes through escapeControl (text) or jsonText (JSON), so a
// control character in a name or value shows as \x1b instead of acting on the terminal.
// `run` prints, under a scenario's summary, the published quality figures of its weight format
// and, when it has a `speculative` section, the published speculative-decoding figures (console
// only; never simulated, never in summary.json).

import { readdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { GPUS, MODELS, activeParameterCount, modelParameterCount } from './hardware/index.ts';
import {
  OutputPathError,
  escapeControl,
  checkedVerdicts,
  formatCheckLine,
  formatJourneyTable,
  formatPublishedQuality,
  formatPublishedSpecDecode,
  formatReplicatedSummary,
  formatRunSummary,
  formatTable,
  formatPlanTable,
  journeyRows,
  planCostChartSpec,
  planLoadChartSpec,
  preparePlan,
  readResultsFile,
  prepareJourney,
  openRequestsCsv,
  prepareReport,
  reportFolder,
  writeJson,
  prepareOutputFile,
  writeText,
  type ReportDraft,
} from './report/index.ts';
import { DEFAULT_TRACE_MAX_STEPS, StepTrace } from './cluster/index.ts';
import { checkExitCode, sloTargets, type RunResult } from './metrics/index.ts';
import { bundledTraceResolver, liveChartsBundle, sakiyomiVersion } from './package-root.ts';
import { summaryProvenance } from './provenance.ts';
import { MAX_MEASUREMENTS_BYTES, MAX_REPLICATIONS, ScenarioError, didYouMean, hfConfigReader, loadScenarios, traceFileResolver, readInputFile, scenarioJsonSchema, type Scenario } from './scenario/index.ts';
import { runScenario } from './run.ts';
import { offeredRateOf, profileMarkdown, profileTrace } from './workload/index.ts';
import { compareChartSpec, formatCompareReport, formatDiagnosis, prepareCompare, prepareDiagnose, prepareProfile } from './report/index.ts';
import {
  CompareInputError,
  DEFAULT_COMPARE_REPLICATIONS,
  compareScenarios,
  DEFAULT_MAX_REPLICATIONS,
  DEFAULT_PRECISION_START,
  SEED_RULE,
  defaultJobs,
  parseSeedText,
  runMany,
  replicatedFile,
  requestsCsvOptions,
  runReplications,
  type ReplicatedRun,
  PlanResultsError,
  loadPlan,
  mergeResultFiles,
  parseResultsText,
  parseShardText,
  planHash,
  runPlan,
  type Plan,
  type PlanResult,
  type Shard,
} from './study/index.ts';
import { DEFAULT_DIAGNOSE_REPLICATIONS, DiagnoseInputError, PRIMARY_METRICS, diagnoseRefusal, diagnoseScenario } from './diagnose/index.ts';
import { BY_DIMENSIONS, ValidationInputError, formatValidationReport, validateMeasurements, validationJobs } from './validation/index.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;
/** `run --check`: an SLO target missed, or a run overloaded. */
export const EXIT_SLO_MISSED = 3;
/** `run --check`: an SLO verdict undecided (its interval straddles the target) and none missed. */
export const EXIT_SLO_UNDECIDED = 4;

function parseSeed(value: string): number {
  const n = parseSeedText(value);
  if (n === undefined) throw new InvalidArgumentError(`expected ${SEED_RULE}`);
  return n;
}

/** An integer option in [min, max], written in decimal digits. */
function integerOption(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = /^[0-9]{1,9}$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

/** --precision: a relative half-width in (0, 1), e.g. 0.05 for ±5%. */
function parsePrecision(value: string): number {
  const n = /^(0?\.[0-9]+|[0-9]+(\.[0-9]*)?)$/.test(value) ? Number(value) : NaN;
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError('expected a relative half-width between 0 and 1, e.g. 0.05 for ±5%');
  return n;
}

interface RunOptionsCli {
  seed?: number;
  out?: string;
  json?: boolean;
  report: boolean;
  replications?: number;
  jobs?: number;
  precision?: number;
  maxReplications?: number;
  check?: boolean;
  html?: boolean;
  trace?: string;
  /** Only with --trace (its default DEFAULT_TRACE_MAX_STEPS is applied there). */
  traceMaxSteps?: number;
  /** With --html: run `diagnose` too and put its diagnosis on the page. */
  diagnose?: boolean;
  /** With --html: static charts (inline SVG images, no script) instead of interactive ones. */
  staticCharts?: boolean;
}

/**
 * The replications to run first for a scenario: --replications, else the file's
 * simulation.replications, else DEFAULT_PRECISION_START with --precision, else 1. Checked
 * before anything runs: --precision needs at least 2 to start and a cap no lower than that.
 */
function replicationCount(scenario: Scenario, opts: RunOptionsCli): number {
  const count = opts.replications ?? scenario.config.simulation.replications ?? (opts.precision === undefined ? 1 : DEFAULT_PRECISION_START);
  if (opts.precision !== undefined) {
    if (count < 2) throw new BadInputError(`--precision needs at least 2 replications to start (${scenario.file} asks for ${count}); give --replications 2 or more`);
    const cap = opts.maxReplications ?? DEFAULT_MAX_REPLICATIONS;
    if (cap < count) throw new BadInputError(`--max-replications ${cap} is below the ${count} replications to start with (${scenario.file}); raise --max-replications or lower --replications`);
  }
  return count;
}

/** Bad input the CLI finds itself (a path it cannot read, a folder without scenarios): "error: <message>", exit 2. */
class BadInputError extends Error {}

/** Bad input of every kind: printed as "error: <message>" without a stack, exit code 2. */
function isBadInput(e: unknown): e is Error {
  return e instanceof BadInputError || e instanceof ScenarioError || e instanceof ValidationInputError || e instanceof OutputPathError || e instanceof CompareInputError || e instanceof DiagnoseInputError || e instanceof PlanResultsError;
}

/** JSON for stdout: JSON.stringify escapes C0 controls in strings; DEL and C1 controls get \u00XX too. */
function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\x7f-\x9f]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

let stdoutGuarded = false;
/** Stdout closed by the reader (`sakiyomi run … | head -2`): stop quietly with exit 0, as Unix tools do. */
function exitQuietlyOnClosedStdout(): void {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT_OK);
    throw e;
  });
}

/**
 * validate's simulations run ahead on `jobs` threads (study/run-many.ts: a result is the same
 * bytes on any thread), keyed by scenario name and seed for validateMeasurements' runner; undefined
 * with one thread, or when any simulation fails (validateMeasurements then runs them one by one
 * in this thread: a ScenarioError skips its rows with the reason, as with one thread).
 */
async function validationRunsAhead(
  text: string,
  options: { file: string; resolveTraceFile: (path: string) => string; by?: readonly string[] },
  jobs: number,
  onProgress: (done: number, total: number) => void,
): Promise<Map<string, RunResult> | undefined> {
  if (jobs <= 1) return undefined;
  const list = validationJobs(text, options);
  try {
    const results = await runMany(list, { jobs, onDone: onProgress });
    return new Map(list.map((job, i) => [`${job.scenario.name}|${job.seed}`, results[i]]));
  } catch {
    // An error crosses a worker as a plain Error; the sequential pass meets it again in this
    // thread, where a ScenarioError skips its rows and anything else is reported as before.
    return undefined;
  }
}

/** `--by metric,gpu` → ['metric', 'gpu']: known dimensions, each once, else exit 2 with the known ones. */
function byDimensions(text: string): string[] {
  const dims = text.split(',').map((d) => d.trim().toLowerCase());
  const known: readonly string[] = BY_DIMENSIONS;
  for (const d of dims) {
    if (d === '') throw new BadInputError(`--by: an empty dimension in '${text}'; expected comma-separated names (known: ${BY_DIMENSIONS.join(', ')})`);
    if (!known.includes(d)) {
      const hint = didYouMean(d, BY_DIMENSIONS);
      throw new BadInputError(`--by: unknown dimension '${d}'${hint === undefined ? '' : `; ${hint}`} (known: ${BY_DIMENSIONS.join(', ')})`);
    }
  }
  if (new Set(dims).size !== dims.length) throw new BadInputError(`--by: each dimension once (got ${text})`);
  return dims;
}

/** `--out ''`: refused by name before anything runs. */
function checkOutOption(out: string | undefined): void {
  if (out === '') throw new BadInputError('--out is empty; expected a path (e.g. --out reports/my-run)');
}

/** `--html --no-report`: the page would have no folder to land in; refused by name before anything runs. */
function checkHtmlOption(html: boolean | undefined, report: boolean): void {
  if (html === true && !report) throw new BadInputError('--html writes index.html into the report folder, which --no-report turns off; drop one of them');
}

/** `--out` with `--no-report`: the folder it names would never be written; refused by name before anything runs. */
function checkOutReportOption(out: string | undefined, report: boolean): void {
  if (out !== undefined && !report) throw new BadInputError('--out names the report folder, which --no-report turns off; drop one of them');
}

/**
 * `plan --out` where it names nothing written: with --results (which names the results file
 * --out would otherwise place) and no report folder (--no-report, or a shard, whose folder is
 * merge's to write). Refused by name before anything runs.
 */
function checkPlanOutOption(opts: { out?: string; results?: string; report: boolean; shard?: Shard }): void {
  if (opts.out === undefined || opts.results === undefined) return;
  if (!opts.report) throw new BadInputError('--out names the report folder, which --no-report turns off, and --results names the results file; drop --out');
  if (opts.shard !== undefined) throw new BadInputError('--out names the report folder, which a shard does not write (`sakiyomi merge` does), and --results names the results file; drop --out');
}

/** `--static-charts` without a page to choose the charts of: refused by name before anything runs. */
function checkStaticChartsOption(opts: { html?: boolean; report: boolean; staticCharts?: boolean }): void {
  if (opts.staticCharts === true && (opts.html !== true || !opts.report)) throw new BadInputError('--static-charts chooses the charts of the HTML page: give --html too, and no --no-report');
}

/**
 * The browser bundle an interactive index.html inlines (the one `npm run build` made), or undefined
 * for a static page: --static-charts, no page, or no current bundle (then said once on stderr).
 */
function pageLiveCharts(opts: { html?: boolean; report: boolean; staticCharts?: boolean }, err: (line: string) => void): string | undefined {
  if (!opts.report || opts.html !== true || opts.staticCharts === true) return undefined;
  const bundle = liveChartsBundle();
  if ('script' in bundle) return bundle.script;
  err(`note: index.html gets static charts: ${bundle.missing}; run \`npm run build\` for interactive ones, or pass --static-charts`);
  return undefined;
}

/** The report folder of each scenario: --out itself for one scenario, else <out or reports>/<name>, confined to that parent. */
function reportDirs(scenarios: readonly Scenario[], out: string | undefined): string[] {
  const dirs = scenarios.map((s) => (out !== undefined && scenarios.length === 1 ? out : reportFolder(out ?? 'reports', s.name)));
  dirs.forEach((dir, i) => {
    const j = dirs.indexOf(dir);
    if (j !== i) {
      throw new BadInputError(`${scenarios[j].file} and ${scenarios[i].file} would both write the report folder ${dir}; give them different names`);
    }
  });
  return dirs;
}

/** Loads and checks every file first, so a typo in the last one fails before any long run; every file's problems in one error. */
function loadAll(files: readonly string[]): Scenario[] {
  return loadScenarios([...files]);
}

/** One line per run on the console: the 80% model-error bands of the headline metrics (summary.modelError). */

/** The scenario files of a folder (.yaml, .yml, .json) in name order. */
function scenarioFilesIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new BadInputError(`cannot read ${dir}: ${(e as Error).message} (run from the repository root, or name the scenario files)`);
  }
  const paths = names.filter((n) => /\.(ya?ml|json)$/.test(n)).sort().map((n) => join(dir, n));
  if (paths.length === 0) throw new BadInputError(`no scenario files (.yaml, .yml, .json) in ${dir}`);
  return paths;
}

/** "simulating done/total [label]" on stderr, rewritten in place; only when stderr is a terminal. */
function progressLine(): { show(done: number, total: number, label?: string): void; clear(): void } {
  const write = process.stderr.isTTY === true ? (s: string): void => void process.stderr.write(s) : (): void => {};
  return {
    show: (done, total, label) => write(`\rsimulating ${done}/${total}${label === undefined ? '' : ` ${label}`}\x1b[K`),
    clear: () => write('\r\x1b[K'),
  };
}

/**
 * "plan done/total configurations, n simulations, ETA 1m20s" on stderr, rewritten in place; only
 * when stderr is a terminal and not under --json. The ETA extrapolates the configurations done in
 * this process (resumed ones excluded) at their mean wall time; process.uptime() is the only
 * clock read, here at the edge, and never reaches an output file.
 */
function planProgress(quiet: boolean): { show(done: number, total: number, simulations: number): void; clear(): void } {
  const line = progressLine();
  if (quiet || process.stderr.isTTY !== true) return { show: () => {}, clear: () => {} };
  let first: { at: number; done: number } | undefined;
  const eta = (seconds: number): string => (seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${Math.round(seconds)}s`);
  return {
    show(done, total, simulations) {
      const now = process.uptime();
      first ??= { at: now, done };
      const rate = (done - first.done) / Math.max(now - first.at, 1e-9);
      const left = done - first.done > 0 ? `, ETA ${eta((total - done) / rate)}` : '';
      line.show(done, total, `configurations, ${simulations} simulations${left}`);
    },
    clear: () => line.clear(),
  };
}

/** The plan's report folder (--out, else reports/plan-<name>) and its results file (--results, else beside the folder: <out>.results.jsonl, or <out>.shard-<i>-of-<n>.results.jsonl). */
function planPaths(name: string, out: string | undefined, results: string | undefined, shard: Shard | undefined): { dir: string; results: string } {
  const dir = out ?? reportFolder('reports', `plan-${name}`);
  const base = dir.replace(/[/\\]+$/, '');
  const file = results ?? `${base}${shard === undefined ? '' : `.shard-${shard.index}-of-${shard.count}`}.results.jsonl`;
  // The report folder is replaced whole on commit: a results file inside it would be deleted.
  const folder = resolve(dir);
  if (resolve(file).startsWith(`${folder}${sep}`)) {
    throw new BadInputError(`the results file ${file} is inside the report folder ${dir}, which is replaced whole when the plan finishes; put it beside the folder (the default: ${base}.results.jsonl)`);
  }
  return { dir, results: file };
}

function parseShard(value: string): Shard {
  const shard = parseShardText(value);
  if (shard === undefined) throw new InvalidArgumentError('expected i/n with 0 ≤ i < n, e.g. --shard 0/3 (Kubernetes: $JOB_COMPLETION_INDEX/n; Slurm: $SLURM_ARRAY_TASK_ID/n with --array=0-(n-1))');
  return shard;
}

export async function main(argv: string[]): Promise<number> {
  exitQuietlyOnClosedStdout();
  const out = (s: string): void => void process.stdout.write(escapeControl(s.endsWith('\n') ? s : `${s}\n`));
  const err = (s: string): void => void process.stderr.write(escapeControl(s.endsWith('\n') ? s : `${s}\n`));
  const outJson = (value: unknown): void => void process.stdout.write(`${jsonText(value)}\n`);
  let code = EXIT_OK;

  /** The diagnosis of one scenario as the console prints it, for the HTML page (run --html --diagnose). */
  const diagnosisText = async (scenario: Scenario, file: string, opts: RunOptionsCli): Promise<string> => {
    const progress = progressLine();
    try {
      const d = await diagnoseScenario(scenario, {
        ...(opts.seed === undefined ? {} : { seed: opts.seed }),
        ...(opts.jobs === undefined ? {} : { jobs: opts.jobs }),
        resolve: { readJson: hfConfigReader(file), resolveTraceFile: traceFileResolver(file) },
        onDone: (done, total) => progress.show(done, total, `diagnose ${escapeControl(scenario.name)}`),
      });
      return formatDiagnosis(d, PRIMARY_METRICS[d.bottleneck.kind]);
    } finally {
      progress.clear();
    }
  };

  /** `run` (and `report`, which is `run --html`): simulate, print, write the report folders. */
  const runAction = async (files: string[], opts: RunOptionsCli): Promise<void> => {
    checkOutOption(opts.out);
    if (opts.maxReplications !== undefined && opts.precision === undefined) {
      throw new BadInputError('--max-replications caps the replications that --precision adds; give --precision too (e.g. --precision 0.05)');
    }
    if (opts.trace === '') throw new BadInputError('--trace is empty; expected a file path (e.g. --trace run.trace.json)');
    if (opts.traceMaxSteps !== undefined && opts.trace === undefined) {
      throw new BadInputError('--trace-max-steps caps the step events of the trace that --trace writes; give --trace too (e.g. --trace run.trace.json)');
    }
    checkHtmlOption(opts.html, opts.report);
    checkOutReportOption(opts.out, opts.report);
    const scenarios = loadAll(files);
    const counts = scenarios.map((scenario) => replicationCount(scenario, opts));
    if (opts.jobs !== undefined && opts.precision === undefined && opts.diagnose !== true && counts.every((n) => n === 1)) {
      throw new BadInputError('--jobs sets the threads that run replications (and --diagnose\'s simulations), and every run here is one replication; give --replications 2 or more (or simulation.replications in the file), or drop --jobs');
    }
    if (opts.trace !== undefined && (scenarios.length > 1 || counts[0] > 1 || opts.precision !== undefined)) {
      throw new BadInputError('--trace records one run: give one scenario file and no replications (--replications 1, no --precision)');
    }
    if (opts.trace !== undefined && scenarios[0].config.failures !== undefined) {
      throw new BadInputError('--trace does not record runs with failures yet (a failed replica\'s dropped steps would misalign the trace); remove failures: or --trace');
    }
    const trace = opts.trace === undefined ? undefined : new StepTrace(opts.traceMaxSteps ?? DEFAULT_TRACE_MAX_STEPS);
    if (opts.diagnose === true && (opts.html !== true || !opts.report)) throw new BadInputError('--diagnose puts the diagnosis on the HTML page: give --html too, and no --no-report (or run `sakiyomi diagnose` for the console)');
    if (opts.diagnose === true) {
      for (const s of scenarios) {
        const refused = diagnoseRefusal(s);
        if (refused !== undefined) throw new BadInputError(`--diagnose: ${escapeControl(refused)}; or drop --diagnose for this scenario`);
      }
    }
    checkStaticChartsOption(opts);
    const liveCharts = pageLiveCharts(opts, err);
    // Every output folder is checked and drafted before the first simulation.
    if (opts.trace !== undefined) {
      if (opts.report) {
        // The report folder is swapped in whole at the end: a trace inside it (or in its place) would be lost.
        const dir = reportDirs(scenarios, opts.out)[0];
        const t = resolve(opts.trace);
        const d = resolve(dir);
        if (t === d || t.startsWith(d + sep)) throw new BadInputError(`--trace ${escapeControl(opts.trace)} is inside the report folder ${escapeControl(dir)}, which is replaced whole when the run lands; write the trace elsewhere`);
      }
      // The trace file's path is checked (and its folder made) before anything is simulated.
      await prepareOutputFile(opts.trace);
    }
    const drafts: (ReportDraft | undefined)[] = [];
    if (opts.report) {
      const dirs = reportDirs(scenarios, opts.out);
      try {
        for (let i = 0; i < scenarios.length; i++) {
          const offeredRate = offeredRateOf(scenarios[i].config.workload);
          drafts.push(await prepareReport(dirs[i], summaryProvenance(scenarios[i]), { ...(offeredRate === undefined ? {} : { offeredRate }), ...(opts.html === true ? { html: true } : {}), ...(liveCharts === undefined ? {} : { liveCharts }) }));
        }
      } catch (e) {
        for (const d of drafts) await d?.abort();
        throw e;
      }
    }
    const summaries = [];
    const checkCodes: number[] = [];
    for (const [i, scenario] of scenarios.entries()) {
      if (counts[i] > 1 || opts.precision !== undefined) {
        // Replications: requests.csv of replication 0 is streamed into the draft by the thread that runs it.
        const progress = progressLine();
        let run: ReplicatedRun;
        let written: string[] = [];
        try {
          run = await runReplications(scenario, {
            replications: counts[i],
            ...(opts.seed === undefined ? {} : { seed: opts.seed }),
            ...(opts.jobs === undefined ? {} : { jobs: opts.jobs }),
            ...(opts.precision === undefined ? {} : { precision: opts.precision }),
            ...(opts.maxReplications === undefined ? {} : { maxReplications: opts.maxReplications }),
            ...(drafts[i] === undefined ? {} : { requestsCsvPath: drafts[i]!.requestsCsvPath }),
            onDone: (done, total) => progress.show(done, total, `replications of ${escapeControl(scenario.name)}`),
          });
          progress.clear();
          const diagnosis = opts.diagnose === true ? await diagnosisText(scenario, files[i], opts) : undefined;
            written = (await drafts[i]?.commit(run.first, replicatedFile(run), formatReplicatedSummary(run), diagnosis === undefined ? undefined : [diagnosis])) ?? [];
          drafts[i] = undefined;
        } catch (e) {
          progress.clear();
          for (const d of drafts) await d?.abort();
          throw e;
        }
        if (opts.check) {
          const verdicts = checkedVerdicts(run.summary);
          const overloaded = run.replications.some((r) => r.overloaded);
          checkCodes.push(checkExitCode(verdicts, overloaded));
          err(formatCheckLine(scenario.name, verdicts, overloaded));
        }
        if (opts.json) summaries.push({ scenario: scenario.name, file: scenario.file, summary: replicatedFile(run) });
        else {
          out(formatReplicatedSummary(run));
          // Machine-dependent, so on the console only (summary.json stays byte-identical whatever --jobs is).
          const workers = Math.min(opts.jobs ?? defaultJobs(), run.replications.length) - 1;
          out(`note: peak memory ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB resident (this process${workers > 0 ? ` with its ${workers} worker thread${workers > 1 ? 's' : ''}` : ''}, so far)`);
          if (written.length > 0) out(`\nwrote ${written.join(', ')}`);
          if (scenarios.length > 1) out('');
        }
        continue;
      }
      let written: string[] = [];
      let result;
      // requests.csv is streamed into the draft as requests leave the run (memory stays bounded).
      const sink = drafts[i] === undefined ? undefined : openRequestsCsv(drafts[i]!.requestsCsvPath, requestsCsvOptions(scenario));
      try {
        result = runScenario(scenario, { seed: opts.seed, ...(sink === undefined ? {} : { requestSink: sink }), ...(trace === undefined ? {} : { trace }) });
        sink?.close();
        const diagnosis = opts.diagnose === true ? await diagnosisText(scenario, files[i], opts) : undefined;
        written = (await drafts[i]?.commit(result, undefined, undefined, diagnosis === undefined ? undefined : [diagnosis])) ?? [];
        drafts[i] = undefined;
        // After the report landed: a failed diagnosis or commit leaves no trace file behind.
        if (trace !== undefined && opts.trace !== undefined) await writeText(opts.trace, `${JSON.stringify(trace.toJSON(scenario.name))}\n`);
      } catch (e) {
        sink?.close();
        for (const d of drafts) await d?.abort();
        throw e;
      }
      if (opts.check) {
        const verdicts = checkedVerdicts(result.summary);
        checkCodes.push(checkExitCode(verdicts, result.summary.overloaded));
        err(formatCheckLine(scenario.name, verdicts, result.summary.overloaded));
      }
      if (opts.json) summaries.push({ scenario: scenario.name, file: scenario.file, summary: result.summary });
      else {
        out(formatRunSummary(result));
        const quality = formatPublishedQuality(scenario.config.precision.weights, scenario.model.id);
        if (quality !== '') out(`\n${quality}`);
        if (scenario.config.speculative !== undefined) out(`\n${formatPublishedSpecDecode()}`);
        if (written.length > 0) out(`\nwrote ${written.join(', ')}`);
        if (scenarios.length > 1) out('');
      }
    }
    // One file: its summary object (as before; with replications, the replicated object of
    // summary.json); several: [{ scenario, file, summary }, …].
    if (opts.json) outJson(summaries.length === 1 ? summaries[0].summary : summaries);
    // Missed (or overloaded) anywhere outranks undecided anywhere.
    if (checkCodes.includes(EXIT_SLO_MISSED)) code = EXIT_SLO_MISSED;
    else if (checkCodes.includes(EXIT_SLO_UNDECIDED)) code = EXIT_SLO_UNDECIDED;
  };

  const program = new Command()
    .name('sakiyomi')
    .description('Discrete-event simulator of LLM inference clusters')
    .version(sakiyomiVersion(), '-V, --version', 'print the sakiyomi version')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showHelpAfterError('(run `sakiyomi --help` for usage)');

  program
    .command('run')
    .description('simulate scenario files (YAML or JSON) and report latency, throughput, KV usage, cost and energy')
    .argument('<scenarios...>', 'paths to scenario files')
    .option('--seed <n>', `override the scenarios' seed: ${SEED_RULE}`, parseSeed)
    .option('--out <dir>', 'report directory (default: reports/<scenario-name>; with several scenarios, <dir>/<scenario-name>)')
    .option('--json', 'print the summary as JSON on stdout instead of the table')
    .option('--no-report', 'do not write report files')
    .option('--html', 'write index.html too: one self-contained page (works offline) with the headline table, SLO verdicts, the resolved scenario and every chart, interactive (Vega inlined: tooltips, zoom on time series; about 1 MB) unless --static-charts')
    .option('--static-charts', 'with --html: static charts (SVG images, no script; about a quarter of the size) instead of interactive ones')
    .option('--diagnose', 'with --html: also run `diagnose` (5 replications per remedy) and put the bottleneck and the ranked remedies on the page')
    .option('--trace <file>', 'write a Chrome/Perfetto trace (JSON trace event format) of each replica\'s steps and the preemptions; open it in ui.perfetto.dev (one scenario, no replications)')
    .option('--trace-max-steps <n>', `cap on the trace's step events (and, separately, its preemption events): the first ones are kept, the file's metadata counts the dropped (default ${DEFAULT_TRACE_MAX_STEPS})`, integerOption(1, 100_000_000))
    .option('--check', `exit ${EXIT_SLO_MISSED} when an SLO target is missed or a run is overloaded, ${EXIT_SLO_UNDECIDED} when a verdict is undecided, 0 when all are met (one line on stderr per scenario)`)
    .option('--replications <n>', 'independent replications with seeds seed, seed + 1, …, reported as mean ± 95% half-width (default: simulation.replications in the file, else 1)', integerOption(1, MAX_REPLICATIONS))
    .option('--jobs <n>', `threads for replications, this one included (default: the number of cores, ${defaultJobs()} here)`, integerOption(1, 256))
    .option('--precision <p>', `add replications until the values of the SLO targets (default: p95 TTFT, p95 TPOT and the SLO fraction) are within ±p of their means, e.g. 0.05 (starts with --replications, default ${DEFAULT_PRECISION_START})`, parsePrecision)
    .option('--max-replications <n>', `cap on replications under --precision (default ${DEFAULT_MAX_REPLICATIONS})`, integerOption(2, MAX_REPLICATIONS))
    .action((files: string[], opts: RunOptionsCli) => runAction(files, opts));

  program
    .command('report')
    .description('simulate scenario files and write each report folder with its self-contained index.html (the same as `run --html`)')
    .argument('<scenarios...>', 'paths to scenario files')
    .option('--seed <n>', `override the scenarios' seed: ${SEED_RULE}`, parseSeed)
    .option('--out <dir>', 'report directory (default: reports/<scenario-name>; with several scenarios, <dir>/<scenario-name>)')
    .option('--diagnose', 'also run `diagnose` (5 replications per remedy) and put the bottleneck and the ranked remedies on the page')
    .option('--static-charts', 'static charts (SVG images, no script; about a quarter of the size) instead of interactive ones')
    .action((files: string[], opts: { seed?: number; out?: string; diagnose?: boolean; staticCharts?: boolean }) => runAction(files, { ...opts, report: true, html: true }));

  program
    .command('journey')
    .description('run a sequence of scenarios (default: scenarios/journey/*.yaml in name order) and print one row per step: p95 TTFT and TPOT, tokens/s, KV usage, preemptions, cost, energy')
    .argument('[scenarios...]', 'paths to scenario files (default: every .yaml/.yml/.json file in scenarios/journey/, in name order)')
    .option('--out <dir>', 'report directory for journey.md, journey.csv and journey.json', 'reports/journey')
    .option('--json', 'print the rows as JSON on stdout instead of the table')
    .action(async (files: string[], opts: { out: string; json?: boolean }) => {
      checkOutOption(opts.out);
      const scenarios = loadAll(files.length > 0 ? files : scenarioFilesIn('scenarios/journey'));
      const draft = await prepareJourney(opts.out);
      const progress = progressLine();
      let rows;
      let written: string[];
      try {
        const steps = scenarios.map((scenario, i) => {
          progress.show(i + 1, scenarios.length, escapeControl(scenario.name));
          const result = runScenario(scenario);
          return { name: scenario.name, description: scenario.config.description ?? '', precision: scenario.config.precision, workload: scenario.config.workload, result };
        });
        progress.clear();
        rows = journeyRows(steps);
        written = await draft.commit(rows);
      } catch (e) {
        progress.clear();
        await draft.abort();
        throw e;
      }
      if (opts.json) outJson({ rows });
      else out(`${formatJourneyTable(rows)}\n\nwrote ${written.join(', ')}`);
    });

  program
    .command('profile')
    .description('profile a request trace (CSV or JSONL: Azure, Mooncake, BurstGPT columns): arrivals per window, burstiness, the daily curve, length distributions and their correlation, and a fitted scenario skeleton')
    .argument('<trace>', 'path to the trace file')
    .option('--out <dir>', 'write profile.json, profile.md and scenario.yaml (the fitted skeleton) into this folder')
    .option('--json', 'print the profile as JSON instead of text')
    .option('--window-seconds <s>', 'window for arrivals per window and per-window CV', (v: string) => {
      const s = Number(v);
      if (!(s > 0) || !Number.isFinite(s)) throw new InvalidArgumentError('expected a positive number of seconds');
      return s;
    }, 60)
    .option('--endpoint-column <name>', 'column (or JSONL key) naming the endpoint: profiles each endpoint too')
    .option('--skip-malformed', 'skip and count malformed rows (e.g. 0-token failed requests) instead of stopping at the first')
    .action(async (file: string, opts: { out?: string; json?: boolean; windowSeconds: number; endpointColumn?: string; skipMalformed?: boolean }) => {
      checkOutOption(opts.out);
      const draft = opts.out === undefined ? undefined : await prepareProfile(opts.out);
      let written: string[] = [];
      let profile;
      try {
        const trace = {
          ...(opts.endpointColumn !== undefined ? { mapping: { endpoint: opts.endpointColumn } } : {}),
          ...(opts.skipMalformed === true ? { onMalformed: 'skip' as const } : {}),
        };
        profile = profileTrace(file, { windowSeconds: opts.windowSeconds, trace });
        written = draft === undefined ? [] : await draft.commit({ profile, markdown: profileMarkdown(profile), skeleton: profile.skeleton });
      } catch (e) {
        await draft?.abort();
        throw e;
      }
      if (opts.json) return outJson(profile);
      out(`${profileMarkdown(profile)}
${written.length > 0 ? `wrote ${written.join(', ')}` : profile.skeleton}`);
    });

  program
    .command('gpus')
    .description('list the GPU catalog')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      if (opts.json) return outJson(GPUS);
      out(
        formatTable(
          ['id', 'arch', 'fp16 TFLOPS', 'fp8 TFLOPS', 'fp4 TFLOPS', 'int8 TOPS', 'memory GiB', 'TB/s', 'TDP W', '$/GPU-h'],
          GPUS.map((g) => [
            g.id,
            g.arch,
            g.peakFlops.fp16 / 1e12,
            g.peakFlops.fp8 ? g.peakFlops.fp8 / 1e12 : 'n/a',
            g.peakFlops.nvfp4 ? g.peakFlops.nvfp4 / 1e12 : 'n/a',
            g.peakFlops.int8 ? g.peakFlops.int8 / 1e12 : 'n/a',
            g.memoryBytes / 2 ** 30,
            g.memoryBandwidth / 1e12,
            g.tdpWatts,
            g.usdPerGpuHour,
          ]),
        ),
      );
    });

  program
    .command('models')
    .description('list the model catalog')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      if (opts.json) return outJson(MODELS);
      out(
        formatTable(
          ['id', 'params (B)', 'active (B)', 'layers', 'hidden', 'heads', 'kv heads', 'head dim', 'intermediate', 'vocab', 'kind'],
          MODELS.map((m) => [
            m.id,
            (modelParameterCount(m) / 1e9).toFixed(2),
            (activeParameterCount(m) / 1e9).toFixed(2),
            m.numLayers,
            m.hiddenSize,
            m.numAttentionHeads,
            m.numKeyValueHeads,
            m.headDim,
            m.intermediateSize,
            m.vocabSize,
            [m.moe ? `MoE ${m.moe.numExpertsPerToken}/${m.moe.numExperts}` : 'dense', m.mla ? 'MLA' : m.numKeyValueHeads === m.numAttentionHeads ? 'MHA' : 'GQA'].join(', '),
          ]),
        ),
      );
    });

  program
    .command('schema')
    .description('write the scenario JSON Schema (for editor autocompletion)')
    .option('--out <file>', 'output file (default: stdout)')
    .action(async (opts: { out?: string }) => {
      checkOutOption(opts.out);
      const schema = scenarioJsonSchema();
      if (opts.out !== undefined) {
        await writeJson(opts.out, schema);
        out(`wrote ${opts.out}`);
      } else outJson(schema);
    });

  program
    .command('validate')
    .description('simulate every row of a measurement CSV and compare with the measured values (MAPE per GPU, dtype, engine, metric, source)')
    .argument('<measurements>', 'CSV in the format of data/validation/README.md (e.g. data/validation/calibration.csv)')
    .option('--json', 'print { rows, summary, skipped } as JSON on stdout instead of the tables')
    .option('--rows', 'print one line per row even when there are more than 60')
    .option('--by <dims>', `also group by the crossing of these comma-separated dimensions (${BY_DIMENSIONS.join(', ')}; load groups by its kind), e.g. --by metric,gpu`)
    .option('--jobs <n>', `threads running the simulations, this one included (default: the number of cores, ${defaultJobs()} here); the report is the same for any number`, integerOption(1, 256))
    .action(async (file: string, opts: { json?: boolean; rows?: boolean; by?: string; jobs?: number }) => {
      const by = opts.by === undefined ? undefined : byDimensions(opts.by);
      const text = readInputFile(file, { what: 'measurements CSV', maxBytes: MAX_MEASUREMENTS_BYTES });
      const progress = progressLine();
      const onProgress = (done: number, total: number): void => {
        progress.show(done, total);
        if (done === total) progress.clear();
      };
      const options = { file, resolveTraceFile: bundledTraceResolver(), ...(by === undefined ? {} : { by }) };
      const ran = await validationRunsAhead(text, options, opts.jobs ?? defaultJobs(), onProgress);
      const report = validateMeasurements(text, (scenario, seed) => ran?.get(`${scenario.name}|${seed}`) ?? runScenario(scenario, { seed }), ran === undefined ? { ...options, onProgress } : options);
      if (opts.json) outJson({ rows: report.rows, summary: report.summary, skipped: report.skipped });
      else out(formatValidationReport(report, { rows: opts.rows }));
    });

  program
    .command('compare')
    .description('run scenarios on the same replication seeds (common random numbers) and report, per metric, each one\'s paired difference to the first with a 95% interval and a verdict')
    .argument('<scenarios...>', 'two or more scenario files; the first is the baseline')
    .option('--replications <n>', `replications per scenario, at least 2 (default ${DEFAULT_COMPARE_REPLICATIONS})`, integerOption(2, MAX_REPLICATIONS))
    .option('--seed <n>', 'base seed of the replication seeds (default: the first scenario\'s seed)', parseSeed)
    .option('--jobs <n>', `threads running the replications, this one included (default: the number of cores, ${defaultJobs()} here)`, integerOption(1, 256))
    .option('--out <dir>', 'report folder for compare.json, compare.vl.json and compare.svg (default: reports/compare-<A>-vs-<B>[-vs-<C>…])')
    .option('--json', 'print the comparison as JSON on stdout instead of the tables')
    .option('--no-report', 'do not write report files')
    .option('--html', 'write index.html too: the comparison table and chart on one self-contained page, interactive (Vega inlined: tooltips) unless --static-charts')
    .option('--static-charts', 'with --html: a static chart (SVG image, no script) instead of an interactive one')
    .action(async (files: string[], opts: { replications?: number; seed?: number; jobs?: number; out?: string; json?: boolean; report: boolean; html?: boolean; staticCharts?: boolean }) => {
      checkOutOption(opts.out);
      checkHtmlOption(opts.html, opts.report);
      checkOutReportOption(opts.out, opts.report);
      checkStaticChartsOption(opts);
      if (files.length < 2) throw new BadInputError(`compare needs at least 2 scenario files (got ${files.length}); e.g. sakiyomi compare a.yaml b.yaml`);
      const scenarios = loadAll(files);
      const liveCharts = pageLiveCharts(opts, err);
      const dir = opts.out ?? reportFolder('reports', `compare-${scenarios.map((s) => s.name).join('-vs-')}`);
      const draft = opts.report ? await prepareCompare(dir) : undefined;
      const progress = progressLine();
      let result;
      let written: string[] = [];
      try {
        result = await compareScenarios(scenarios, {
          ...(opts.replications === undefined ? {} : { replications: opts.replications }),
          ...(opts.seed === undefined ? {} : { seed: opts.seed }),
          ...(opts.jobs === undefined ? {} : { jobs: opts.jobs }),
          onDone: (done, total) => progress.show(done, total),
        });
        progress.clear();
        const page = opts.html === true ? { title: `compare ${scenarios.map((s) => s.name).join(' vs ')}`, summaryText: formatCompareReport(result), ...(liveCharts === undefined ? {} : { liveCharts }) } : undefined;
        written = (await draft?.commit(result, compareChartSpec(result), page)) ?? [];
      } catch (e) {
        progress.clear();
        await draft?.abort();
        throw e;
      }
      if (opts.json) {
        for (const s of result.scenarios) for (const w of s.warnings) err(`warning: ${w}`);
        outJson(result);
      } else out(`${formatCompareReport(result)}${written.length > 0 ? `\n\nwrote ${written.join(', ')}` : ''}`);
    });

  program
    .command('diagnose')
    .description('name the binding constraint of a scenario with its evidence (KV capacity, compute-bound prefill, bandwidth-bound decode, queueing, step or draft overhead, unbalanced replicas, the GPU link), then simulate the remedies that apply on the same seeds and rank them by their effect on the bottleneck, the SLO and the cost')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--replications <n>', `replications of the baseline and of each remedy, at least 2 (default ${DEFAULT_DIAGNOSE_REPLICATIONS})`, integerOption(2, MAX_REPLICATIONS))
    .option('--seed <n>', 'base seed of the replication seeds (default: the scenario\'s seed)', parseSeed)
    .option('--jobs <n>', `threads running the simulations, this one included (default: the number of cores, ${defaultJobs()} here)`, integerOption(1, 256))
    .option('--out <dir>', 'report folder for diagnose.json (default: reports/diagnose-<name>)')
    .option('--json', 'print the diagnosis as JSON on stdout instead of the tables')
    .option('--no-report', 'do not write report files')
    .action(async (file: string, opts: { replications?: number; seed?: number; jobs?: number; out?: string; json?: boolean; report: boolean }) => {
      checkOutOption(opts.out);
      checkOutReportOption(opts.out, opts.report);
      const [scenario] = loadAll([file]);
      const dir = opts.out ?? reportFolder('reports', `diagnose-${scenario.name}`);
      const draft = opts.report ? await prepareDiagnose(dir) : undefined;
      const progress = progressLine();
      let result;
      let written: string[] = [];
      try {
        result = await diagnoseScenario(scenario, {
          ...(opts.replications === undefined ? {} : { replications: opts.replications }),
          ...(opts.seed === undefined ? {} : { seed: opts.seed }),
          ...(opts.jobs === undefined ? {} : { jobs: opts.jobs }),
          resolve: { readJson: hfConfigReader(file), resolveTraceFile: traceFileResolver(file) },
          onDone: (done, total) => progress.show(done, total),
        });
        progress.clear();
        written = (await draft?.commit(result)) ?? [];
      } catch (e) {
        progress.clear();
        await draft?.abort();
        throw e;
      }
      if (opts.json) outJson(result);
      else out(`${formatDiagnosis(result, PRIMARY_METRICS[result.bottleneck.kind])}${written.length > 0 ? `\n\nwrote ${written.join(', ')}` : ''}`);
    });

  /** Writes plan.json and the charts into a drafted folder; the written paths. */
  const commitPlan = async (draft: Awaited<ReturnType<typeof preparePlan>> | undefined, result: PlanResult, plan: Plan | undefined, html = false, liveCharts?: string): Promise<string[]> => {
    // The charts draw the SLO targets of the plan's first runnable configuration.
    const scenario = plan?.points.find((p) => p.scenario !== undefined)?.scenario;
    const view = { ...result, ...(plan === undefined ? {} : { name: plan.name }), slo: scenario === undefined ? [] : sloTargets(scenario.config.slo) };
    const page = html ? { title: `plan ${plan?.name ?? ''}`.trim(), summaryText: formatPlanTable(result), ...(liveCharts === undefined ? {} : { liveCharts }) } : undefined;
    return (await draft?.commit(result, planLoadChartSpec(view), planCostChartSpec(view), page)) ?? [];
  };

  program
    .command('plan')
    .description('for every configuration of a plan file (a scenario plus `sweep:` and `plan:` sections): the max arrival rate meeting the SLO, the fewest replicas for the target rate, cost and energy there, the Pareto frontier and the cheapest configuration; resumable from its results file')
    .argument('<plan>', 'plan file (YAML or JSON)')
    .option('--jobs <n>', `threads, this one included, and configurations in flight (default: the number of cores, ${defaultJobs()} here)`, integerOption(1, 256))
    .option('--json', 'print the result (PlanResult) as JSON on stdout instead of the table')
    .option('--out <dir>', 'report folder for plan.json, load.vl.json/svg, cost.vl.json/svg (default: reports/plan-<name>)')
    .option('--shard <i/n>', 'run only the configurations whose index % n = i (0-based); join the shards\' results files with `sakiyomi merge`', parseShard)
    .option('--results <file>', 'the JSON-lines results file, one line per finished configuration; a rerun resumes from it (default: <out>.results.jsonl beside the report folder; with --shard, <out>.shard-<i>-of-<n>.results.jsonl)')
    .option('--no-report', 'do not write the report folder (the results file is always written)')
    .option('--html', 'write index.html too: the ranked table and both charts on one self-contained page, interactive (Vega inlined: tooltips) unless --static-charts')
    .option('--static-charts', 'with --html: static charts (SVG images, no script) instead of interactive ones')
    .action(async (file: string, opts: { jobs?: number; json?: boolean; out?: string; shard?: Shard; results?: string; report: boolean; html?: boolean; staticCharts?: boolean }) => {
      checkOutOption(opts.out);
      if (opts.results === '') throw new BadInputError('--results is empty; expected a file path (e.g. --results plan.results.jsonl)');
      checkHtmlOption(opts.html, opts.report);
      if (opts.html === true && opts.shard !== undefined) throw new BadInputError('--html writes index.html into the report folder, which a shard does not write (`sakiyomi merge --html` writes the plan\'s report and page from the shards\' results); drop --html');
      checkPlanOutOption(opts);
      checkStaticChartsOption(opts);
      const plan = loadPlan(file);
      const liveCharts = pageLiveCharts(opts, err);
      const paths = planPaths(plan.name, opts.out, opts.results, opts.shard);
      // A shard's report would describe a slice: the folder is merge's to write.
      const draft = opts.report && opts.shard === undefined ? await preparePlan(paths.dir) : undefined;
      const progress = planProgress(opts.json === true);
      let result: PlanResult;
      let written: string[] = [];
      try {
        result = await runPlan(plan, {
          jsonlPath: paths.results,
          ...(opts.jobs === undefined ? {} : { jobs: opts.jobs }),
          ...(opts.shard === undefined ? {} : { shard: opts.shard }),
          onProgress: (done, total, simulations) => progress.show(done, total, simulations),
        });
        progress.clear();
        written = await commitPlan(draft, result, plan, opts.html === true, liveCharts);
      } catch (e) {
        progress.clear();
        await draft?.abort();
        throw e;
      }
      if (opts.json) return outJson(result);
      const shard = opts.shard === undefined ? '' : ` (shard ${opts.shard.index}/${opts.shard.count}: ${result.configurations.length} of ${plan.points.length} configurations; join the shards with \`sakiyomi merge\`)`;
      out(`plan ${plan.name}${shard}\n\n${formatPlanTable(result)}\nresults: ${paths.results}${written.length > 0 ? `\nwrote ${written.join(', ')}` : ''}`);
    });

  program
    .command('merge')
    .description('join the results files of a plan\'s shards into the result of one run (plan.json, charts, table)')
    .argument('<results...>', 'results files (JSON lines) written by `sakiyomi plan --shard i/n`')
    .option('--plan <file>', 'the plan file, for the charts (default: the path recorded in the results files); must be the plan the shards ran')
    .option('--json', 'print the result (PlanResult) as JSON on stdout instead of the table')
    .option('--out <dir>', 'report folder (default: reports/plan-<name>)')
    .option('--no-report', 'do not write the report folder')
    .option('--html', 'write index.html too: the ranked table and both charts on one self-contained page, interactive (Vega inlined: tooltips) unless --static-charts')
    .option('--static-charts', 'with --html: static charts (SVG images, no script) instead of interactive ones')
    .action(async (files: string[], opts: { plan?: string; json?: boolean; out?: string; report: boolean; html?: boolean; staticCharts?: boolean }) => {
      checkOutOption(opts.out);
      checkHtmlOption(opts.html, opts.report);
      checkOutReportOption(opts.out, opts.report);
      checkStaticChartsOption(opts);
      const parsed = files.map((f) => {
        const text = readResultsFile(f);
        if (text === undefined) throw new BadInputError(`cannot read the results file ${f}: no such file; give the files written by \`sakiyomi plan --shard i/n\``);
        return { file: f, parsed: parseResultsText(f, text) };
      });
      const header = parsed[0].parsed.header;
      // The plan, for the charts: verified to be the one the shards ran.
      const planFile = opts.plan ?? header.file;
      let plan: Plan;
      try {
        plan = loadPlan(planFile);
      } catch (e) {
        if (!isBadInput(e)) throw e;
        throw new BadInputError(`cannot load the plan file ${planFile} named by ${parsed[0].file}: ${e.message.split('\n')[0]}; give it with --plan`);
      }
      if (planHash(plan) !== header.hash) throw new BadInputError(`the plan file ${planFile} is not the plan ${parsed[0].file} was written for (its configurations or options differ); give the right one with --plan`);
      const liveCharts = pageLiveCharts(opts, err);
      const result = mergeResultFiles(parsed);
      const dir = opts.out ?? reportFolder('reports', `plan-${plan.name}`);
      const draft = opts.report ? await preparePlan(dir) : undefined;
      let written: string[] = [];
      try {
        written = await commitPlan(draft, result, plan, opts.html === true, liveCharts);
      } catch (e) {
        await draft?.abort();
        throw e;
      }
      if (opts.json) return outJson(result);
      out(`plan ${plan.name} (merged from ${files.length} results file${files.length > 1 ? 's' : ''})\n\n${formatPlanTable(result)}${written.length > 0 ? `\nwrote ${written.join(', ')}` : ''}`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      code = e.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    } else if (isBadInput(e)) {
      err(`error: ${e.message}`);
      code = EXIT_BAD_INPUT;
    } else {
      err(`error: ${(e as Error)?.message ?? String(e)}`);
      if (process.env.SAKIYOMI_DEBUG) err((e as Error)?.stack ?? '');
      code = EXIT_FAILURE;
    }
  }
  return code;
}
