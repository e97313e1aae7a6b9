// The console's per-pool table (`sakiyomi run` with scenario pools): per pool its hardware
// (gpu, tp×pp, replicas), price per hour, mean utilization, measured requests, p50/p95 TTFT, p95
// TTFT, p95 E2E, output throughput, its own cost per 1k output tokens and its GPU-hours' dollars.
// A pool whose replicas are not all held all the time (autoscaling or failures: its
// replicasOverTime has more than one row) shows what it HELD on average over the cost's span: `replicas` "1.43 of 2"
// (mean replicas held of those built) and `$/hour` its held dollars per hour (cost.usd ÷ span
// hours), with a note under the table. Disaggregated serving: a decode pool's request columns
// are '—' (the whole requests are credited to the prefill pool they were routed to), and a
// second table (formatPoolStageTable) says what each role did (summary.pools.<name>.stage).
// Invariants: pure; '' when the summary has no pools (so a run without pools prints exactly as
// before); a pool without replicasOverTime or stage prints exactly as before; pool names are user
// text and go through escapeControl; numbers through format.ts.

import type { PoolSummary, Summary } from '../metrics/index.ts';
import { escapeControl } from './console-text.ts';
import { formatCount, formatNumber, formatPercent, formatRate, formatSeconds, formatUsd } from './format.ts';
import { formatTable } from './table.ts';

const NONE = '—';

export function formatPoolTable(summary: Summary): string {
  const pools = summary.pools;
  if (pools === undefined) return '';
  const spanHours = (summary.window.endSeconds - summary.window.startSeconds) / 3600;
  let anyHeld = false;
  const rows = Object.entries(pools).map(([name, p]) => {
    const held = (p.replicasOverTime?.length ?? 0) > 1 && spanHours > 0 ? heldOnAverage(p, spanHours) : undefined;
    if (held !== undefined) anyHeld = true;
    const decode = p.role === 'decode';
    const req = (cell: string): string => (decode ? NONE : cell);
    return [
      escapeControl(name),
      p.gpu,
      `${p.tp}×${p.pp}`,
      held === undefined ? formatCount(p.replicas) : `${formatNumber(held.replicas, 2)} of ${formatCount(p.replicas)}`,
      formatUsd(held === undefined ? p.usdPerHour : held.usdPerHour),
      formatPercent(p.utilization),
      req(formatCount(p.requests.measured)),
      req(formatSeconds(p.ttftSeconds.p50)),
      req(formatSeconds(p.ttftSeconds.p95)),
      req(formatSeconds(p.tpotSeconds.p95)),
      req(formatSeconds(p.e2eSeconds.p95)),
      req(formatRate(p.throughput.outputTokensPerSecond, 'tok/s')),
      req(formatUsd(p.cost.usdPer1kOutputTokens)),
      formatUsd(p.cost.usd),
    ];
  });
  const table = formatTable(['pool', 'gpu', 'tp×pp', 'replicas', '$/hour', 'util', 'measured', 'TTFT p50', 'TTFT p95', 'TPOT p95', 'E2E p95', 'output', '$/1k out', 'cost'], rows);
  const notes: string[] = [];
  if (anyHeld) {
    notes.push(
      `"x of n" replicas and $/hour: held on average over the ${summary.window.endsAt === 'whole-run' ? 'whole run' : 'measurement window'} ` +
        '(GPU-hours held ÷ its hours), of n built; util is busy time over replica time held',
    );
  }
  if (Object.values(pools).some((p) => p.role === 'decode')) {
    notes.push('— : a decode pool serves no request whole (each is credited to its prefill pool); see the roles table');
  }
  return [table, ...notes].join('\n');
}

/** Mean replicas and dollars per hour held over the cost's span (its GPU-hours held ÷ its hours). */
function heldOnAverage(p: PoolSummary, spanHours: number): { replicas: number; usdPerHour: number } {
  return { replicas: p.cost.gpuHours / spanHours / (p.tp * p.pp), usdPerHour: p.cost.usd / spanHours };
}

/**
 * Disaggregated serving: what each pool did in its role (summary.pools.<name>.stage). Prefill
 * pool: prefills done, arrival → prefill done (→prefill) p50/p95 and its share of TTFT; decode
 * pool: requests decoded (KV landed), their TPOT there p50/p95 and its replicas' ITL p95. '' when no pool has a stage.
 */
export function formatPoolStageTable(summary: Summary): string {
  const staged = Object.entries(summary.pools ?? {}).filter(([, p]) => p.stage !== undefined);
  if (staged.length === 0) return '';
  const rows = staged.map(([name, p]) => {
    const st = p.stage!;
    const prefill = p.role !== 'decode';
    const cell = (ok: boolean, f: () => string): string => (ok ? f() : NONE);
    return [
      escapeControl(name),
      p.role ?? 'prefill',
      cell(prefill, () => formatCount(st.prefills ?? 0)),
      cell(prefill && st.prefillSeconds !== undefined, () => formatSeconds(st.prefillSeconds!.p50)),
      cell(prefill && st.prefillSeconds !== undefined, () => formatSeconds(st.prefillSeconds!.p95)),
      cell(prefill, () => formatPercent(st.ttftFraction ?? 0)),
      cell(!prefill, () => formatCount(st.decodes ?? 0)),
      cell(!prefill && st.tpotSeconds !== undefined, () => formatSeconds(st.tpotSeconds!.p50)),
      cell(!prefill && st.tpotSeconds !== undefined, () => formatSeconds(st.tpotSeconds!.p95)),
      cell(!prefill, () => formatSeconds(p.itlSeconds.p95)),
    ];
  });
  return formatTable(['pool', 'role', 'prefills', '→prefill p50', '→prefill p95', 'TTFT share', 'decodes', 'TPOT p50', 'TPOT p95', 'ITL p95'], rows);
}
