// The console's per-class table (`sakiyomi run` with declared request classes): per class its
// measured requests, p50/p95 TTFT, p95 TPOT, goodput (rate and fraction against the class's own
// thresholds), cost share, and the verdict of the class's SLO targets.
// Invariants: pure; '' when the summary has no classes (so a run without classes prints exactly as
// before); class names are user text and go through escapeControl; numbers through format.ts.
// Optional columns, present only when the summary carries them (so older summaries print as before):
// 'KV mean' and 'KV peak' (classes.<name>.kvUsage: the class's share of the fleet's KV blocks),
// and, with per-class generation (summary.generation kind 'per-class'), 'generation' (greedy,
// sampling n, beam B) and 'output' (the class's delivered output tokens/s).
// NOTE: SLO column: 'met' when every target of the class is met, 'missed k/n' when k of its n
// targets are missed, '-' when the class sets no targets.

import type { ClassSummary, Summary } from '../metrics/index.ts';
import { escapeControl } from './console-text.ts';
import { formatCount, formatPercent, formatRate, formatSeconds } from './format.ts';
import { formatTable } from './table.ts';

export function formatClassTable(summary: Summary): string {
  const classes = summary.classes;
  if (classes === undefined) return '';
  const entries = Object.entries(classes);
  const kv = entries.some(([, c]) => c.kvUsage !== undefined);
  const gen = summary.generation?.kind === 'per-class';
  const rows = entries.map(([name, c]) => [
    escapeControl(name),
    formatCount(c.requests.measured),
    formatSeconds(c.ttftSeconds.p50),
    formatSeconds(c.ttftSeconds.p95),
    formatSeconds(c.tpotSeconds.p95),
    formatRate(c.goodput.requestsPerSecond, 'req/s'),
    formatPercent(c.goodput.fractionMeetingSlo),
    formatPercent(c.cost.share),
    sloCell(c),
    ...(kv ? [c.kvUsage === undefined ? '-' : formatPercent(c.kvUsage.meanUsage), c.kvUsage === undefined ? '-' : formatPercent(c.kvUsage.maxUsage)] : []),
    ...(gen ? [generationCell(c), formatRate(c.throughput.outputTokensPerSecond, 'tok/s')] : []),
  ]);
  const header = ['class', 'measured', 'TTFT p50', 'TTFT p95', 'TPOT p95', 'goodput', 'meeting SLO', 'cost share', 'SLO', ...(kv ? ['KV mean', 'KV peak'] : []), ...(gen ? ['generation', 'output'] : [])];
  return formatTable(header, rows);
}

/** A class's strategy: greedy (no generation section), sampling n, beam B. */
function generationCell(c: ClassSummary): string {
  const g = c.generation;
  if (g === undefined) return 'greedy';
  return g.kind === 'beam' ? `beam ${g.numSeqs}` : g.kind === 'sampling' ? `sampling ${g.numSeqs}` : g.kind;
}

function sloCell(c: ClassSummary): string {
  const v = c.slo.verdicts;
  if (v.length === 0) return '-';
  const missed = v.filter((x) => x.verdict !== 'met').length;
  return missed === 0 ? 'met' : `missed ${missed}/${v.length}`;
}
