// A hand-built RunResult for the report tests: four requests (finished, finished, rejected,
// unfinished) with binary-exact instants so derived latencies print exactly, one replica, two
// time-series points; plus a generator of many synthetic requests for the size tests.

import { RequestOutcomes, emptyColumns, histogramCdf, type RequestColumns, type RunResult, type Summary } from '../../sim/metrics/index.ts';

type RequestRow = { [K in Exclude<keyof RequestColumns, 'count' | 'recordOrder' | 'classIndex'>]: number } & { classIndex?: number };

/** Columns holding the given rows, in order. */
export function columnsOf(rows: RequestRow[]): RequestColumns {
  const c = emptyColumns(rows.length);
  rows.forEach((row, i) => {
    for (const key of Object.keys(row) as (keyof RequestRow)[]) c[key][i] = row[key] ?? 0;
  });
  return c;
}

export const FAKE_REQUESTS = columnsOf([
  // finished: ttft 0.25, tpot (1.75 − 0.75)/4 = 0.25, e2e 1.25
  { arrivedAt: 0.5, scheduledAt: 0.625, firstTokenAt: 0.75, finishedAt: 1.75, numPromptTokens: 100, numOutputTokens: 5, numPreemptions: 0, replica: 0, status: 1, measured: 1 },
  // finished after one preemption: ttft 0.5, tpot 2/8 = 0.25, e2e 2.5
  { arrivedAt: 1, scheduledAt: 1.25, firstTokenAt: 1.5, finishedAt: 3.5, numPromptTokens: 200, numOutputTokens: 9, numPreemptions: 1, replica: 0, status: 1, measured: 1 },
  // rejected: never scheduled
  { arrivedAt: 2, scheduledAt: NaN, firstTokenAt: NaN, finishedAt: NaN, numPromptTokens: 5000, numOutputTokens: 0, numPreemptions: 0, replica: -1, status: 2, measured: 1 },
  // unfinished at the end of the run: ttft 1, no tpot or e2e
  { arrivedAt: 3, scheduledAt: 3.5, firstTokenAt: 4, finishedAt: NaN, numPromptTokens: 50, numOutputTokens: 3, numPreemptions: 0, replica: 0, status: 0, measured: 1 },
]);

/** The run's CDFs as runScenario computes them: every row folded into RequestOutcomes' histograms. */
export function latencyCdfOf(c: RequestColumns): RunResult['latencyCdf'] {
  const outcomes = new RequestOutcomes({ ttftSeconds: 1, tpotSeconds: 1 });
  for (let id = 0; id < c.count; id++) {
    outcomes.add({ id, arrivedAt: c.arrivedAt[id], scheduledAt: c.scheduledAt[id], firstTokenAt: c.firstTokenAt[id], finishedAt: c.finishedAt[id], numPromptTokens: c.numPromptTokens[id], numOutputTokens: c.numOutputTokens[id], numPreemptions: c.numPreemptions[id], replica: c.replica[id], status: c.status[id], measured: c.measured[id], classIndex: c.classIndex[id] });
  }
  return { ttft: histogramCdf(outcomes.ttft), tpot: histogramCdf(outcomes.tpot), e2e: histogramCdf(outcomes.e2e) };
}

export function fakeSummary(overloaded = false): Summary {
  const stats = { mean: 0.1234, p50: 0.1, p90: 0.2, p95: 0.25, p99: 0.5, max: 1.234 };
  return {
    requests: { arrived: 4, finished: 2, rejected: 1, measured: 2, unfinished: 1, measuredUnfinished: 1 },
    window: { startSeconds: 0, endSeconds: 0.3, endsAt: 'last-arrival' },
    ttftSeconds: stats,
    tpotSeconds: { mean: 0.025, p50: 0.025, p90: 0.025, p95: 0.025, p99: 0.025, max: 0.025 },
    itlSeconds: { mean: 0.0004, p50: 0.0004, p90: 0.0004, p95: 0.0004, p99: 0.0004, max: 0.0004 },
    e2eSeconds: { mean: 1.875, p50: 1.25, p90: 2.5, p95: 2.5, p99: 2.5, max: 2.5 },
    queueSeconds: { mean: 0.1875, p50: 0.125, p90: 0.25, p95: 0.25, p99: 0.25, max: 0.25 },
    throughput: { requestsPerSecond: 12.5, inputTokensPerSecond: 12345.6, outputTokensPerSecond: 987.75 },
    goodput: { requestsPerSecond: 11.25, fractionMeetingSlo: 0.9 },
    throughputWithDrain: { requestsPerSecond: 10, inputTokensPerSecond: 10000.5, outputTokensPerSecond: 800.25 },
    goodputWithDrain: { requestsPerSecond: 9 },
    kv: { numGpuBlocks: 12345, meanUsage: 0.456, maxUsage: 0.987, preemptions: 3, meanReservedUnusedFraction: 0, meanInternalFragmentation: 0.01, meanRunning: 12, meanUsageWithDrain: 0.4, meanRunningWithDrain: 10, preemptionsRecompute: 3, preemptionsSwap: 0, recomputedTokens: 1200, swappedBlocks: 0, swapSeconds: 0 },
    cost: { gpuHours: 0.0333, usdPer1kOutputTokens: 0.0123, usdPer1kTokens: 0.000456 },
    energy: { joulesPerOutputToken: 1.5 },
    costWithDrain: { gpuHours: 0.05, usdPer1kOutputTokens: 0.0185, usdPer1kTokens: 0.000684 },
    energyWithDrain: { joulesPerOutputToken: 1.75 },
    overloaded,
    ...(overloaded ? { overloadEvidence: { unfinished: 1, drainLimitSeconds: 600 } } : {}),
  };
}

export function fakeRunResult(options: { overloaded?: boolean; requests?: RequestColumns } = {}): RunResult {
  return {
    scenarioName: 'fake-chat',
    seed: 42,
    summary: fakeSummary(options.overloaded ?? false),
    replicas: [
      {
        index: 0,
        gpu: 'H100-SXM',
        tp: 2,
        numGpuBlocks: 12345,
        steps: 4321,
        busySeconds: 9,
        utilization: 0.75,
        utilizationWithDrain: 0.6,
        regimeShares: { compute: 0.2, memory: 0.7, communication: 0.05, overhead: 0.05 },
        dominantRegime: 'memory',
      },
    ],
    notes: ['fp4 weights unsupported on H100-SXM; fell back to fp8'],
    timeSeries: {
      binSeconds: 1,
      points: [
        { tSeconds: 0, kvUsage: 0.25, outputTokensPerSecond: 100, running: 2, waiting: 0 },
        { tSeconds: 1, kvUsage: 0.5, outputTokensPerSecond: 200, running: 3, waiting: 1 },
      ],
    },
    latencyCdf: latencyCdfOf(options.requests ?? FAKE_REQUESTS),
    requests: options.requests ?? FAKE_REQUESTS,
    simulatedSeconds: 12,
    events: 1234,
    inSystemSeconds: 6.5,
  };
}

/**
 * n finished, measured requests with distinct latencies (a deterministic scramble, so the input
 * is not already sorted): request i has ttft (1 + k) ms, tpot (0.5 + k/100) ms over 11 tokens,
 * where k = (i · 7919) mod n.
 */
export function syntheticRequests(n: number): RequestColumns {
  const c = emptyColumns(n);
  c.numPromptTokens.fill(128);
  c.numOutputTokens.fill(11);
  c.status.fill(1);
  c.measured.fill(1);
  for (let i = 0; i < n; i++) {
    const k = (i * 7919) % n;
    c.arrivedAt[i] = i * 0.01;
    c.scheduledAt[i] = c.arrivedAt[i];
    c.firstTokenAt[i] = c.arrivedAt[i] + (1 + k) * 1e-3;
    c.finishedAt[i] = c.firstTokenAt[i] + 10 * (0.5 + k / 100) * 1e-3;
  }
  return c;
}
