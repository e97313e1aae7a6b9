// The console line of disaggregated serving (summary.transfers, definitions.md "Disaggregated
// serving"): how many KV caches crossed the link, how long they took, how busy the link was and
// how long prefilled requests waited for decode room. Empty when the run was not disaggregated.

import type { Summary } from '../metrics/index.ts';
import { formatCount, formatMagnitude, formatPercent, formatSeconds } from './format.ts';

export function transfersLine(summary: Summary): string {
  const t = summary.transfers;
  if (t === undefined) return '';
  const bw = Number.isFinite(t.bandwidthBytesPerSecond) ? `${formatMagnitude(t.bandwidthBytesPerSecond / 1e9)} GB/s` : 'unbounded bandwidth';
  return (
    `KV transfers (prefill → decode): ${formatCount(t.count)}, ${formatMagnitude(t.bytes / 1e9)} GB; ` +
    `time p50 ${formatSeconds(t.seconds.p50)}, p95 ${formatSeconds(t.seconds.p95)}, p99 ${formatSeconds(t.seconds.p99)} ` +
    `(queue p95 ${formatSeconds(t.queueSeconds.p95)}); link utilization ${formatPercent(t.linkUtilization)} ` +
    `(${t.linkScope}, ${bw} + ${formatSeconds(t.latencySeconds)}); decode admission wait p95 ${formatSeconds(t.decodeAdmissionWaitSeconds.p95)}`
  );
}
