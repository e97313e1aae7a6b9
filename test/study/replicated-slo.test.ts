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

  it('re-judges each class\'s verdicts on its own replicated values; the other class fields are intervals; windows are replication 0\'s rows', () => {
    // Class 'chat' p95 TTFT 0.1, 0.2, 0.3 against 0.25 (interval 0.2 ± 0.248414: undecided) and
    // 0.5 (met); class 'batch' p95 TTFT 2.0, 2.1, 2.2 (interval 2.1 ± 0.248414) against 1 (missed).
    const chatTargets = [
      { metric: 'ttft', percentile: 'p95', target: 0.25 },
      { metric: 'ttft', percentile: 'p95', target: 0.5 },
    ] as const;
    const batchTargets = [{ metric: 'ttft', percentile: 'p95', target: 1 }] as const;
    const windows = (k: number) => [{ start: 0, end: 60, arrivals: 10 + k, completions: 9, ttftSeconds: { p50: 0.1, p95: 0.2, p99: 0.3 }, tpotSeconds: { p50: 0.01, p95: 0.02, p99: 0.03 }, outputTokensPerSecond: 5 }];
    const summaries = [0, 1, 2].map((k) => {
      const s = summary(0.5, 1, []);
      s.classes = {
        chat: summary(0.1 * (k + 1), 1, [...chatTargets]),
        batch: summary(2 + 0.1 * k, 1, [...batchTargets]),
      } as unknown as Summary['classes'];
      s.windows = windows(k);
      return s;
    });
    // Replication 0's single-run verdicts say 'met' for every target (summary()): the study replaces them.
    const r = replicatedSummary(summaries);
    expect(Object.keys(r.classes!)).toEqual(['chat', 'batch']);
    const chat = r.classes!.chat.slo.verdicts;
    expect(chat.map((v) => v.verdict)).toEqual(['undecided', 'met']);
    expect(chat[0].value).toBeCloseTo(0.2, 12);
    expect(chat[0].ciLow).toBeCloseTo(0.2 - 0.248414, 5);
    expect(chat[0].ciHigh).toBeCloseTo(0.2 + 0.248414, 5);
    expect(r.classes!.batch.slo.verdicts.map((v) => [v.verdict, v.ciLow])).toEqual([['missed', expect.closeTo(2.1 - 0.248414, 5)]]);
    // The class's own numbers are replicated like the fleet's.
    expect(r.classes!.chat.ttftSeconds.p95.values.map((x) => Number(x.toFixed(12)))).toEqual([0.1, 0.2, 0.3]);
    expect(r.classes!.chat.ttftSeconds.p95.n).toBe(3);
    // windows: replication 0's rows verbatim (the report's windows.csv and chart are replication 0's).
    expect(r.windows).toEqual(windows(0));
  });

  it('a class with nothing measured in one replication misses its latency targets for the study', () => {
    const targets = [{ metric: 'ttft', percentile: 'p95', target: 1 }] as const;
    const summaries = [0.1, 0.2, 0.3].map((p, k) => {
      const s = summary(0.5, 1, []);
      const c = summary(k === 1 ? NaN : p, 1, [...targets]);
      if (k === 1) c.slo!.verdicts[0] = { ...c.slo!.verdicts[0], verdict: 'missed' };
      s.classes = { chat: c } as unknown as Summary['classes'];
      return s;
    });
    expect(replicatedSummary(summaries).classes!.chat.slo.verdicts.map((v) => v.verdict)).toEqual(['missed']);
  });
});
