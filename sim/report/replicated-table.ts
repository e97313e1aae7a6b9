// The console report of a replicated run (`run --replications R`): a header with the seeds and
// why the study stopped, then one row per headline metric — the mean over replications ± the
// 95% half-width, the half-width relative to the mean, and the interval — then the notes and,
// when any replication was overloaded, a loud line last. With declared classes, each class's SLO
// targets follow the fleet's, judged on the class's replicated intervals (one table per class
// with targets; class names are user text and go through escapeControl).
// Invariants: a pure function of its input, ASCII only, every number through format.ts (the
// same text on every machine); a metric absent from the summary (an optional block) is skipped;
// n/a where an interval is undefined (NaN: fewer than 2 replications, or no samples).
// NOTE: reads the replicated summary structurally ({ mean, ciLow, ciHigh, halfWidth,
// relativeHalfWidth, n } at each metric's path) so this room need not import study/, which
// depends on it. Percentiles are shown as p50/p95/p99 (p90 and max are in summary.json).

import type { ModelError } from '../metrics/index.ts';
import { formatModelError } from './model-error-line.ts';
import type { SloVerdict } from '../metrics/index.ts';
import { escapeControl } from './console-text.ts';
import { formatSloVerdicts } from './slo-table.ts';
import { formatCount, formatMagnitude, formatPercent, formatSeconds, formatUsd } from './format.ts';
import { formatTable } from './table.ts';

export interface IntervalView {
  mean: number;
  ciLow: number;
  ciHigh: number;
  halfWidth: number;
  relativeHalfWidth: number;
  n: number;
}

/** What the table reads of a replicated run (study's ReplicatedRun satisfies it). */
export interface ReplicatedRunView {
  scenarioName: string;
  baseSeed: number;
  seeds: readonly number[];
  summary: { slo?: { verdicts: readonly SloVerdict[] }; classes?: Readonly<Record<string, { slo: { verdicts: readonly SloVerdict[] } }>> };
  stop: { reason: string; precision?: number; maxReplications?: number; checks?: readonly { metric: string; relativeHalfWidth: number; considered: boolean }[] };
  replications: readonly { seed: number; overloaded: boolean }[];
  first: { notes: readonly string[]; summary?: { modelError?: ModelError } };
}

type Format = (x: number) => string;
const rate = (unit: string): Format => (x) => `${formatMagnitude(x)} ${unit}`;
const count: Format = (x) => formatMagnitude(x);
const percent: Format = (x) => formatPercent(x);

/** [label, path into the summary, format], in display order. */
const ROWS: readonly (readonly [string, string, Format])[] = [
  ...(['ttft', 'tpot', 'itl', 'e2e', 'queue'] as const).flatMap((m) =>
    (['mean', 'p50', 'p95', 'p99'] as const).map((s) => [`${m === 'queue' ? 'queue' : m.toUpperCase()} ${s}`, `${m}Seconds.${s}`, formatSeconds] as const),
  ),
  ['throughput', 'throughput.requestsPerSecond', rate('req/s')],
  ['input tokens/s', 'throughput.inputTokensPerSecond', rate('tok/s')],
  ['output tokens/s', 'throughput.outputTokensPerSecond', rate('tok/s')],
  ['goodput', 'goodput.requestsPerSecond', rate('req/s')],
  ['meeting the SLO', 'goodput.fractionMeetingSlo', percent],
  ['KV mean usage', 'kv.meanUsage', percent],
  ['KV max usage', 'kv.maxUsage', percent],
  ['preemptions', 'kv.preemptions', count],
  ['running per replica', 'kv.meanRunning', count],
  ['prefix cache hit rate', 'kv.prefixCacheHitRate', percent],
  ['$ per 1k output tokens', 'cost.usdPer1kOutputTokens', formatUsd],
  ['$ per 1k tokens', 'cost.usdPer1kTokens', formatUsd],
  ['GPU-hours', 'cost.gpuHours', count],
  ['J per output token', 'energy.joulesPerOutputToken', count],
];

/** The interval at a dotted path, or undefined when the summary has none there. */
function intervalAt(summary: object, path: string): IntervalView | undefined {
  let node: unknown = summary;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node !== null && typeof node === 'object' && 'halfWidth' in node ? (node as IntervalView) : undefined;
}

/** "±3.2%" of a relative half-width; n/a when undefined. */
function relative(x: number): string {
  return Number.isFinite(x) ? `±${formatPercent(x)}` : Number.isNaN(x) ? 'n/a' : 'inf';
}

/** Why the study stopped, in one line. */
function stopLine(run: ReplicatedRunView): string {
  const n = run.replications.length;
  const { reason, precision, maxReplications, checks } = run.stop;
  const watched = (checks ?? [])
    .filter((c) => c.considered)
    .map((c) => `${c.metric} ${relative(c.relativeHalfWidth)}`)
    .join(', ');
  if (reason === 'precision') return `stopped: precision ±${formatPercent(precision ?? NaN)} reached after ${n} replications (${watched})`;
  if (reason === 'max-replications') {
    return `stopped: --max-replications ${maxReplications ?? n} reached before precision ±${formatPercent(precision ?? NaN)} (${watched}); the intervals are wider than asked`;
  }
  return `stopped: ${n} replications as asked`;
}

export function formatReplicatedSummary(run: ReplicatedRunView): string {
  const n = run.replications.length;
  const { seeds } = run;
  const lines: string[] = [];
  lines.push(
    `scenario ${run.scenarioName} | ${n} replications | seeds ${seeds[0]}${n > 1 ? `…${seeds[n - 1]}` : ''} (replication i: seed ${run.baseSeed} + i) | mean ± 95% half-width over replications`,
  );
  lines.push(stopLine(run));
  lines.push('');
  const rows = ROWS.flatMap(([label, path, format]) => {
    const i = intervalAt(run.summary, path);
    if (i === undefined) return [];
    return [[label, `${format(i.mean)} ± ${Number.isNaN(i.halfWidth) ? 'n/a' : format(i.halfWidth)}`, relative(i.relativeHalfWidth), `[${format(i.ciLow)}, ${format(i.ciHigh)}]`]];
  });
  lines.push(formatTable(['metric', 'mean ± half-width', 'relative', '95% interval'], rows));
  const slo = formatSloVerdicts(run.summary.slo?.verdicts ?? []);
  if (slo !== '') lines.push('', slo);
  for (const [name, c] of Object.entries(run.summary.classes ?? {})) {
    const table = formatSloVerdicts(c.slo.verdicts);
    if (table !== '') lines.push('', `class ${escapeControl(name)}: ${table}`);
  }
  const notes = [`requests.csv, windows.csv, the charts and these notes are replication 0's (seed ${run.baseSeed}); summary.json has every replication's values`, ...run.first.notes];
  lines.push('');
  for (const note of notes) lines.push(`note: ${note}`);
  const overloaded = run.replications.filter((r) => r.overloaded);
  if (overloaded.length > 0) {
    lines.push('');
    lines.push(
      `OVERLOADED in ${formatCount(overloaded.length)} of ${formatCount(n)} replications (seeds ${overloaded.map((r) => r.seed).join(', ')}): ` +
        'arrivals outpaced service; latencies grow with the run length: add replicas or lower the rate',
    );
  }
  const band = run.first.summary?.modelError;
  if (band !== undefined) {
    lines.push('');
    lines.push(formatModelError(band, ", around replication 0's values"));
  }
  return lines.join('\n');
}
