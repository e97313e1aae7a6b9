// summary.routing's ratios by hand: max/mean and min/mean per quantity, 1 when the mean is 0.
import { describe, expect, it } from 'vitest';
import { maxMinOverMean, routingSummary } from '../../sim/metrics/index.ts';

describe('routing balance', () => {
  it('max/mean and min/mean', () => {
    expect(maxMinOverMean([1, 2, 3, 6])).toEqual([2, 1 / 3]); // mean 3
    expect(maxMinOverMean([5, 5])).toEqual([1, 1]);
    expect(maxMinOverMean([8, 0, 0, 0, 0, 0, 0, 0])).toEqual([8, 0]); // all on one of 8
    expect(maxMinOverMean([0, 0])).toEqual([1, 1]); // nothing: no imbalance by convention
    expect(maxMinOverMean([])).toEqual([1, 1]);
  });

  it('routingSummary names each quantity', () => {
    expect(routingSummary([10, 30], Float64Array.of(1, 3), [4, 0])).toEqual({
      requestsMaxOverMean: 1.5,
      requestsMinOverMean: 0.5,
      busyMaxOverMean: 1.5,
      busyMinOverMean: 0.5,
      kvUsageMaxOverMean: 2,
    });
  });
});
