// The console's routing-balance line: printed with more than one replica, 2 decimals; absent
// with one replica or a hand-built summary without routing.
import { describe, expect, it } from 'vitest';
import { routingLine } from '../../sim/report/index.ts';
import type { Summary } from '../../sim/metrics/index.ts';

const routing = { requestsMaxOverMean: 1.104, requestsMinOverMean: 0.8373, busyMaxOverMean: 8, busyMinOverMean: 0, kvUsageMaxOverMean: 1.14237 };

describe('routingLine', () => {
  it('states max/mean and min/mean over replicas', () => {
    expect(routingLine({ routing } as unknown as Summary, 8)).toBe(
      'routing balance (max/mean over replicas): requests 1.10, busy time 8.00, KV usage 1.14 (min/mean: requests 0.84, busy time 0.00)',
    );
  });
  it('is empty with one replica or no routing field', () => {
    expect(routingLine({ routing } as unknown as Summary, 1)).toBe('');
    expect(routingLine({} as Summary, 4)).toBe('');
  });
});
