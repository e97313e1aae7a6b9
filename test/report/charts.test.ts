import { describe, expect, it } from 'vitest';
import { latencyCdfData, latencyCdfSpec, timelineData, timelineSpec } from '../../sim/report/index.ts';
import type { CdfDatum } from '../../sim/report/index.ts';
import { columnsOf, fakeRunResult, syntheticRequests } from './fake-run.ts';

function valuesOf(spec: object): CdfDatum[] {
  return (spec as { data: { values: CdfDatum[] } }).data.values;
}

describe('latencyCdfSpec(result)', () => {
  it('is a Vega-Lite v6 spec titled with the scenario name, data inlined', () => {
    const spec = latencyCdfSpec(fakeRunResult()) as unknown as Record<string, unknown>;
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    expect(JSON.stringify(spec.title)).toContain('fake-chat');
    expect(Array.isArray(valuesOf(spec))).toBe(true);
  });

  it('plots only the measured finished requests, in ms', () => {
    // Requests 0 and 1 finished (TTFT 250 and 500 ms); the unfinished request 3 (TTFT 1 s) is left out.
    expect(latencyCdfData(fakeRunResult())).toEqual([
      { metric: 'TTFT', latencyMs: 250, fraction: 0.5 },
      { metric: 'TTFT', latencyMs: 500, fraction: 1 },
      { metric: 'TPOT', latencyMs: 250, fraction: 0.5 },
      { metric: 'TPOT', latencyMs: 250, fraction: 1 },
      { metric: 'E2E', latencyMs: 1250, fraction: 0.5 },
      { metric: 'E2E', latencyMs: 2500, fraction: 1 },
    ]);
  });

  it('keeps at most 200 points per metric, from the minimum to the maximum at fraction 1', () => {
    const result = fakeRunResult({ requests: syntheticRequests(50_000) });
    const values = valuesOf(latencyCdfSpec(result));
    for (const metric of ['TTFT', 'TPOT', 'E2E']) {
      const curve = values.filter((d) => d.metric === metric);
      expect(curve.length).toBeGreaterThan(100);
      expect(curve.length).toBeLessThanOrEqual(200);
      const ms = curve.map((d) => d.latencyMs);
      expect(curve[0].fraction).toBe(1 / 50_000);
      expect(curve.at(-1)!.fraction).toBe(1);
      expect(Math.min(...ms)).toBe(ms[0]);
      expect(Math.max(...ms)).toBe(ms.at(-1));
    }
    // Synthetic TTFTs are 1..50,000 ms, scrambled across requests.
    const ttft = values.filter((d) => d.metric === 'TTFT');
    expect(ttft[0].latencyMs).toBeCloseTo(1, 6);
    expect(ttft.at(-1)!.latencyMs).toBeCloseTo(50_000, 6);
  });

  it('uses a log latency axis when every latency is positive', () => {
    const spec = latencyCdfSpec(fakeRunResult()) as { encoding: { x: { scale: { type: string } } } };
    expect(spec.encoding.x.scale.type).toBe('log');
  });

  it('plots the summary\'s populations: TPOT leaves out a request with one output token, warm-up requests are left out', () => {
    const finished = { scheduledAt: 0, numPromptTokens: 10, numPreemptions: 0, replica: 0, status: 1 };
    const requests = columnsOf([
      // TTFT 0.25, TPOT (1.25 − 0.25)/4 = 0.25
      { ...finished, arrivedAt: 0, firstTokenAt: 0.25, finishedAt: 1.25, numOutputTokens: 5, measured: 1 },
      // one output token: TTFT and E2E 0.5, no TPOT
      { ...finished, arrivedAt: 0, firstTokenAt: 0.5, finishedAt: 0.5, numOutputTokens: 1, measured: 1 },
      // warm-up: not plotted
      { ...finished, arrivedAt: 0, firstTokenAt: 2, finishedAt: 4, numOutputTokens: 2, measured: 0 },
    ]);
    expect(latencyCdfData(fakeRunResult({ requests }))).toEqual([
      { metric: 'TTFT', latencyMs: 250, fraction: 0.5 },
      { metric: 'TTFT', latencyMs: 500, fraction: 1 },
      { metric: 'TPOT', latencyMs: 250, fraction: 1 },
      { metric: 'E2E', latencyMs: 500, fraction: 0.5 },
      { metric: 'E2E', latencyMs: 1250, fraction: 1 },
    ]);
  });
});

describe('timelineSpec(result)', () => {
  it('has one row per time-series point, KV usage in percent', () => {
    expect(timelineData(fakeRunResult())).toEqual([
      { tSeconds: 0, kvUsagePercent: 25, outputTokensPerSecond: 100, running: 2, waiting: 0 },
      { tSeconds: 1, kvUsagePercent: 50, outputTokensPerSecond: 200, running: 3, waiting: 1 },
    ]);
  });

  it('stacks KV usage, output tokens/s and running/waiting charts', () => {
    const spec = timelineSpec(fakeRunResult()) as { $schema: string; vconcat: { encoding: { y: { field: string } } }[] };
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    expect(spec.vconcat.map((v) => v.encoding.y.field)).toEqual(['kvUsagePercent', 'outputTokensPerSecond', 'requests']);
  });
});
