import { describe, expect, it } from 'vitest';
import { formatRunSummary } from '../../sim/report/index.ts';
import { runScenario } from '../fixtures/run.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

// Llama-3.1-8B on one H100 at gpuMemoryUtilization 0.25: 1544 blocks × 16 tokens of KV, under
// long-output traffic (prompt ≈ 200, output ≈ 600 tokens) at 20 requests/s, so KV limits concurrency.
const run = (kvLayout: 'paged' | 'contiguous') =>
  runScenario(
    scenarioFrom(
      withChanges(baseScenario(), {
        'engine.gpuMemoryUtilization': 0.25,
        'engine.kvLayout': kvLayout,
        'workload.arrival.ratePerSecond': 20,
        'workload.promptTokens.meanTokens': 200,
        'workload.outputTokens.meanTokens': 600,
      }),
    ),
  );

describe('runScenario with engine.kvLayout', () => {
  const paged = run('paged');
  const contiguous = run('contiguous');

  it('contiguous reservation runs markedly fewer requests at once and leaves reserved slots unused', () => {
    expect(contiguous.summary.requests.finished).toBe(400);
    expect(paged.summary.requests.finished).toBe(400);
    expect(contiguous.summary.kv.preemptions).toBe(0); // a reservation never grows
    expect(contiguous.summary.kv.meanRunning).toBeLessThan(0.75 * paged.summary.kv.meanRunning);
    expect(paged.summary.kv.meanReservedUnusedFraction).toBe(0);
    expect(contiguous.summary.kv.meanReservedUnusedFraction).toBeGreaterThan(0.2);
    expect(contiguous.notes[0]).toMatch(/KV layout contiguous/);
  });

  it("the paged pool's internal fragmentation is only the last partial block of each running request", () => {
    const { kv } = paged.summary;
    const blockSize = 16;
    // Exact per step, hence for the time-weighted means: waste ≤ running × (blockSize − 1) slots.
    expect(kv.meanInternalFragmentation).toBeLessThanOrEqual((kv.meanRunning * (blockSize - 1)) / (kv.numGpuBlocks * blockSize));
    // The rule of thumb: below blockSize / mean tokens per request (prompt + output).
    const r = paged.requests;
    let tokens = 0;
    for (let i = 0; i < r.count; i++) tokens += r.numPromptTokens[i] + r.numOutputTokens[i];
    expect(kv.meanInternalFragmentation).toBeGreaterThan(0);
    expect(kv.meanInternalFragmentation).toBeLessThan(blockSize / (tokens / r.count));
  });

  it('the default layout is paged and matches an explicit paged run', () => {
    const dflt = runScenario(
      scenarioFrom(withChanges(baseScenario(), { 'engine.gpuMemoryUtilization': 0.25, 'workload.arrival.ratePerSecond': 20, 'workload.promptTokens.meanTokens': 200, 'workload.outputTokens.meanTokens': 600 })),
    );
    expect(JSON.stringify(dflt.summary)).toBe(JSON.stringify(paged.summary));
  });
});

describe('the pre-PagedAttention stack against the modern one (same traffic, same GPU)', () => {
  // Contiguous KV + static batching (B 32, 0.1 s timeout) vs paged KV + continuous batching,
  // Llama-3.1-8B on one H100 at gpuMemoryUtilization 0.25, offline (every request at t = 0), so
  // throughput is the capacity each stack reaches.
  const offline = (modern: boolean) =>
    runScenario(
      scenarioFrom(
        withChanges(baseScenario(), {
          'engine.gpuMemoryUtilization': 0.25,
          'engine.kvLayout': modern ? 'paged' : 'contiguous',
          'engine.batching': modern ? { kind: 'continuous' } : { kind: 'static', maxBatchSize: 32, batchTimeoutSeconds: 0.1 },
          'workload.arrival': { kind: 'max' },
          'workload.promptTokens.meanTokens': 200,
          'workload.outputTokens.meanTokens': 600,
        }),
      ),
    );
  const old = offline(false);
  const modern = offline(true);

  it('paged + continuous runs markedly more requests at once and delivers markedly more tokens/s', () => {
    expect(old.summary.requests.finished).toBe(400);
    expect(modern.summary.requests.finished).toBe(400);
    expect(modern.summary.kv.meanRunning).toBeGreaterThan(1.5 * old.summary.kv.meanRunning);
    expect(modern.summary.throughput.outputTokensPerSecond).toBeGreaterThan(1.5 * old.summary.throughput.outputTokensPerSecond);
  });

  it('the report states the fragmentation fractions of each', () => {
    expect(old.summary.kv.meanReservedUnusedFraction).toBeGreaterThan(0.1);
    expect(modern.summary.kv.meanReservedUnusedFraction).toBe(0);
    expect(modern.summary.kv.meanInternalFragmentation).toBeLessThan(0.05);
    for (const r of [old, modern]) {
      expect(formatRunSummary(r)).toMatch(/kv layout: [\d.]+ running requests per replica on average, [\d.]+% of slots lost to partly filled blocks, [\d.]+% reserved but unused/);
    }
  });
});
