// The journey table: one row per scenario of a sequence of remedies (scenarios/journey/), so
// the effect of each step reads down a column — p95 TTFT and TPOT, throughput, KV usage,
// preemptions, cost and energy — as a console table, Markdown (with each step's description and
// run notes), CSV and JSON rows.
// Invariants: pure functions of their inputs (the CLI prints and writes what they return); every
// console and Markdown cell goes through format.ts; CSV and JSON keep full precision (CSV prints
// numbers with String(x), NaN as an empty field; JSON writes NaN as null); rows keep the order
// of the steps given. Steps with the same workload section and seed share a traffic label (A, B,
// …, in order of first appearance): only steps with the same label compare like with like.
// User-supplied text is escaped per output: Markdown through escapeMarkdown (names,
// descriptions, notes, table cells), CSV text cells through csvCell (OWASP formula rule); the
// console table is escaped for control characters by the CLI, which prints it.
// NOTE: the GPU column comes from the run's replica reports (GPU id, and tp × pp × replicas
// GPUs in all), the precision column from the scenario's `precision` section as written (weights,
// plus the attention projections' format when it differs); the report room does not resolve
// dtype defaults (that is hardware's), so an unstated KV-cache format is not shown.

import type { RunResult } from '../metrics/index.ts';
import { csvNumber } from './csv.ts';
import { csvCell } from './csv-cell.ts';
import { escapeMarkdown } from './markdown-text.ts';
import { formatCount, formatMagnitude, formatPercent, formatSeconds, formatUsd } from './format.ts';
import { formatMarkdownTable, formatTable, type Alignment } from './table.ts';

/** What the journey needs of one step: its scenario's name, description, precision and traffic, and its run. */
export interface JourneyStep {
  name: string;
  description: string;
  precision: { weights: string; attentionWeights?: string };
  /** The scenario's workload section, compared by value with the other steps' (with the run's seed). */
  workload: unknown;
  result: RunResult;
}

/** One row of the journey table, full precision (journey.json, journey.csv). */
export interface JourneyRow {
  step: string;
  /** A, B, …: steps with the same label ran the same workload with the same seed. */
  traffic: string;
  seed: number;
  gpu: string;
  /** GPUs in the fleet: Σ over replicas of tp × pp. */
  gpuCount: number;
  precision: string;
  p95TtftSeconds: number;
  p95TpotSeconds: number;
  /** Output tokens of finished requests per second of run (summary.throughput). */
  outputTokensPerSecond: number;
  /** Prompt + output tokens of finished requests per second of run. */
  totalTokensPerSecond: number;
  /** Time-weighted mean fraction of KV blocks in use. */
  meanKvUsage: number;
  preemptions: number;
  /** Fraction of measured requests meeting the scenario's SLO (TTFT and TPOT). */
  fractionMeetingSlo: number;
  /** Present in the summary only when the workload has a shared prefix; NaN otherwise. */
  prefixCacheHitRate: number;
  /** USD per 1k prompt + output tokens. */
  usdPer1kTokens: number;
  usdPer1kOutputTokens: number;
  joulesPerOutputToken: number;
  requestsFinished: number;
  requestsUnfinished: number;
  overloaded: boolean;
  description: string;
  /** The run's notes (engine settings in force, KV sizing, fallbacks, rejections). */
  notes: string[];
}

/** "A", "B", …, "Z", "AA", "AB", … */
function trafficLabel(index: number): string {
  let label = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) label = String.fromCharCode(65 + ((n - 1) % 26)) + label;
  return label;
}

/** The precision cell: the weight format, plus the attention projections' when it differs ("nvfp4, attn fp8"). */
export function precisionLabel(precision: JourneyStep['precision']): string {
  const { weights, attentionWeights } = precision;
  return attentionWeights === undefined || attentionWeights === weights ? weights : `${weights}, attn ${attentionWeights}`;
}

/** The rows of the journey, one per step in the order given. */
export function journeyRows(steps: readonly JourneyStep[]): JourneyRow[] {
  const trafficKeys: string[] = [];
  return steps.map((step) => {
    const { result } = step;
    const s = result.summary;
    const key = JSON.stringify([step.workload, result.seed]);
    if (!trafficKeys.includes(key)) trafficKeys.push(key);
    const gpus = [...new Set(result.replicas.map((r) => r.gpu))];
    const finishedTokensPerSecond = s.throughput.inputTokensPerSecond + s.throughput.outputTokensPerSecond;
    return {
      step: step.name,
      traffic: trafficLabel(trafficKeys.indexOf(key)),
      seed: result.seed,
      gpu: gpus.join('+'),
      gpuCount: result.replicas.reduce((n, r) => n + r.tp * (r.pp ?? 1), 0),
      precision: precisionLabel(step.precision),
      p95TtftSeconds: s.ttftSeconds.p95,
      p95TpotSeconds: s.tpotSeconds.p95,
      outputTokensPerSecond: s.throughput.outputTokensPerSecond,
      totalTokensPerSecond: finishedTokensPerSecond,
      meanKvUsage: s.kv.meanUsage,
      preemptions: s.kv.preemptions,
      fractionMeetingSlo: s.goodput.fractionMeetingSlo,
      prefixCacheHitRate: s.kv.prefixCacheHitRate ?? NaN,
      usdPer1kTokens: s.cost.usdPer1kTokens,
      usdPer1kOutputTokens: s.cost.usdPer1kOutputTokens,
      joulesPerOutputToken: s.energy.joulesPerOutputToken,
      requestsFinished: s.requests.finished,
      requestsUnfinished: s.requests.unfinished,
      overloaded: s.overloaded,
      description: step.description,
      notes: [...result.notes],
    };
  });
}

/** Headers of the console and Markdown tables. */
export const JOURNEY_HEADERS = [
  'step',
  'GPUs',
  'precision',
  'traffic',
  'p95 TTFT',
  'p95 TPOT',
  'out tok/s',
  'KV mean',
  'preempt',
  'SLO met',
  '$/1k tok',
  'J/out tok',
  'overloaded',
] as const;

/** What the headers mean, printed under the table (console: one line each; Markdown: one paragraph). */
export const JOURNEY_LEGEND = [
  'traffic: steps with the same letter ran the same workload and seed; out tok/s: output tokens of finished requests per second;',
  'KV mean: time-weighted mean share of KV blocks in use; SLO met: share of measured requests meeting the TTFT and TPOT SLO;',
  '$/1k tok: USD per 1k prompt + output tokens (every GPU billed for the whole run); J/out tok: GPU energy per output token.',
] as const;

/** Alignment of each column: text left, quantities right (step names start with digits, so the table's detection would not do). */
const JOURNEY_ALIGN: Alignment[] = JOURNEY_HEADERS.map((_, i) => (i < 4 || i === JOURNEY_HEADERS.length - 1 ? 'left' : 'right'));

/** The formatted cells of a row, in JOURNEY_HEADERS order. */
export function journeyCells(row: JourneyRow): string[] {
  return [
    row.step,
    `${row.gpu} × ${row.gpuCount}`,
    row.precision,
    row.traffic,
    formatSeconds(row.p95TtftSeconds),
    formatSeconds(row.p95TpotSeconds),
    formatMagnitude(row.outputTokensPerSecond),
    formatPercent(row.meanKvUsage),
    formatCount(row.preemptions),
    formatPercent(row.fractionMeetingSlo),
    formatUsd(row.usdPer1kTokens),
    formatMagnitude(row.joulesPerOutputToken),
    row.overloaded ? 'OVERLOADED' : 'no',
  ];
}

/** One line per traffic group when the steps do not all share one; empty otherwise. */
export function journeyTrafficNotes(rows: readonly JourneyRow[]): string[] {
  const groups = new Map<string, string[]>();
  for (const row of rows) groups.set(row.traffic, [...(groups.get(row.traffic) ?? []), row.step]);
  if (groups.size <= 1) return [];
  return [
    'the steps do not all see the same traffic; compare rows only within one traffic group:',
    ...[...groups].map(([label, steps]) => `traffic ${label}: ${steps.join(', ')}`),
  ];
}

/** The console output of `sakiyomi journey`: the table, the legend and the traffic groups. */
export function formatJourneyTable(rows: readonly JourneyRow[]): string {
  const lines = [formatTable([...JOURNEY_HEADERS], rows.map(journeyCells), { align: JOURNEY_ALIGN }), ...JOURNEY_LEGEND];
  const traffic = journeyTrafficNotes(rows);
  if (traffic.length > 0) lines.push('', ...traffic);
  return lines.join('\n');
}

/** journey.md: the table, the legend, the traffic groups, then each step's description and run notes. */
export function journeyMarkdown(rows: readonly JourneyRow[], title = 'Journey'): string {
  const lines: string[] = [`# ${title}`, '', 'Generated by `sakiyomi journey`; one row per step, in order.', ''];
  const cells = rows.map((row) => journeyCells(row).map((cell) => escapeMarkdown(cell, { pipes: false })));
  lines.push(formatMarkdownTable(JOURNEY_HEADERS, cells, { align: JOURNEY_ALIGN }));
  lines.push('', JOURNEY_LEGEND.join(' '));
  const traffic = journeyTrafficNotes(rows);
  if (traffic.length > 0) lines.push('', traffic[0], '', ...traffic.slice(1).map((t) => `- ${escapeMarkdown(t)}`));
  for (const row of rows) {
    lines.push('', `## ${escapeMarkdown(row.step)}`, '');
    if (row.description.trim() !== '') lines.push(escapeMarkdown(row.description.trim()), '');
    const hitRate = Number.isNaN(row.prefixCacheHitRate) ? '' : `Prefix-cache hit rate ${formatPercent(row.prefixCacheHitRate)}; `;
    lines.push(`${hitRate}${formatCount(row.requestsFinished)} requests finished, ${formatCount(row.requestsUnfinished)} unfinished.`);
    if (row.notes.length > 0) lines.push('', 'Run notes:', '', ...row.notes.map((n) => `- ${escapeMarkdown(n)}`));
  }
  return `${lines.join('\n')}\n`;
}

/** The columns of journey.csv, in order: the header name and the field of a row (full precision). */
const JOURNEY_CSV_COLUMNS: readonly (readonly [string, (r: JourneyRow) => string])[] = [
  ['step', (r) => csvCell(r.step)],
  ['traffic', (r) => csvCell(r.traffic)],
  ['seed', (r) => String(r.seed)],
  ['gpu', (r) => csvCell(r.gpu)],
  ['gpu_count', (r) => String(r.gpuCount)],
  ['precision', (r) => csvCell(r.precision)],
  ['p95_ttft_s', (r) => csvNumber(r.p95TtftSeconds)],
  ['p95_tpot_s', (r) => csvNumber(r.p95TpotSeconds)],
  ['output_tokens_per_s', (r) => csvNumber(r.outputTokensPerSecond)],
  ['total_tokens_per_s', (r) => csvNumber(r.totalTokensPerSecond)],
  ['mean_kv_usage', (r) => csvNumber(r.meanKvUsage)],
  ['preemptions', (r) => String(r.preemptions)],
  ['fraction_meeting_slo', (r) => csvNumber(r.fractionMeetingSlo)],
  ['prefix_cache_hit_rate', (r) => csvNumber(r.prefixCacheHitRate)],
  ['usd_per_1k_tokens', (r) => csvNumber(r.usdPer1kTokens)],
  ['usd_per_1k_output_tokens', (r) => csvNumber(r.usdPer1kOutputTokens)],
  ['joules_per_output_token', (r) => csvNumber(r.joulesPerOutputToken)],
  ['requests_finished', (r) => String(r.requestsFinished)],
  ['requests_unfinished', (r) => String(r.requestsUnfinished)],
  ['overloaded', (r) => String(r.overloaded)],
];

/** The header line of journey.csv. */
export const JOURNEY_CSV_HEADER = JOURNEY_CSV_COLUMNS.map(([name]) => name).join(',');

/** journey.csv: the header line and one line per row, full precision; descriptions and notes stay in journey.md/json. */
export function journeyCsv(rows: readonly JourneyRow[]): string {
  const lines = rows.map((r) => JOURNEY_CSV_COLUMNS.map(([, field]) => field(r)).join(','));
  return `${[JOURNEY_CSV_HEADER, ...lines].join('\n')}\n`;
}
