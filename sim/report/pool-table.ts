// The console's per-pool table (`sakiyomi run` with scenario pools): per pool its hardware
// (gpu, tp×pp, replicas), price per hour, mean utilization, measured requests, p50/p95 TTFT, p95
// TPOT, p95 E2E, output throughput, its own cost per 1k output tokens and its GPU-hours' dollars.
// Invariants: pure; '' when the summary has no pools (so a run without pools prints exactly as
// before); pool names are user text and go through escapeControl; numbers through format.ts.

import type { Summary } from '../metrics/index.ts';
import { escapeControl } from './console-text.ts';
import { formatCount, formatPercent, formatRate, formatSeconds, formatUsd } from './format.ts';
import { formatTable } from './table.ts';

export function formatPoolTable(summary: Summary): string {
  const pools = summary.pools;
  if (pools === undefined) return '';
  const rows = Object.entries(pools).map(([name, p]) => [
    escapeControl(name),
    p.gpu,
    `${p.tp}×${p.pp}`,
    formatCount(p.replicas),
    formatUsd(p.usdPerHour),
    formatPercent(p.utilization),
    formatCount(p.requests.measured),
    formatSeconds(p.ttftSeconds.p50),
    formatSeconds(p.ttftSeconds.p95),
    formatSeconds(p.tpotSeconds.p95),
    formatSeconds(p.e2eSeconds.p95),
    formatRate(p.throughput.outputTokensPerSecond, 'tok/s'),
    formatUsd(p.cost.usdPer1kOutputTokens),
    formatUsd(p.cost.usd),
  ]);
  return formatTable(['pool', 'gpu', 'tp×pp', 'replicas', '$/hour', 'util', 'measured', 'TTFT p50', 'TTFT p95', 'TPOT p95', 'E2E p95', 'output', '$/1k out', 'cost'], rows);
}
