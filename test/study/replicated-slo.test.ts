import { describe, expect, it } from 'vitest';
import type { SloVerdict, Summary } from '../../sim/metrics/index.ts';
import { replicatedSloVerdicts, replicatedSummary } from '../../sim/study/index.ts';

/** A summary carrying only what the SLO verdicts read: p95 TTFT, the goodput fraction, the targets. */
function summary(p95: number, fraction: number, targets: { metric: 'ttft' | 'goodput'; percentile: 'p95' | 'fraction'; target: number }[]): Summary {
  const verdicts: SloVerdict[] = targets.map((t) => ({ ...t, value: NaN, ciLow: NaN, ciHigh: NaN, verdict: 'met' }));
  return { ttftSeconds: { p95 }, goodput: { fractionMeetingSlo: fraction }, slo: { verdicts } } as unknown as Summary;
}

describe('replicatedSloVerdicts(summaries)', () => {
  it('judges each target on the Student t interval of the replications\' values', () => {
    // p95 TTFT 0.1, 0.2, 0.3: mean 0.2, s = 0.1, half-width t(0.975, 2) · 0.1/√3 = 4.302653 · 0.057735 = 0.248414.
    const targets = [
      { metric: 'ttft', percentile: 'p95', target: 0.5 },
      { metric: 'ttft', percentile: 'p95', target: 0.3 },
      { metric: 'ttft', percentile: 'p95', target: -0.1 },
    ] as const;
    const v = replicatedSloVerdicts([0.1, 0.2, 0.3].map((p) => summary(p, 1, [...targets])));
    expect(v.map((x) => x.verdict)).toEqual(['met', 'undecided', 'missed']);
    expect(v[0].value).toBeCloseTo(0.2, 12);
    expect(v[0].ciLow).toBeCloseTo(0.2 - 0.248414, 5);
    expect(v[0].ciHigh).toBeCloseTo(0.2 + 0.248414, 5);
  });

  it('a goodput fraction is a lower bound: met only when the whole interval is above it', () => {
    const targets = [{ metric: 'goodput', percentile: 'fraction', target: 0.9 }] as const;
    expect(replicatedSloVerdicts([0.95, 0.96, 0.97].map((f) => summary(1, f, [...targets])))[0].verdict).toBe('met');
    expect(replicatedSloVerdicts([0.85, 0.9, 0.95].map((f) => summary(1, f, [...targets])))[0].verdict).toBe('undecided');
    expect(replicatedSloVerdicts([0.5, 0.51, 0.52].map((f) => summary(1, f, [...targets])))[0].verdict).toBe('missed');
  });

  it('replicatedSummary carries these verdicts, not replication 0\'s single-run ones', () => {
    const targets = [{ metric: 'ttft', percentile: 'p95', target: 0.25 }] as const;
    const r = replicatedSummary([0.1, 0.2, 0.3].map((p) => summary(p, 1, [...targets])));
    expect(r.slo?.verdicts.map((x) => x.verdict)).toEqual(['undecided']);
    expect(r.slo?.verdicts[0].value).toBeCloseTo(0.2, 12);
  });
});
