// The console's KV-transfer line: present only for a disaggregated run, figures as summary.transfers holds them.
import { describe, expect, it } from 'vitest';
import { transfersLine } from '../../sim/report/transfers-line.ts';
import type { Summary } from '../../sim/metrics/index.ts';

const stats = (p50: number, p95: number, p99: number) => ({ mean: p50, p50, p90: p95, p95, p99, max: p99 });

describe('transfers line', () => {
  it('is empty without summary.transfers', () => {
    expect(transfersLine({} as Summary)).toBe('');
  });

  it('shows count, GB, time percentiles, queue, link utilization, the link and the decode admission wait', () => {
    const s = {
      transfers: {
        count: 1200,
        bytes: 955.6e9,
        seconds: stats(0.0174, 0.0384, 0.0498),
        queueSeconds: stats(0, 0.0251, 0.03),
        linkUtilization: 0.073,
        decodeAdmissionWaitSeconds: stats(0, 0.002, 0.003),
        linkScope: 'shared',
        bandwidthBytesPerSecond: 50e9,
        latencySeconds: 1e-5,
      },
    } as unknown as Summary;
    expect(transfersLine(s)).toBe(
      'KV transfers (prefill → decode): 1,200, 955.6 GB; time p50 17.4 ms, p95 38.4 ms, p99 49.8 ms (queue p95 25.1 ms); ' +
        'link utilization 7.3% (shared, 50.00 GB/s + 0.010 ms); decode admission wait p95 2.00 ms',
    );
    s.transfers!.bandwidthBytesPerSecond = Infinity;
    expect(transfersLine(s)).toContain('(shared, unbounded bandwidth + 0.010 ms)');
  });
});
