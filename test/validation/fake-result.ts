// A RunResult with a chosen summary, for validation tests that need exact predictions without
// simulating: every statistic 0 unless overridden.
import { type LatencyStats, type RunResult, type Summary } from '../../sim/metrics/index.ts';

const zeroStats = (): LatencyStats => ({ mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 });

export interface FakeNumbers {
  outputTokensPerSecond?: number;
  ttftMeanSeconds?: number;
  itlMeanSeconds?: number;
  finished?: number;
  /** Requests turned away at arrival (arrived = finished + rejected). */
  rejected?: number;
}

export function fakeResult(n: FakeNumbers): RunResult {
  const finished = n.finished ?? 1;
  const summary: Summary = {
    requests: { arrived: finished + (n.rejected ?? 0), finished, rejected: n.rejected ?? 0, measured: finished, unfinished: 0, measuredUnfinished: 0 },
    window: { startSeconds: 0, endSeconds: 0, endsAt: 'whole-run' },
    ttftSeconds: { ...zeroStats(), mean: n.ttftMeanSeconds ?? 0 },
    tpotSeconds: zeroStats(),
    itlSeconds: { ...zeroStats(), mean: n.itlMeanSeconds ?? 0 },
    e2eSeconds: zeroStats(),
    queueSeconds: zeroStats(),
    throughput: { requestsPerSecond: 0, inputTokensPerSecond: 0, outputTokensPerSecond: n.outputTokensPerSecond ?? 0 },
    goodput: { requestsPerSecond: 0, fractionMeetingSlo: 0 },
    throughputWithDrain: { requestsPerSecond: 0, inputTokensPerSecond: 0, outputTokensPerSecond: n.outputTokensPerSecond ?? 0 },
    goodputWithDrain: { requestsPerSecond: 0 },
    kv: { numGpuBlocks: 1, meanUsage: 0, maxUsage: 0, preemptions: 0, meanReservedUnusedFraction: 0, meanInternalFragmentation: 0, meanRunning: 0, meanUsageWithDrain: 0, meanRunningWithDrain: 0, preemptionsRecompute: 0, preemptionsSwap: 0, recomputedTokens: 0, swappedBlocks: 0, swapSeconds: 0 },
    cost: { gpuHours: 0, usdPer1kOutputTokens: 0, usdPer1kTokens: 0 },
    energy: { joulesPerOutputToken: 0 },
    costWithDrain: { gpuHours: 0, usdPer1kOutputTokens: 0, usdPer1kTokens: 0 },
    energyWithDrain: { joulesPerOutputToken: 0 },
    overloaded: false,
  };
  return {
    scenarioName: 'fake',
    seed: 0,
    summary,
    replicas: [],
    notes: [],
    timeSeries: { binSeconds: 1, points: [] },
    latencyCdf: { ttft: [], tpot: [], e2e: [] },
    simulatedSeconds: 0,
    events: 0,
    inSystemSeconds: 0,
  };
}
