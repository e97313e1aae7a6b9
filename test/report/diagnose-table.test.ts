// formatDiagnosis on a hand-made diagnosis: the header, the evidence table (value, threshold,
// past it), secondary findings, the prescriptions table with relative effects and intervals
// ('ns' when not significant), per-remedy lines, skipped remedies and notes; ASCII, no trailing newline.
import { describe, expect, it } from 'vitest';
import { formatDiagnosis, type DiagnoseView } from '../../sim/report/index.ts';

const VIEW: DiagnoseView = {
  scenario: 'x',
  replications: 3,
  bottleneck: {
    kind: 'kv-capacity',
    severity: 3.5,
    summary: 'the KV cache is too small',
    evidence: [
      { metric: 'kv.preemptionsPerRequest', label: 'preemptions per finished request', value: 0.5, threshold: 0.01, passes: true },
      { metric: 'speculative.meanAcceptanceLength', label: 'tokens per verify', value: 2, threshold: 1.5, passes: false, atMost: true },
    ],
  },
  secondary: [{ kind: 'queueing', severity: 1.25, summary: '', evidence: [] }],
  baseline: { usdPer1kOutputTokens: 0.001, sloMissed: ['ttft p95'] },
  prescriptions: [
    {
      rank: 1,
      remedy: 'fp8-kv-cache',
      title: 'FP8 KV cache',
      tier: 'fixes',
      changes: { 'precision.kvCache': 'fp8' },
      why: 'halves the KV bytes',
      verdict: 'improves the bottleneck and meets the SLO',
      usdPer1kOutputTokens: 0.0005,
      effect: {
        'kv.preemptions': { baseline: 100, relDiff: -0.5, ciLow: -60, ciHigh: -40, significant: true },
        'e2eSeconds.p95': { baseline: 10, relDiff: -0.01, ciLow: -0.3, ciHigh: 0.1, significant: false },
      },
      published: ['published (not simulated): none'],
      assumptions: ['ASSUMED nothing'],
      warnings: [],
    },
  ],
  skipped: [{ remedy: 'nvfp4-hybrid', reason: 'no FP4' }],
  notes: ['a note'],
};

describe('formatDiagnosis', () => {
  const text = formatDiagnosis(VIEW, ['kv.preemptions', 'e2eSeconds.p95']);
  const lines = text.split('\n');

  it('heads with the scenario, replications and the bottleneck with its severity', () => {
    expect(lines[0]).toBe('diagnose x | 3 replications | bottleneck: kv-capacity (severity 3.50)');
    expect(lines[1]).toBe('the KV cache is too small');
  });

  it('lists the evidence with its direction and whether it is past the threshold; then secondary findings and the baseline', () => {
    expect(text).toMatch(/\| preemptions per finished request \| kv\.preemptionsPerRequest +\| 0\.500 \| >= 0\.0100 \| yes +\|/);
    expect(text).toMatch(/\| tokens per verify +\| speculative\.meanAcceptanceLength \| +2\.00 \| +<= 1\.50 \| no +\|/);
    expect(text).toContain('secondary: queueing (severity 1.25)');
    expect(text).toContain('baseline: $0.00100 per 1k output tokens; misses ttft p95');
  });

  it('tabulates each prescription\'s relative effects with intervals, ns when not significant', () => {
    expect(text).toMatch(/\| +1 \| FP8 KV cache \| fixes \| -50\.00% \[-60\.00%, -40\.00%\] \| -1\.00% \[-3\.00%, \+1\.00%\] ns \| \$0\.000500 \|/);
    expect(text).toContain('1. FP8 KV cache [fp8-kv-cache]: precision.kvCache = "fp8"');
    expect(text).toContain('   assumption: ASSUMED nothing');
    expect(text).toContain('   published (not simulated): none');
    expect(text).toContain('not simulated: nvfp4-hybrid: no FP4');
    expect(lines[lines.length - 1]).toBe('note: a note');
    expect(/^[\x20-\x7e\n]*$/.test(text)).toBe(true);
  });
});

describe('formatDiagnosis with pools and context evidence', () => {
  const view: DiagnoseView = {
    ...VIEW,
    bottleneck: {
      ...VIEW.bottleneck,
      kind: 'bandwidth-bound-decode',
      pool: 'b200',
      evidence: [{ metric: 'pools.b200.decode.fixedShare', label: 'pool b200: fixed share', value: 0.9, threshold: 0.5, passes: true, context: true }],
    },
    secondary: [{ kind: 'queueing', pool: 'h100', severity: 1.25, summary: '', evidence: [] }],
    skipped: [{ remedy: 'fp8-weights', pool: 'b200', reason: 'no' }],
  };
  const text = formatDiagnosis(view, ['tpotSeconds.p95']);

  it('names the pool of the bottleneck, of each secondary finding and of each skipped remedy; marks context evidence', () => {
    expect(text.split('\n')[0]).toBe('diagnose x | 3 replications | bottleneck: bandwidth-bound-decode in pool b200 (severity 3.50)');
    expect(text).toContain('secondary: queueing in pool h100 (severity 1.25)');
    expect(text).toContain('not simulated: fp8-weights (pool b200): no');
    expect(text).toMatch(/yes \(context\)/);
    expect(text).toContain('note: (context) evidence says which remedy fits');
  });
});
