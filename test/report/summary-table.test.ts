import { describe, expect, it } from 'vitest';
import type { Summary } from '../../sim/metrics/index.ts';
import { formatRunSummary, overloadedLine } from '../../sim/report/index.ts';
import { fakeRunResult, fakeSummary } from './fake-run.ts';

const lines = (text: string) => text.split('\n');

describe('formatRunSummary(result)', () => {
  const text = formatRunSummary(fakeRunResult());

  it('opens with the scenario, seed, simulated time and events', () => {
    expect(lines(text)[0]).toBe('scenario fake-chat | seed 42 | 12.0 s simulated | 1,234 events');
  });

  it('counts the requests', () => {
    expect(text).toContain('requests: 4 arrived, 2 finished, 1 rejected, 1 unfinished, 2 measured');
  });

  it('tabulates latencies by metric and percentile, ms below a second and s above', () => {
    expect(text).toContain('| latency |     mean |      p50 |      p90 |      p95 |      p99 |      max |');
    expect(text).toContain('| TTFT    | 123.4 ms | 100.0 ms | 200.0 ms | 250.0 ms | 500.0 ms |   1.23 s |');
    expect(text).toContain('| TPOT    |  25.0 ms |');
    expect(text).toContain('| ITL     | 0.400 ms |');
    expect(text).toContain('| E2E     |   1.88 s |   1.25 s |   2.50 s |');
    expect(text).toContain('| queue   | 187.5 ms |');
  });

  it('reports throughput, goodput, KV cache, cost and energy', () => {
    expect(text).toContain('throughput: 12.50 req/s, 12,346 input tok/s, 987.8 output tok/s');
    expect(text).toContain('goodput: 11.25 req/s, 90.0% of measured requests meeting the SLO');
    expect(text).toContain('kv cache: 12,345 blocks, mean usage 45.6%, max usage 98.7%, 3 preemptions');
    expect(text).toContain('kv layout: 12.0 running requests per replica on average, 1.0% of slots lost to partly filled blocks, 0.0% reserved but unused');
    expect(text).toContain('cost: 0.0333 GPU-hours, $0.0123 per 1k output tokens, $0.000456 per 1k tokens');
    expect(text).toContain('energy: 1.50 J per output token');
  });

  it('tabulates each replica with its regime shares', () => {
    expect(text).toContain(
      '| replica | gpu      | tp | blocks | steps |  util | compute | memory | comm | overhead | dominant |',
    );
    expect(text).toContain(
      '|       0 | H100-SXM |  2 | 12,345 | 4,321 | 75.0% |   20.0% |  70.0% | 5.0% |     5.0% | memory   |',
    );
  });

  it('prints each note as "note: …"', () => {
    expect(lines(text)).toContain('note: fp4 weights unsupported on H100-SXM; fell back to fp8');
  });

  it('prints no OVERLOADED line for a run that kept up', () => {
    expect(text).not.toContain('OVERLOADED');
  });

  it('ends with one OVERLOADED line when summary.overloaded', () => {
    const overloaded = lines(formatRunSummary(fakeRunResult({ overloaded: true })));
    expect(overloaded.filter((l) => l.includes('OVERLOADED'))).toHaveLength(1);
    expect(overloaded.at(-1)).toBe('OVERLOADED: 1 of 4 requests unfinished at the drain limit (600 s after the last arrival); latencies grow with the run length: add replicas or lower the rate');
  });

  it('names only the overload evidence that holds: queue growth, unfinished requests, the drain limit', () => {
    const summary = (overloadEvidence: Summary['overloadEvidence']): Summary => ({ ...fakeSummary(true), overloadEvidence });
    const tail = '; latencies grow with the run length: add replicas or lower the rate';
    // Growth alone (today's contradiction was "0 of 40,000 requests unfinished" here).
    expect(overloadedLine(summary({ queueGrowth: { earlyWaiting: 3.14, lateWaiting: 812.4 } }))).toBe(
      'OVERLOADED: the waiting queue grew from 3.1 to 812.4 requests on average while requests arrived' + tail,
    );
    expect(overloadedLine(summary({ queueGrowth: { earlyWaiting: 3.14, lateWaiting: 812.4 } }))).not.toContain('unfinished');
    expect(overloadedLine(summary({ unfinished: 1 }))).toBe('OVERLOADED: 1 of 4 requests unfinished at the end' + tail);
    expect(overloadedLine(summary({ drainLimitSeconds: 1234 }))).toBe('OVERLOADED: the drain limit (1,234 s after the last arrival) was reached' + tail);
    expect(overloadedLine(summary({ queueGrowth: { earlyWaiting: 0, lateWaiting: 50 }, unfinished: 3, drainLimitSeconds: 600 }))).toBe(
      'OVERLOADED: the waiting queue grew from 0.0 to 50.0 requests on average while requests arrived; 3 of 4 requests unfinished at the drain limit (600 s after the last arrival)' + tail,
    );
  });

  it('states the measurement window and the drain-inclusive figures', () => {
    expect(lines(text)).toContain('window: 0 ms to 300.0 ms (last arrival); rates, utilization, cost and energy are over it, latencies over the requests that arrived in it');
    expect(lines(text)).toContain('drain included: 800.3 output tok/s, $0.000684 per 1k tokens, 1.75 J per output token');
    const whole = formatRunSummary({ ...fakeRunResult(), summary: { ...fakeSummary(), window: { startSeconds: 0, endSeconds: 2, endsAt: 'whole-run' } } });
    expect(whole).toContain('window: the whole run, drain included');
    expect(whole).not.toContain('drain included:');
  });

  it('is plain ASCII with no trailing newline', () => {
    const overloaded = formatRunSummary(fakeRunResult({ overloaded: true }));
    expect(overloaded).toMatch(/^[\x20-\x7e\n]*$/);
    expect(overloaded.endsWith('\n')).toBe(false);
  });
});

describe('formatRunSummary with pipeline parallelism', () => {
  it('shows tp×pp in the replica table only when a replica is pipelined', () => {
    const result = fakeRunResult();
    expect(formatRunSummary(result)).not.toContain('tp×pp');
    result.replicas[0].pp = 4;
    const text = formatRunSummary(result);
    expect(text).toContain('tp×pp');
    expect(text).toMatch(/\|\s+2×4 \|/);
  });
});

describe('the model-error band under the table (console and index.html)', () => {
  it('prints the 80% bands with units, and why the scenario is not calibrated', () => {
    const band = (lo: number, hi: number) => ({ modelInterval: [lo, hi] as [number, number], neighbourhood: 'metric=x', rows: 10 });
    const result = fakeRunResult();
    const s = { ...result.summary, modelError: { calibrated: false, reason: 'engine vllm has no calibration rows', outputTokensPerSecond: band(1394.4, 1869.6), ttftMeanSeconds: band(0.053, 0.0685), tpotMeanSeconds: null } } as Summary;
    const text = formatRunSummary({ ...result, summary: s });
    expect(text).toContain('\nmodel error (80% band from the calibration residuals of alike setups): output 1394–1870 tok/s, TTFT mean 53.0–68.5 ms, TPOT mean n/a\nnot calibrated: engine vllm has no calibration rows');
    expect(formatRunSummary(result)).not.toContain('model error');
  });
});
