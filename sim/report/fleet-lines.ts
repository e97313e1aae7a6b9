// Console lines for autoscaling and failures (summary.autoscale, summary.failures): one line
// each, printed after the cost lines only when the scenario uses the feature. With pools, one
// autoscale line per autoscaled pool (summary.pools.<name>.autoscale), prefixed with its name.

import type { Summary } from '../metrics/index.ts';
import { formatMagnitude, formatNumber, formatSeconds } from './format.ts';

export function fleetLines(s: Summary): string[] {
  const lines: string[] = [];
  const autoscaled: [string, NonNullable<Summary['autoscale']>][] = s.autoscale !== undefined ? [['autoscale', s.autoscale]] : [];
  for (const [name, p] of Object.entries(s.pools ?? {})) if (p.autoscale !== undefined) autoscaled.push([`autoscale (pool ${name})`, p.autoscale]);
  for (const [label, a] of autoscaled) {
    lines.push(
      `${label}: ${a.policy}, ${a.minReplicas}–${a.maxReplicas} replicas, mean ${formatNumber(a.meanReplicas, 2)}, peak ${a.peakReplicas}; ` +
        `${a.scaleUps} up, ${a.scaleDowns} down; cold start ${formatSeconds(a.coldStartSeconds)}; ${formatMagnitude(a.gpuSecondsHeld / 3600)} GPU-hours held (drain included); ` +
        `in the window ${formatMagnitude(a.gpuSecondsHeldInWindow / 3600)} GPU-hours held, ${formatNumber(100 * a.fixedPeakFleet.savedFraction, 1)}% less than ${a.maxReplicas} replicas held all window (${formatMagnitude(a.fixedPeakFleet.gpuSecondsInWindow / 3600)} GPU-hours)`,
    );
  }
  const f = s.failures;
  if (f !== undefined) {
    const rec = f.recovery;
    lines.push(
      `failures: ${f.events.length} (on failure: ${f.onFailure}), ${f.requestsRetried} requests retried, ${f.requestsLost} lost` +
        (rec === undefined ? '' : `; p95 TTFT of arrivals during repair ${formatSeconds(rec.ttftSeconds.p95)} vs ${formatSeconds(rec.before.ttftSeconds.p95)} before the first failure`),
    );
  }
  return lines;
}
