// Public face of the report room: the console summary, tables and number formats, the journey
// table (one row per step of scenarios/journey/), the
// published accuracy/speedup figures (never simulated), the
// per-request CSV (and its streaming sink), Vega-Lite chart specs, headless SVG rendering and the
// file writers.
// Invariants: everything here but write.ts and requests-csv-sink.ts is pure (no file system, no console); the CLI prints
// the strings returned and calls write.ts for files.

export { formatRunSummary, overloadedLine, routingLine } from './summary-table.ts';
export { checkedVerdicts, formatCheckLine, formatSloVerdicts, type CheckedVerdict } from './slo-table.ts';
export { formatClassTable } from './class-table.ts';
export { formatPoolStageTable, formatPoolTable } from './pool-table.ts';
export { formatReplicatedSummary, type IntervalView, type ReplicatedRunView } from './replicated-table.ts';
export {
  PRETRAINING_CAVEAT,
  PUBLISHED_QUANT_ACCURACY,
  PUBLISHED_SPEC_DECODE,
  formatPublishedQuality,
  formatPublishedSpecDecode,
  modelFamily,
  publishedQuality,
  type PublishedQuantFigure,
  type PublishedSpecDecodeFigure,
} from './published-quality.ts';
export { formatMarkdownTable, formatTable, type Alignment, type TableOptions } from './table.ts';
export {
  JOURNEY_CSV_HEADER,
  JOURNEY_HEADERS,
  JOURNEY_LEGEND,
  formatJourneyTable,
  journeyCells,
  journeyCsv,
  journeyMarkdown,
  journeyRows,
  journeyTrafficNotes,
  precisionLabel,
  type JourneyRow,
  type JourneyStep,
} from './journey-table.ts';
export {
  formatCount,
  formatMagnitude,
  formatNumber,
  formatPercent,
  formatRate,
  formatSeconds,
  formatSignificant3,
  formatUsd,
} from './format.ts';
export { DEFAULT_ROWS_PER_CHUNK, REQUESTS_CSV_HEADER, csvNumber, requestsCsvHeader, csvSeconds, csvText, requestRow, requestsCsvChunks, writeRequestRow } from './csv.ts';
export { DEFAULT_CSV_BUFFER_BYTES, openRequestsCsv, type RequestsCsvSink } from './requests-csv-sink.ts';
export {
  CDF_METRICS,
  VEGA_LITE_SCHEMA,
  latencyCdfData,
  latencyCdfSpec,
  timelineData,
  timelineSpec,
  type CdfDatum,
  type CdfMetric,
  type TimelineDatum,
} from './charts.ts';
export { DEFAULT_CDF_POINTS, empiricalCdf, type CdfPoint } from './empirical-cdf.ts';
export { renderSvg, type RenderOptions } from './render-svg.ts';
export { formatCompareReport, formatCompareValue, type CompareMetricView, type CompareUnit, type CompareView } from './compare-table.ts';
export { formatDiagnosis, type DiagnoseFindingView, type DiagnoseView } from './diagnose-table.ts';
export { compareChartData, compareChartSpec, type CompareChartDatum } from './compare-chart.ts';
export {
  COMPARE_FILES,
  DIAGNOSE_FILES,
  prepareDiagnose,
  type DiagnoseDraft,
  PLAN_FILES,
  prepareCompare,
  preparePlan,
  type PlanDraft,
  type CompareDraft,
  JOURNEY_FILES,
  OutputPathError,
  OPTIONAL_REPORT_FILES,
  REPORT_FILES,
  reportFilesOf,
  prepareJourney,
  prepareReport,
  reportFolder,
  summaryFile,
  writeJourney,
  writeJson,
  writeReport,
  prepareOutputFile,
  writeText,
  type JourneyDraft,
  type ReportDraft,
  type ReportOptions,
  type FolderPage,
  type SummaryFile,
  type SummaryProvenance,
} from './write.ts';
export { csvCell } from './csv-cell.ts';
export { CLASS_CDF_METRICS, classCdfData, classCdfSpec, classRuleData, hasClassCdfChart, type ClassCdfDatum, type ClassRuleDatum } from './class-cdf-chart.ts';
export { WINDOWS_CSV_HEADER, windowsCsv } from './windows-csv.ts';
export { FLEET_SERIES, hasReplicasChart, replicasChartData, replicasChartSpec, type ReplicasDatum } from './replicas-chart.ts';
export { ALL_CLASSES, hasWindowsChart, windowsChartData, windowsChartSpec, type WindowDatum } from './windows-chart.ts';
export { escapeMarkdown } from './markdown-text.ts';
export { escapeControl } from './console-text.ts';
// plan: latency vs offered load per configuration, and cost vs latency with the Pareto frontier.
export {
  planConfigLabel,
  planCostChartData,
  planCostChartSpec,
  planLoadChartData,
  planLoadChartSpec,
  type PlanConfigurationView,
  type PlanCostDatum,
  type PlanLoadDatum,
  type PlanResultView,
} from './plan-charts.ts';
// plan: the ranked table and the results file (JSON lines, fsynced per line).
export { configLabel, formatPlanTable, rankedConfigurations, type PlanTableConfiguration, type PlanTableView } from './plan-table.ts';
export { openResultsLog, readResultsFile, type ResultsLog } from './plan-results-file.ts';
// profile: the folder of `sakiyomi profile --out`.
export { prepareProfile, PROFILE_FILES, type ProfileDraft } from './profile-write.ts';
// the self-contained offline page of a run (`run --html`): index.html.
export { HTML_CSP, cspHash, escapeHtml, htmlReport, interactiveCsp, jsonForScript, type HtmlChart, type HtmlReportInput } from './html-report.ts';
export { interactiveSpec, tooltipOf, TOOLTIP_NUMBER_FORMAT, voronoiTooltip } from './interactive-spec.ts';
export { compileVega } from './compile-vega.ts';
export { REGIMES, stepBreakdownData, stepBreakdownSpec, type StepBreakdownDatum } from './step-breakdown-chart.ts';
