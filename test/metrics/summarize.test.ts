import { quantile } from 'd3-array';
import { describe, expect, it } from 'vitest';
import { LATENCY_STATS, LogHistogram, RecordStore, RequestOutcomes, latencyStats, measuredLatencies, newRecord, summarize, type LatencyStats, type Slo, type SummaryInput } from '../../sim/metrics/index.ts';

interface Row {
  arrivedAt: number;
  prompt: number;
  output: number;
  measured: boolean;
  status: 0 | 1 | 2;
  scheduledAt?: number;
  firstTokenAt?: number;
  finishedAt?: number;
}

function store(rows: Row[]): RecordStore {
  const s = new RecordStore(2);
  for (const r of rows) {
    const id = s.add(r.arrivedAt, r.prompt, r.output, r.measured);
    s.status[id] = r.status;
    if (r.scheduledAt !== undefined) s.scheduledAt[id] = r.scheduledAt;
    if (r.firstTokenAt !== undefined) s.firstTokenAt[id] = r.firstTokenAt;
    if (r.finishedAt !== undefined) s.finishedAt[id] = r.finishedAt;
  }
  return s;
}

/** The rows folded as a run folds its records (RequestOutcomes), in the given order. */
function outcomes(rows: Row[], slo: Slo = { ttftSeconds: 2.5, tpotSeconds: 0.6 }): RequestOutcomes {
  const o = new RequestOutcomes(slo);
  rows.forEach((r, id) => {
    const rec = newRecord(id, r.arrivedAt, r.prompt, r.output, r.measured);
    rec.status = r.status;
    if (r.scheduledAt !== undefined) rec.scheduledAt = r.scheduledAt;
    if (r.firstTokenAt !== undefined) rec.firstTokenAt = r.firstTokenAt;
    if (r.finishedAt !== undefined) rec.finishedAt = r.finishedAt;
    o.add(rec);
  });
  return o;
}

function expectStats(actual: LatencyStats, expected: LatencyStats): void {
  for (const k of Object.keys(expected) as (keyof LatencyStats)[]) expect(actual[k], k).toBeCloseTo(expected[k], 12);
}

/** Mean and max exact; percentiles within the histograms' relative error √1.001 − 1 (definitions.md). */
function expectBoundedStats(actual: LatencyStats, expected: LatencyStats): void {
  expect(actual.mean, 'mean').toBeCloseTo(expected.mean, 14);
  expect(actual.max, 'max').toBe(expected.max);
  for (const k of ['p50', 'p90', 'p95', 'p99'] as const) expect(Math.abs(actual[k] - expected[k]), k).toBeLessThanOrEqual(4.9988e-4 * expected[k] + 1e-15);
}

// Six requests, by hand:
//   0: TTFT 1, TPOT (3 − 1)/4 = 0.5, E2E 3, queue 0.5 — meets the SLO
//   1: one output token: TTFT 2, no TPOT, E2E 2, queue 0 — meets the SLO (TTFT only)
//   2: TTFT 4, TPOT (8 − 6)/2 = 1, E2E 6, queue 1 — misses (TTFT)
//   3: rejected; 4: unfinished — both misses
//   5: warm-up (not measured), finished: counts only in cost and energy
const rows: Row[] = [
  { arrivedAt: 0, prompt: 10, output: 5, measured: true, status: 1, scheduledAt: 0.5, firstTokenAt: 1, finishedAt: 3 },
  { arrivedAt: 1, prompt: 20, output: 1, measured: true, status: 1, scheduledAt: 1, firstTokenAt: 3, finishedAt: 3 },
  { arrivedAt: 2, prompt: 30, output: 3, measured: true, status: 1, scheduledAt: 3, firstTokenAt: 6, finishedAt: 8 },
  { arrivedAt: 3, prompt: 40, output: 2, measured: true, status: 2 },
  { arrivedAt: 4, prompt: 50, output: 4, measured: true, status: 0, scheduledAt: 5, firstTokenAt: 6 },
  { arrivedAt: -1, prompt: 100, output: 10, measured: false, status: 1, scheduledAt: -1, firstTokenAt: 0, finishedAt: 2 },
];

function input(overrides: Partial<SummaryInput> = {}): SummaryInput {
  const itl = new LogHistogram();
  itl.add(0.5, 4);
  itl.add(1, 2);
  return {
    outcomes: outcomes(rows),
    itl,
    // The steady-state window (2, 6]: 2 requests finished, 50 prompt tokens reached their first
    // token and 12 output tokens were emitted in it, and its GPUs drew 600 J.
    window: { startSeconds: 2, endSeconds: 6, endsAt: 'last-arrival' },
    inWindow: { finished: 2, promptTokens: 50, generatedOutputTokens: 12, energyJoules: 600 },
    drainWindow: { startSeconds: 0, endSeconds: 8 },
    kv: { numGpuBlocks: 100, meanUsage: 0.25, maxUsage: 0.9, preemptions: 3, meanReservedUnusedFraction: 0.1, meanInternalFragmentation: 0.02, meanRunning: 7.5, meanUsageWithDrain: 0.2, meanRunningWithDrain: 6, preemptionsRecompute: 3, preemptionsSwap: 0, recomputedTokens: 1200, swappedBlocks: 0, swapSeconds: 0 },
    gpuCount: 2,
    usdPerGpuHour: 2.5,
    runSeconds: 7200,
    energyJoules: 3800,
    overloaded: true,
    overloadEvidence: { unfinished: 1 },
    ...overrides,
  };
}

describe('summarize', () => {
  const s = summarize(input());

  it('counts requests by status and the measured ones', () => {
    expect(s.requests).toEqual({ arrived: 6, finished: 4, rejected: 1, measured: 5, unfinished: 1, measuredUnfinished: 1 });
  });

  it('computes TTFT, TPOT (skipping the 1-token request), E2E and queue over measured finished requests, R-7 percentiles within the bound', () => {
    // TTFT [1, 2, 4]: p90 at h = 2·0.9 = 1.8 → 2 + 0.8·(4 − 2) = 3.6
    expectBoundedStats(s.ttftSeconds, { mean: 7 / 3, p50: 2, p90: 3.6, p95: 3.8, p99: 3.96, max: 4 });
    // TPOT [0.5, 1]: both ranks are the exact min and max, so the percentiles are exact
    expectStats(s.tpotSeconds, { mean: 0.75, p50: 0.75, p90: 0.95, p95: 0.975, p99: 0.995, max: 1 });
    // E2E [2, 3, 6]
    expectBoundedStats(s.e2eSeconds, { mean: 11 / 3, p50: 3, p90: 5.4, p95: 5.7, p99: 5.94, max: 6 });
    // queue [0, 0.5, 1]
    expectBoundedStats(s.queueSeconds, { mean: 0.5, p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, max: 1 });
  });

  it('gives the same summary whatever order the records were folded in (finish order vs id order)', () => {
    const reversed = summarize(input({ outcomes: outcomes([...rows].reverse()) }));
    expect(reversed.requests).toEqual(s.requests);
    expect(reversed.goodput).toEqual(s.goodput);
    expect(reversed.throughput).toEqual(s.throughput);
    for (const k of ['ttftSeconds', 'tpotSeconds', 'e2eSeconds', 'queueSeconds'] as const) {
      for (const q of ['p50', 'p90', 'p95', 'p99', 'max'] as const) expect(reversed[k][q], `${k}.${q}`).toBe(s[k][q]);
      expect(reversed[k].mean).toBeCloseTo(s[k].mean, 14);
    }
  });

  it('takes ITL from the histogram: exact mean and max, percentiles within the bin error', () => {
    expect(s.itlSeconds.mean).toBeCloseTo(4 / 6, 15);
    expect(s.itlSeconds.max).toBe(1);
    expect(Math.abs(s.itlSeconds.p50 / 0.5 - 1)).toBeLessThanOrEqual(5e-4);
    expect(s.itlSeconds.p90).toBe(1); // the bin centre clamped to the exact max
  });

  it('divides what happened in the window by its span: throughput', () => {
    expect(s.window).toEqual({ startSeconds: 2, endSeconds: 6, endsAt: 'last-arrival' });
    expect(s.throughput).toEqual({ requestsPerSecond: 2 / 4, inputTokensPerSecond: 50 / 4, outputTokensPerSecond: 12 / 4 });
  });

  it('keeps the drain-inclusive rates: measured finished requests and tokens over first measured arrival → last measured finish', () => {
    expect(s.throughputWithDrain).toEqual({ requestsPerSecond: 3 / 8, inputTokensPerSecond: 60 / 8, outputTokensPerSecond: 9 / 8 });
    expect(s.goodputWithDrain).toEqual({ requestsPerSecond: 2 / 8 });
  });

  it('counts goodput over measured requests (the window\'s arrivals), rejected and unfinished ones as misses', () => {
    expect(s.goodput).toEqual({ requestsPerSecond: 2 / 4, fractionMeetingSlo: 2 / 5 });
  });

  it('prices the window over the tokens produced in it, and keeps the whole run priced over all finished tokens', () => {
    // Window: 2 GPUs × 4 s = 8/3600 GPU-hours × $2.5 = $1/180, over 12 output and 50 + 12 tokens.
    expect(s.cost.gpuHours).toBe(8 / 3600);
    expect(s.cost.usdPer1kOutputTokens).toBeCloseTo((1 / 180 / 12) * 1000, 12);
    expect(s.cost.usdPer1kTokens).toBeCloseTo((1 / 180 / 62) * 1000, 12);
    expect(s.energy.joulesPerOutputToken).toBe(50);
    // Whole run: 2 GPUs × 2 h = 4 GPU-hours × $2.5 = $10; finished output 5 + 1 + 3 + 10 = 19
    // tokens, prompt 10 + 20 + 30 + 100 = 160 tokens.
    expect(s.costWithDrain.gpuHours).toBe(4);
    expect(s.costWithDrain.usdPer1kOutputTokens).toBeCloseTo((10 / 19) * 1000, 10);
    expect(s.costWithDrain.usdPer1kTokens).toBeCloseTo((10 / 179) * 1000, 10);
    expect(s.energyWithDrain.joulesPerOutputToken).toBe(200);
  });

  it('passes kv, the verdict and its evidence through', () => {
    expect(s.kv).toEqual({ numGpuBlocks: 100, meanUsage: 0.25, maxUsage: 0.9, preemptions: 3, meanReservedUnusedFraction: 0.1, meanInternalFragmentation: 0.02, meanRunning: 7.5, meanUsageWithDrain: 0.2, meanRunningWithDrain: 6, preemptionsRecompute: 3, preemptionsSwap: 0, recomputedTokens: 1200, swappedBlocks: 0, swapSeconds: 0 });
    expect(s.overloaded).toBe(true);
    expect(s.overloadEvidence).toEqual({ unfinished: 1 });
  });

  it('with no loaded window (inWindow null) gives the drain-inclusive figures as the windowed ones', () => {
    const whole = summarize(input({ window: { startSeconds: 0, endSeconds: 7200, endsAt: 'whole-run' }, inWindow: null }));
    expect(whole.throughput).toEqual(whole.throughputWithDrain);
    expect(whole.goodput.requestsPerSecond).toBe(whole.goodputWithDrain.requestsPerSecond);
    expect(whole.cost).toEqual(whole.costWithDrain);
    expect(whole.energy).toEqual(whole.energyWithDrain);
  });

  it('counts delivered tokens in the window: beam search delivers one of its B generated sequences', () => {
    const beam = summarize(input({ generation: { kind: 'beam', numSeqs: 4, deliveredSeqs: 1 } }));
    expect(beam.throughput.outputTokensPerSecond).toBe(3 / 4);
    expect(beam.generation).toEqual({ kind: 'beam', numSeqs: 4, deliveredOutputTokensPerSecond: 3 / 4, generatedOutputTokensPerSecond: 3 });
    expect(beam.energy.joulesPerOutputToken).toBe(200);
  });

  it('a request with one output token meets the SLO on TTFT alone', () => {
    const strict = summarize(input({ outcomes: outcomes(rows, { ttftSeconds: 2.5, tpotSeconds: 0.1 }) }));
    expect(strict.goodput.fractionMeetingSlo).toBe(1 / 5); // only request 1
  });

  it('reports zeros, never NaN or Infinity, when nothing was measured or finished', () => {
    const empty = summarize(input({ outcomes: outcomes([]), itl: new LogHistogram(), window: { startSeconds: 5, endSeconds: 5, endsAt: 'whole-run' }, inWindow: null, drainWindow: { startSeconds: 5, endSeconds: 5 } }));
    const zero = { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
    expect(empty.requests).toEqual({ arrived: 0, finished: 0, rejected: 0, measured: 0, unfinished: 0, measuredUnfinished: 0 });
    for (const k of ['ttftSeconds', 'tpotSeconds', 'itlSeconds', 'e2eSeconds', 'queueSeconds'] as const) expect(empty[k]).toEqual(zero);
    expect(empty.throughput).toEqual({ requestsPerSecond: 0, inputTokensPerSecond: 0, outputTokensPerSecond: 0 });
    expect(empty.goodput).toEqual({ requestsPerSecond: 0, fractionMeetingSlo: 0 });
    expect(empty.cost).toEqual({ gpuHours: 4, usdPer1kOutputTokens: 0, usdPer1kTokens: 0 });
    expect(empty.energy.joulesPerOutputToken).toBe(0);
  });
});

describe('latencyStats', () => {
  it('uses R-7 linear interpolation, as numpy.percentile and d3.quantile', () => {
    // numpy.percentile([3, 1, 4, 1, 5], [50, 90, 95, 99]) = [3, 4.6, 4.8, 4.96]
    const values = [3, 1, 4, 1, 5];
    const stats = latencyStats(Float64Array.from(values));
    expectStats(stats, { mean: 2.8, p50: 3, p90: 4.6, p95: 4.8, p99: 4.96, max: 5 });
    for (const [q, key] of [[0.5, 'p50'], [0.9, 'p90'], [0.95, 'p95'], [0.99, 'p99']] as const) {
      expect(stats[key]).toBeCloseTo(quantile(values, q)!, 15);
    }
  });

  it('of a single value is that value everywhere', () => {
    expect(latencyStats(Float64Array.of(0.7))).toEqual({ mean: 0.7, p50: 0.7, p90: 0.7, p95: 0.7, p99: 0.7, max: 0.7 });
  });
});

describe('measuredLatencies', () => {
  it('takes TTFT, E2E and queue over measured finished requests and TPOT over those with ≥ 2 output tokens, each sorted', () => {
    const l = measuredLatencies(store(rows).columns());
    expect([...l.ttft]).toEqual([1, 2, 4]);
    expect([...l.e2e]).toEqual([2, 3, 6]);
    expect([...l.queue]).toEqual([0, 0.5, 1]);
    expect([...l.tpot]).toEqual([0.5, 1]);
  });

  it('LATENCY_STATS names the statistics in the order of the summary', () => {
    expect(Object.keys(summarize(input()).ttftSeconds)).toEqual([...LATENCY_STATS]);
  });
});
