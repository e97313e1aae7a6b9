// The SLO lines of the console report: one row per target with its direction, the value (± the
// half-width with an interval), the verdict; the heading says when there is no interval.
import { describe, expect, it } from 'vitest';
import type { SloVerdict } from '../../sim/metrics/index.ts';
import { formatRunSummary, formatSloVerdicts } from '../../sim/report/index.ts';
import { fakeRunResult } from './fake-run.ts';

const ttft: SloVerdict = { metric: 'ttft', percentile: 'p95', target: 0.5, value: 0.25, ciLow: NaN, ciHigh: NaN, verdict: 'met' };
const goodput: SloVerdict = { metric: 'goodput', percentile: 'fraction', target: 0.95, value: 0.9, ciLow: NaN, ciHigh: NaN, verdict: 'missed' };

describe('formatSloVerdicts(verdicts)', () => {
  it('is empty without targets', () => {
    expect(formatSloVerdicts([])).toBe('');
  });

  it('one run: "1 run: no interval", one row per target, latencies <= and goodput >=', () => {
    expect(formatSloVerdicts([ttft, goodput]).split('\n')).toEqual([
      'SLO targets (1 run: no interval):',
      '+---------+------------+-------------+----------+---------+',
      '| slo     | percentile |      target |    value | verdict |',
      '+---------+------------+-------------+----------+---------+',
      '| TTFT    | p95        | <= 500.0 ms | 250.0 ms | met     |',
      '| goodput | fraction   |    >= 95.0% |    90.0% | missed  |',
      '+---------+------------+-------------+----------+---------+',
    ]);
  });

  it('with intervals: value +/- half-width, and an undecided verdict asks for more replications', () => {
    const text = formatSloVerdicts([
      { ...ttft, value: 0.48, ciLow: 0.45, ciHigh: 0.52, verdict: 'undecided' },
      { ...goodput, value: 0.97, ciLow: 0.96, ciHigh: 0.98, verdict: 'met' },
    ]);
    expect(text.split('\n')[0]).toBe('SLO targets (95% intervals):');
    expect(text).toContain('| TTFT    | p95        | <= 500.0 ms | 480.0 ms +/- 35.0 ms | undecided: more replications needed |');
    expect(text).toContain('| goodput | fraction   |    >= 95.0% |       97.0% +/- 1.0% | met                                 |');
  });

  it('the run summary prints the table before the replica table only when the summary has verdicts', () => {
    const plain = fakeRunResult();
    expect(formatRunSummary(plain)).not.toContain('SLO targets');
    const withSlo = fakeRunResult();
    withSlo.summary.slo = { verdicts: [ttft] };
    const text = formatRunSummary(withSlo);
    expect(text).toContain('1.75 J per output token\n\nSLO targets (1 run: no interval):\n');
    expect(text.indexOf('SLO targets')).toBeLessThan(text.indexOf('| replica |'));
    expect(/^[\x20-\x7e\n]*$/.test(text)).toBe(true);
  });
});
