// What each report folder holds and how its files are made: a run's report (summary.json,
// requests.csv, windows.csv, the charts), the journey's, compare's and plan's folders; each is landed by
// atomic-folder.ts (a fresh draft folder beside the target, renamed into place: confined, never
// following a link, old or new and never a mix — its header states the guarantees), which also
// writes single files (the JSON Schema) atomically.
// Invariants: every file is a deterministic function of its input, so re-running regenerates
// byte-identical reports; a run's report holds REPORT_FILES and the optional charts it has (reportFilesOf); JSON is 2-space indented with a trailing newline; requests.csv is
// streamed chunk by chunk (or by the run itself into draft.requestsCsvPath), never held whole.
// NOTE: summary.json is the stable contract other tools read: { scenario, seed,
// simulatedSeconds, events, summary, replicas, notes, sakiyomiVersion?, resolved? } — add keys,
// never rename. JSON has no NaN: a metric without samples (NaN) is written as null. A replicated
// run (`run --replications`) writes study/'s replicated object instead (commit's `summary`), with
// the same provenance keys last, beside replication 0's requests.csv and charts.

import { join } from 'node:path';
import { createChunks, createText, json, lstatOrUndefined, prepareFolder, type FolderDraft } from './atomic-folder.ts';
import type { TopLevelSpec } from 'vega-lite';
import type { ReplicaReport, RunResult, Summary } from '../metrics/index.ts';
import { latencyCdfSpec, timelineSpec } from './charts.ts';
import { requestsCsvChunks } from './csv.ts';
import { windowsCsv } from './windows-csv.ts';
import { hasWindowsChart, windowsChartSpec } from './windows-chart.ts';
import { classCdfSpec, hasClassCdfChart } from './class-cdf-chart.ts';
import { hasReplicasChart, replicasChartSpec } from './replicas-chart.ts';
import { journeyCsv, journeyMarkdown, type JourneyRow } from './journey-table.ts';
import { renderSvg } from './render-svg.ts';
import { htmlReport, type HtmlChart } from './html-report.ts';
import { stepBreakdownSpec } from './step-breakdown-chart.ts';
import { formatRunSummary } from './summary-table.ts';
import { interactiveSpec } from './interactive-spec.ts';
import { compileVega } from './compile-vega.ts';

/** The files of a report directory, in the order writeReport returns them. */
export const REPORT_FILES = [
  'summary.json',
  'requests.csv',
  'windows.csv',
  'latency-cdf.vl.json',
  'latency-cdf.svg',
  'timeline.vl.json',
  'timeline.svg',
] as const;

/**
 * Files a run's report holds only when there is something to show, after REPORT_FILES: the windows
 * chart (windows-chart.ts), then the per-class CDF chart (class-cdf-chart.ts: declared classes), then
 * the replicas chart (replicas-chart.ts: replica counts that change, under autoscaling or failures).
 */
export const OPTIONAL_REPORT_FILES = ['windows.vl.json', 'windows.svg', 'class-cdf.vl.json', 'class-cdf.svg', 'replicas.vl.json', 'replicas.svg', 'step-breakdown.vl.json', 'step-breakdown.svg', 'index.html'] as const;

/** What a run's report adds on request: index.html (`run --html`), the self-contained page of html-report.ts. */
export interface ReportOptions {
  /** The windows chart's offered-rate line. */
  offeredRate?: (t: number) => number;
  /** Write the step-breakdown chart and index.html too (last in the folder's list). */
  html?: boolean;
  /**
   * With html: the browser bundle (dist/live-charts.js, read by the caller) that makes index.html's
   * charts interactive (html-report.ts); absent, the page is static. The .vl.json and .svg files
   * are the same either way.
   */
  liveCharts?: string;
}

/** The files of a run's report, in writeReport's order: REPORT_FILES, then the optional charts it has, then index.html when asked for. */
export function reportFilesOf(result: RunResult, options: { html?: boolean } = {}): string[] {
  return [
    ...REPORT_FILES,
    ...(hasWindowsChart(result) ? ['windows.vl.json', 'windows.svg'] : []),
    ...(hasClassCdfChart(result) ? ['class-cdf.vl.json', 'class-cdf.svg'] : []),
    ...(hasReplicasChart(result) ? ['replicas.vl.json', 'replicas.svg'] : []),
    ...(options.html === true ? ['step-breakdown.vl.json', 'step-breakdown.svg', 'index.html'] : []),
  ];
}

/** The files `sakiyomi journey` writes, in the order writeJourney returns them. */
export const JOURNEY_FILES = ['journey.md', 'journey.csv', 'journey.json'] as const;

/** The files `sakiyomi compare` writes, in the order prepareCompare's commit returns them. */
export const COMPARE_FILES = ['compare.json', 'compare.vl.json', 'compare.svg'] as const;

/** The files `sakiyomi diagnose` writes, in the order prepareDiagnose's commit returns them. */
export const DIAGNOSE_FILES = ['diagnose.json'] as const;

/** The page a compare or plan folder adds with --html: a title, the console's table text, the folder's charts. */
export interface FolderPage {
  title: string;
  summaryText: string;
  /** The browser bundle (dist/live-charts.js) that makes the page's charts interactive, as ReportOptions.liveCharts; absent, the page is static. */
  liveCharts?: string;
}

/** The files `sakiyomi plan` and `merge` write, in the order preparePlan's commit returns them. */
export const PLAN_FILES = ['plan.json', 'load.vl.json', 'load.svg', 'cost.vl.json', 'cost.svg'] as const;


/** What was simulated, recorded in summary.json after the run's own keys (built by the caller from the resolved scenario). */
export interface SummaryProvenance {
  sakiyomiVersion: string;
  /** The resolved scenario: model, GPU, tp/pp/replicas, precision, engine settings in force, workload, SLO. */
  resolved: unknown;
}

/** The content of summary.json. */
export interface SummaryFile {
  scenario: string;
  seed: number;
  simulatedSeconds: number;
  events: number;
  summary: Summary;
  replicas: ReplicaReport[];
  notes: string[];
  sakiyomiVersion?: string;
  resolved?: unknown;
}

/** The summary.json object of a run (key order fixed here; provenance keys last, when given). */
export function summaryFile(result: RunResult, provenance?: SummaryProvenance): SummaryFile {
  return {
    scenario: result.scenarioName,
    seed: result.seed,
    simulatedSeconds: result.simulatedSeconds,
    events: result.events,
    summary: result.summary,
    replicas: result.replicas,
    notes: result.notes,
    ...(provenance === undefined ? {} : { sakiyomiVersion: provenance.sakiyomiVersion, resolved: provenance.resolved }),
  };
}

export interface ReportDraft {
  /** requests.csv inside the draft folder; a run may stream rows into it before commit. */
  readonly requestsCsvPath: string;
  /**
   * Writes every other report file (and requests.csv from result.requests when the run did not
   * stream it, i.e. the file does not exist yet), then moves the folder into place atomically;
   * returns the final paths in REPORT_FILES order. `summary`, when given, is written as
   * summary.json instead of the run's own (a replicated run's object; provenance keys appended).
   * `summaryText`, when given, is index.html's headline table (default: formatRunSummary(result)).
   */
  commit(result: RunResult, summary?: Record<string, unknown>, summaryText?: string, diagnosis?: readonly string[]): Promise<string[]>;
  /** Removes the draft folder (on error or interruption). */
  abort(): Promise<void>;
}

/**
 * Checks outDir (OutputPathError: empty, a file, a link, a folder of other files, not writable)
 * and creates the draft folder beside it; called BEFORE simulating. `provenance`, when given,
 * is recorded in summary.json.
 */
export async function prepareReport(outDir: string, provenance?: SummaryProvenance, charts: ReportOptions = {}): Promise<ReportDraft> {
  const folder = await prepareFolder(outDir, [...REPORT_FILES, ...OPTIONAL_REPORT_FILES], 'report folder');
  const requestsCsvPath = join(folder.dir, 'requests.csv');
  const provenanceKeys = provenance === undefined ? {} : { sakiyomiVersion: provenance.sakiyomiVersion, resolved: provenance.resolved };
  return {
    requestsCsvPath,
    commit: (result, summary, summaryText, diagnosis) =>
      landFolder(folder, outDir, reportFilesOf(result, charts), async (dir) => {
        await createText(join(dir, 'summary.json'), json(summary === undefined ? summaryFile(result, provenance) : { ...summary, ...provenanceKeys }));
        const streamed = (await lstatOrUndefined(requestsCsvPath)) !== undefined;
        if (!streamed) {
          if (result.requests === undefined) throw new Error('requests.csv was neither streamed by the run nor given in result.requests');
          await createChunks(requestsCsvPath, requestsCsvChunks(result.requests, undefined, result.classNames));
        }
        await createText(join(dir, 'windows.csv'), windowsCsv(result.summary.windows ?? []));
        const liveCharts = charts.html === true ? charts.liveCharts : undefined;
        const figures: HtmlChart[] = [];
        /** Writes the chart's files and adds it to the page's figures (with its interactive Vega spec on a live page). */
        const figure = async (title: string, name: string, spec: TopLevelSpec): Promise<void> => {
          figures.push(await pageChart(liveCharts, title, await createChart(dir, name, spec), spec));
        };
        await figure('Latency CDFs (TTFT, TPOT, E2E)', 'latency-cdf', latencyCdfSpec(result));
        await figure('Timeline: KV usage, output tokens/s, running and waiting requests', 'timeline', timelineSpec(result));
        if (hasWindowsChart(result)) await figure('Per-window latency percentiles and load', 'windows', windowsChartSpec(result, charts.offeredRate));
        if (hasClassCdfChart(result)) await figure('Latency CDFs per request class, with SLO lines', 'class-cdf', classCdfSpec(result));
        if (hasReplicasChart(result)) await figure('Replicas over time per pool: held (paid for) and serving', 'replicas', replicasChartSpec(result));
        if (charts.html === true) {
          await figure('Where step time goes: compute, memory, communication, overhead per replica', 'step-breakdown', stepBreakdownSpec(result));
          const description = (provenance?.resolved as { description?: unknown } | undefined)?.description;
          await createText(
            join(dir, 'index.html'),
            htmlReport({
              scenarioName: result.scenarioName,
              ...(typeof description === 'string' ? { description } : {}),
              summaryText: summaryText ?? formatRunSummary(result),
              ...(diagnosis === undefined ? {} : { diagnosis }),
              ...(provenance === undefined ? {} : { resolved: provenance.resolved, sakiyomiVersion: provenance.sakiyomiVersion }),
              ...(await liveInput(liveCharts)),
              charts: figures,
            }),
          );
        }
      }),
    abort: () => folder.abort(),
  };
}

/** prepareReport + commit, for tests and library users: the report of a run in outDir; the paths in REPORT_FILES order. */
export async function writeReport(result: RunResult, outDir: string, provenance?: SummaryProvenance, charts: ReportOptions = {}): Promise<string[]> {
  return (await prepareReport(outDir, provenance, charts)).commit(result);
}

/** The journey's output folder, checked and drafted before the steps run. */
export interface JourneyDraft {
  /** Writes journey.md, journey.csv and journey.json ({ rows }) and moves the folder into place; the paths in JOURNEY_FILES order. */
  commit(rows: readonly JourneyRow[]): Promise<string[]>;
  abort(): Promise<void>;
}

/** Checks outDir as prepareReport does (for JOURNEY_FILES) and creates the draft; called before simulating. */
export async function prepareJourney(outDir: string): Promise<JourneyDraft> {
  const folder = await prepareFolder(outDir, JOURNEY_FILES, 'journey folder');
  return {
    commit: (rows) =>
      landFolder(folder, outDir, JOURNEY_FILES, async (dir) => {
        await createText(join(dir, 'journey.md'), journeyMarkdown(rows));
        await createText(join(dir, 'journey.csv'), journeyCsv(rows));
        await createText(join(dir, 'journey.json'), json({ rows }));
      }),
    abort: () => folder.abort(),
  };
}

/** Writes journey.md, journey.csv and journey.json ({ rows }) into outDir; returns their paths in JOURNEY_FILES order. */
export async function writeJourney(rows: readonly JourneyRow[], outDir: string): Promise<string[]> {
  return (await prepareJourney(outDir)).commit(rows);
}

/** The compare report folder, checked and drafted before the replications run. */
export interface CompareDraft {
  /** Writes compare.json (`json`), compare.vl.json and compare.svg (`chart`) and, given `page`, index.html; moves the folder into place; the paths in COMPARE_FILES order (then index.html). */
  commit(json: unknown, chart: TopLevelSpec, page?: FolderPage): Promise<string[]>;
  abort(): Promise<void>;
}

/** Checks outDir as prepareReport does (for COMPARE_FILES) and creates the draft; called before simulating. */
export async function prepareCompare(outDir: string): Promise<CompareDraft> {
  const folder = await prepareFolder(outDir, [...COMPARE_FILES, 'index.html'], 'compare folder');
  return {
    commit: (value, chart, page) =>
      landFolder(folder, outDir, [...COMPARE_FILES, ...(page === undefined ? [] : ['index.html'])], async (dir) => {
        await createText(join(dir, 'compare.json'), json(value));
        const svg = await createChart(dir, 'compare', chart);
        if (page !== undefined) await createText(join(dir, 'index.html'), await folderPage(page, [await pageChart(page.liveCharts, 'Differences to the baseline with 95% intervals', svg, chart)]));
      }),
    abort: () => folder.abort(),
  };
}

/** The diagnose report folder, checked and drafted before the simulations run. */
export interface DiagnoseDraft {
  /** Writes diagnose.json (`json`, the Diagnosis) and moves the folder into place; the paths in DIAGNOSE_FILES order. */
  commit(json: unknown): Promise<string[]>;
  abort(): Promise<void>;
}

/** Checks outDir as prepareReport does (for DIAGNOSE_FILES) and creates the draft; called before simulating. */
export async function prepareDiagnose(outDir: string): Promise<DiagnoseDraft> {
  const folder = await prepareFolder(outDir, DIAGNOSE_FILES, 'diagnose folder');
  return {
    commit: (value) => landFolder(folder, outDir, DIAGNOSE_FILES, async (dir) => createText(join(dir, 'diagnose.json'), json(value))),
    abort: () => folder.abort(),
  };
}

/** The plan report folder, checked and drafted before the configurations run. */
export interface PlanDraft {
  /** Writes plan.json (`result`), load.vl.json/svg, cost.vl.json/svg and, given `page`, index.html; moves the folder into place; the paths in PLAN_FILES order (then index.html). */
  commit(result: unknown, loadChart: TopLevelSpec, costChart: TopLevelSpec, page?: FolderPage): Promise<string[]>;
  abort(): Promise<void>;
}

/** Checks outDir as prepareReport does (for PLAN_FILES) and creates the draft; called before simulating. */
export async function preparePlan(outDir: string): Promise<PlanDraft> {
  const folder = await prepareFolder(outDir, [...PLAN_FILES, 'index.html'], 'plan folder');
  return {
    commit: (result, loadChart, costChart, page) =>
      landFolder(folder, outDir, [...PLAN_FILES, ...(page === undefined ? [] : ['index.html'])], async (dir) => {
        await createText(join(dir, 'plan.json'), json(result));
        const load = await createChart(dir, 'load', loadChart);
        const cost = await createChart(dir, 'cost', costChart);
        if (page !== undefined) {
          const charts = [
            await pageChart(page.liveCharts, 'p95 latency vs offered load per configuration, with the SLO', load, loadChart),
            await pageChart(page.liveCharts, 'Cost vs latency, with the Pareto frontier', cost, costChart),
          ];
          await createText(join(dir, 'index.html'), await folderPage(page, charts));
        }
      }),
    abort: () => folder.abort(),
  };
}

/** Writes a draft's files with `write` (into the draft folder), then moves it into place, or removes it on failure; the final paths of `files`. */
async function landFolder(folder: FolderDraft, outDir: string, files: readonly string[], write: (dir: string) => Promise<void>): Promise<string[]> {
  try {
    await write(folder.dir);
    await folder.commit();
  } catch (e) {
    await folder.abort();
    throw e;
  }
  return files.map((name) => join(outDir, name));
}

/** A chart of a page: its SVG, and on an interactive page (the bundle given) its interactive Vega spec. */
async function pageChart(liveCharts: string | undefined, title: string, svg: string, spec: TopLevelSpec): Promise<HtmlChart> {
  return liveCharts === undefined ? { title, svg } : { title, svg, vega: await compileVega(interactiveSpec(spec)) };
}

/** htmlReport's interactive inputs: the bundle and vega-tooltip's stylesheet, or nothing for a static page. */
async function liveInput(liveCharts: string | undefined): Promise<{ liveCharts?: string; liveStyle?: string }> {
  return liveCharts === undefined ? {} : { liveCharts, liveStyle: await tooltipStyle() };
}

/** index.html of a compare or plan folder: the table and the charts, interactive when the page has the bundle. */
async function folderPage(page: FolderPage, charts: HtmlChart[]): Promise<string> {
  return htmlReport({ scenarioName: page.title, summaryText: page.summaryText, ...(await liveInput(page.liveCharts)), charts });
}

/** vega-tooltip's own stylesheet for its tooltip element (the page carries it: the bundle injects no style under the CSP). */
async function tooltipStyle(): Promise<string> {
  const { createDefaultStyle, DEFAULT_OPTIONS } = await import('vega-tooltip');
  return createDefaultStyle(DEFAULT_OPTIONS.id);
}

/** A Vega-Lite spec as `<name>.vl.json` and its rendering as `<name>.svg`; the SVG markup. */
async function createChart(dir: string, name: string, spec: TopLevelSpec): Promise<string> {
  await createText(join(dir, `${name}.vl.json`), json(spec));
  const svg = await renderSvg(spec);
  await createText(join(dir, `${name}.svg`), `${svg}\n`);
  return svg;
}

export { OutputPathError, reportFolder, prepareOutputFile, writeJson, writeText } from './atomic-folder.ts';
