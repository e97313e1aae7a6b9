// fleetLines (sim/report/fleet-lines.ts): the console's autoscale and failures lines, exactly, for
// every path — neither section (no line), autoscale alone, failures without recovery figures,
// failures with recovery (p95s shown, or n/a when NaN), and both (autoscale first).
import { describe, expect, it } from 'vitest';
import { fleetLines } from '../../sim/report/fleet-lines.ts';
import type { Summary } from '../../sim/metrics/index.ts';

const quantiles = (p95: number) => ({ mean: p95, p50: p95, p90: p95, p95, p99: p95, max: p95 });
const group = (p95: number) => ({ requests: 10, lost: 0, finished: 10, ttftSeconds: quantiles(p95), e2eSeconds: quantiles(p95) });

const AUTOSCALE: Summary['autoscale'] = {
  policy: 'target-concurrency',
  minReplicas: 1,
  maxReplicas: 3,
  coldStartSeconds: 16.06,
  // 2 GPU-hours held; the fixed 3-replica fleet would hold 4.5 over the window.
  gpuSecondsHeld: 7200,
  gpuSecondsHeldInWindow: 7000,
  peakReplicas: 3,
  meanReplicas: 1.8765,
  scaleUps: 4,
  scaleDowns: 3,
  fixedPeakFleet: { gpuSecondsInWindow: 16200, savedFraction: 1 - 7000 / 16200 },
};

const FAILURES: Summary['failures'] = {
  onFailure: 'retry',
  events: [
    { replica: 0, atSeconds: 10, repairedAt: 70, requestsLost: 0, requestsRetried: 5 },
    { replica: 1, atSeconds: 20, repairedAt: 80, requestsLost: 0, requestsRetried: 2 },
  ],
  skippedEvents: 0,
  requestsLost: 0,
  requestsRetried: 7,
};

const summary = (parts: Partial<Summary>): Summary => parts as Summary;
const AUTOSCALE_LINE =
  'autoscale: target-concurrency, 1–3 replicas, mean 1.88, peak 3; 4 up, 3 down; cold start 16.1 s; 2.00 GPU-hours held (drain included); ' +
  'in the window 1.94 GPU-hours held, 56.8% less than 3 replicas held all window (4.50 GPU-hours)'; // 7000 s, 1 − 7000/16200

describe('fleetLines', () => {
  it('no autoscale and no failures: no line', () => {
    expect(fleetLines(summary({}))).toEqual([]);
  });

  it('autoscale: policy, bounds, mean and peak, scalings, cold start, GPU-hours held and the saving against the peak fleet', () => {
    expect(fleetLines(summary({ autoscale: AUTOSCALE }))).toEqual([AUTOSCALE_LINE]);
  });

  it('failures without recovery figures: count, mode, retried and lost', () => {
    expect(fleetLines(summary({ failures: FAILURES }))).toEqual(['failures: 2 (on failure: retry), 7 requests retried, 0 lost']);
  });

  it('failures with recovery: the p95 TTFT during repair against before the first failure; NaN prints n/a', () => {
    const recovery = { ...group(0.8), from: 10, to: 80, before: group(0.12) };
    expect(fleetLines(summary({ failures: { ...FAILURES, onFailure: 'lost', requestsLost: 3, requestsRetried: 0, recovery } }))).toEqual([
      'failures: 2 (on failure: lost), 0 requests retried, 3 lost; p95 TTFT of arrivals during repair 800.0 ms vs 120.0 ms before the first failure',
    ]);
    const none = { ...group(NaN), from: 10, to: 80, before: group(NaN) };
    expect(fleetLines(summary({ failures: { ...FAILURES, recovery: none } }))).toEqual([
      'failures: 2 (on failure: retry), 7 requests retried, 0 lost; p95 TTFT of arrivals during repair n/a vs n/a before the first failure',
    ]);
  });

  it('both: the autoscale line, then the failures line', () => {
    expect(fleetLines(summary({ autoscale: AUTOSCALE, failures: FAILURES }))).toEqual([AUTOSCALE_LINE, 'failures: 2 (on failure: retry), 7 requests retried, 0 lost']);
  });
});
