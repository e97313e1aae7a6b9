// SLO verdicts: every branch of sloVerdict (interval fully on the good side, fully on the bad
// side, straddling; NaN bounds judged on the value; goodput's lower-bound direction; equality on
// the good side), sloValue's field for every metric and percentile, and checkExitCode's table.
import { describe, expect, it } from 'vitest';
import { checkExitCode, sloTargets, sloValue, sloVerdict, sloVerdictsOf, type SloTarget, type SloVerdict } from '../../sim/metrics/index.ts';
import { fakeSummary } from '../report/fake-run.ts';

const p95 = (target: number): SloTarget => ({ metric: 'ttft', percentile: 'p95', target });
const fraction = (target: number): SloTarget => ({ metric: 'goodput', percentile: 'fraction', target });
const verdictOf = (t: SloTarget, value: number, ciLow = NaN, ciHigh = NaN) => sloVerdict(t, { value, ciLow, ciHigh }).verdict;

describe('sloVerdict: a latency target is an upper bound', () => {
  it('interval wholly below the target: met; wholly above: missed; straddling: undecided', () => {
    expect(verdictOf(p95(0.5), 0.45, 0.4, 0.49)).toBe('met');
    expect(verdictOf(p95(0.5), 0.55, 0.51, 0.6)).toBe('missed');
    expect(verdictOf(p95(0.5), 0.48, 0.45, 0.52)).toBe('undecided');
    // The value's side does not decide when there is an interval.
    expect(verdictOf(p95(0.5), 0.55, 0.45, 0.6)).toBe('undecided');
  });

  it('equality is on the good side: an interval ending at the target is met, one starting at it is undecided', () => {
    expect(verdictOf(p95(0.5), 0.45, 0.4, 0.5)).toBe('met');
    expect(verdictOf(p95(0.5), 0.55, 0.5, 0.6)).toBe('undecided');
    expect(verdictOf(p95(0.5), 0.5, 0.5, 0.5)).toBe('met');
  });

  it('NaN bounds (one run): met or missed on the value alone, the value at the target met', () => {
    expect(verdictOf(p95(0.5), 0.49)).toBe('met');
    expect(verdictOf(p95(0.5), 0.5)).toBe('met');
    expect(verdictOf(p95(0.5), 0.51)).toBe('missed');
    // One NaN bound is no interval either.
    expect(verdictOf(p95(0.5), 0.51, 0.4, NaN)).toBe('missed');
    // No estimate at all: undecided.
    expect(verdictOf(p95(0.5), NaN)).toBe('undecided');
  });

  it('carries the target and the estimate into the verdict, bounds as given', () => {
    expect(sloVerdict(p95(0.5), { value: 0.45, ciLow: 0.4, ciHigh: 0.49 })).toEqual({ metric: 'ttft', percentile: 'p95', target: 0.5, value: 0.45, ciLow: 0.4, ciHigh: 0.49, verdict: 'met' });
    expect(JSON.parse(JSON.stringify(sloVerdict(p95(0.5), { value: 0.45, ciLow: NaN, ciHigh: NaN })))).toEqual({ metric: 'ttft', percentile: 'p95', target: 0.5, value: 0.45, ciLow: null, ciHigh: null, verdict: 'met' });
  });
});

describe('sloVerdict: the goodput fraction is a lower bound', () => {
  it('interval wholly above: met; wholly below: missed; straddling: undecided; equality met', () => {
    expect(verdictOf(fraction(0.95), 0.97, 0.96, 0.98)).toBe('met');
    expect(verdictOf(fraction(0.95), 0.9, 0.88, 0.94)).toBe('missed');
    expect(verdictOf(fraction(0.95), 0.95, 0.93, 0.97)).toBe('undecided');
    expect(verdictOf(fraction(0.95), 0.96, 0.95, 0.97)).toBe('met');
    expect(verdictOf(fraction(0.95), 0.93, 0.91, 0.95)).toBe('undecided');
  });

  it('one run: above or at the target met, below missed', () => {
    expect(verdictOf(fraction(0.95), 0.96)).toBe('met');
    expect(verdictOf(fraction(0.95), 0.95)).toBe('met');
    expect(verdictOf(fraction(0.95), 0.94)).toBe('missed');
  });
});

describe('sloValue and sloVerdictsOf', () => {
  it('reads each metric\'s statistic, and goodput.fractionMeetingSlo', () => {
    const s = fakeSummary();
    expect(sloValue(s, { metric: 'ttft', percentile: 'p99', target: 1 })).toBe(0.5);
    expect(sloValue(s, { metric: 'ttft', percentile: 'mean', target: 1 })).toBe(0.1234);
    expect(sloValue(s, { metric: 'tpot', percentile: 'p50', target: 1 })).toBe(0.025);
    expect(sloValue(s, { metric: 'itl', percentile: 'p90', target: 1 })).toBe(0.0004);
    expect(sloValue(s, { metric: 'e2e', percentile: 'p95', target: 1 })).toBe(2.5);
    expect(sloValue(s, fraction(0.5))).toBe(0.9);
  });

  it('a percentile a metric does not have is a bug, not a verdict', () => {
    expect(() => sloValue(fakeSummary(), { metric: 'goodput', percentile: 'p95', target: 1 })).toThrow(/internal/);
    expect(() => sloValue(fakeSummary(), { metric: 'ttft', percentile: 'fraction', target: 1 })).toThrow(/internal/);
  });

  it('one run\'s verdicts: value from the summary, NaN bounds, in the targets\' order', () => {
    const targets = sloTargets({ goodput: { fraction: 0.95 }, ttft: { p95: 0.3, p50: 0.1 }, e2e: { p99: 2 } });
    expect(sloVerdictsOf(fakeSummary(), targets)).toEqual([
      { metric: 'ttft', percentile: 'p50', target: 0.1, value: 0.1, ciLow: NaN, ciHigh: NaN, verdict: 'met' },
      { metric: 'ttft', percentile: 'p95', target: 0.3, value: 0.25, ciLow: NaN, ciHigh: NaN, verdict: 'met' },
      { metric: 'e2e', percentile: 'p99', target: 2, value: 2.5, ciLow: NaN, ciHigh: NaN, verdict: 'missed' },
      { metric: 'goodput', percentile: 'fraction', target: 0.95, value: 0.9, ciLow: NaN, ciHigh: NaN, verdict: 'missed' },
    ]);
  });
});

describe('checkExitCode', () => {
  const v = (verdict: SloVerdict['verdict']): SloVerdict => ({ ...p95(0.5), value: 0.4, ciLow: NaN, ciHigh: NaN, verdict });
  const cases: [SloVerdict['verdict'][], boolean, 0 | 3 | 4][] = [
    [[], false, 0],
    [[], true, 3],
    [['met', 'met'], false, 0],
    [['met', 'met'], true, 3],
    [['met', 'missed'], false, 3],
    [['met', 'undecided'], false, 4],
    [['undecided', 'undecided'], false, 4],
    [['undecided', 'missed'], false, 3],
    [['undecided'], true, 3],
  ];
  for (const [verdicts, overloaded, code] of cases) {
    it(`[${verdicts.join(', ')}]${overloaded ? ', overloaded' : ''} → ${code}`, () => {
      expect(checkExitCode(verdicts.map(v), overloaded)).toBe(code);
    });
  }
});
