// The console's per-class table: absent without classes; one row per class with its figures and
// the verdict of its SLO targets; class names escaped.
import { describe, expect, it } from 'vitest';
import type { ClassSummary } from '../../sim/metrics/index.ts';
import { formatClassTable } from '../../sim/report/index.ts';
import { fakeSummary } from './fake-run.ts';

function cls(p50: number, verdicts: ClassSummary['slo']['verdicts']): ClassSummary {
  const s = fakeSummary();
  const stats = { ...s.ttftSeconds, p50, p95: 2 * p50 };
  return {
    requests: { ...s.requests, measured: 120 },
    window: s.window,
    ttftSeconds: stats,
    tpotSeconds: { ...s.tpotSeconds, p95: 0.03 },
    e2eSeconds: s.e2eSeconds,
    queueSeconds: s.queueSeconds,
    throughput: s.throughput,
    goodput: { requestsPerSecond: 2.5, fractionMeetingSlo: 0.9 },
    cost: { ...s.cost, share: 0.25 },
    energy: s.energy,
    throughputWithDrain: s.throughputWithDrain,
    goodputWithDrain: s.goodputWithDrain,
    slo: { verdicts },
  };
}

const met = { metric: 'ttft', percentile: 'p95', target: 1, value: 0.5, ciLow: NaN, ciHigh: NaN, verdict: 'met' } as const;
const missed = { ...met, value: 2, verdict: 'missed' } as const;

describe('formatClassTable(summary)', () => {
  it("is '' when the summary has no classes (a run without classes prints as before)", () => {
    expect(formatClassTable(fakeSummary())).toBe('');
  });

  it('prints one row per class: measured, p50/p95 TTFT, p95 TPOT, goodput, cost share and the SLO verdict', () => {
    const text = formatClassTable({ ...fakeSummary(), classes: { chat: cls(0.1, [met]), 'batch\u001b[2J': cls(0.25, [met, missed]), free: cls(0.5, []) } });
    const lines = text.split('\n');
    expect(lines[1]).toMatch(/\| class\s+\| measured \| TTFT p50 \| TTFT p95 \| TPOT p95 \|\s+goodput \| meeting SLO \| cost share \| SLO\s+\|/);
    const body = lines.filter((l) => l.startsWith('| ') && !l.includes('class'));
    expect(body).toHaveLength(3);
    expect(body[0]).toMatch(/^\| chat +\| +120 \| 100\.0 ms \| 200\.0 ms \| +30\.0 ms \| 2\.50 req\/s \| +90\.0% \| +25\.0% \| met +\|$/);
    expect(body[1]).toContain('batch\\x1b[2J');
    expect(body[1]).toContain('missed 1/2');
    expect(body[2]).toMatch(/\| -\s+\|$/);
  });

  it('adds KV mean and peak with classes.<name>.kvUsage, and generation and output with per-class generation', () => {
    const kv = { meanUsage: 0.125, maxUsage: 0.5, meanUsageWithDrain: 0.1 };
    const chat = { ...cls(0.1, [met]), kvUsage: kv };
    const wide = { ...cls(0.1, [met]), kvUsage: kv, generation: { kind: 'beam' as const, numSeqs: 4, deliveredOutputTokensPerSecond: 50, generatedOutputTokensPerSecond: 200 } };
    const base = fakeSummary();
    const plain = formatClassTable({ ...base, classes: { chat } }).split('\n');
    expect(plain[1]).toMatch(/\| SLO\s+\| KV mean \| KV peak \|$/);
    expect(plain.find((l) => l.startsWith('| chat'))).toMatch(/\| +12\.5% \| +50\.0% \|$/);
    const generation = { kind: 'per-class' as const, numSeqs: 4, deliveredOutputTokensPerSecond: 60, generatedOutputTokensPerSecond: 210 };
    const mixed = formatClassTable({ ...base, generation, classes: { chat, wide } }).split('\n');
    expect(mixed[1]).toMatch(/\| KV peak \| generation \| +output \|$/);
    expect(mixed.find((l) => l.startsWith('| chat'))).toMatch(/\| greedy +\| .* tok\/s \|$/);
    expect(mixed.find((l) => l.startsWith('| wide'))).toMatch(/\| beam 4 +\| .* tok\/s \|$/);
  });
});
