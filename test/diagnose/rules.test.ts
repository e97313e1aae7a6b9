// The bottleneck rules and the per-request correlation, on hand-made observations: the threshold
// itself passes, severity = the strongest passing ratio (capped) + SUPPORT_BONUS per further
// passing signal, the order, queueing that is the KV cache's, and Pearson's r by hand.
import { describe, expect, it } from 'vitest';
import { SUPPORT_BONUS, THRESHOLDS, findings, noBottleneck, ttftPromptCorrelation, type Observations } from '../../sim/diagnose/index.ts';
import { emptyColumns } from '../../sim/metrics/index.ts';

/** Observations of a healthy run: nothing past any threshold. */
function quiet(changes: Observations = {}): Observations {
  return {
    'kv.preemptionsPerRequest': 0,
    'kv.blockedWaitingShare': 0,
    'kv.reservedUnusedShare': 0,
    'kv.maxUsage': 0.2,
    'queue.shareOfTtft': 0.1,
    'batch.slotsFullShare': 0.1,
    overloadedShare: 0,
    'ttft.budgetShare': 0.1,
    'tpot.budgetShare': 0.1,
    'regime.compute': 0.2,
    'regime.memory': 0.3,
    'regime.overhead': 0.1,
    'regime.communication': 0,
    'ttft.promptCorrelation': 0.1,
    'speculative.draftOverheadShare': NaN,
    'speculative.meanAcceptanceLength': NaN,
    replicas: 1,
    'routing.busyMaxOverMean': 1,
    'routing.requestsMaxOverMean': 1,
    'routing.kvUsageMaxOverMean': 1,
    ...changes,
  };
}

describe('findings', () => {
  it('nothing past a threshold: no finding, and noBottleneck names none', () => {
    expect(findings(quiet())).toEqual([]);
    expect(noBottleneck(quiet()).kind).toBe('none');
  });

  it('a value exactly at its threshold passes; severity is its ratio (1)', () => {
    const f = findings(quiet({ 'regime.memory': THRESHOLDS.MEMORY_SHARE }));
    expect(f.map((x) => x.kind)).toEqual(['bandwidth-bound-decode']);
    expect(f[0].severity).toBe(1);
  });

  it('severity: the strongest passing ratio, capped at SEVERITY_CAP, plus SUPPORT_BONUS per further passing signal (by hand)', () => {
    // preemptions 0.05/0.01 = 5 → capped 3; blocked 0.1/0.05 = 2; peak usage 1/0.9 passes: 3 + 2 × 0.25.
    const f = findings(quiet({ 'kv.preemptionsPerRequest': 0.05, 'kv.blockedWaitingShare': 0.1, 'kv.maxUsage': 1 }));
    expect(f[0].kind).toBe('kv-capacity');
    expect(f[0].severity).toBeCloseTo(THRESHOLDS.SEVERITY_CAP + 2 * SUPPORT_BONUS, 12);
    expect(f[0].evidence.map((e) => [e.metric, e.passes])).toEqual([
      ['kv.preemptionsPerRequest', true],
      ['kv.blockedWaitingShare', true],
      ['kv.reservedUnusedShare', false],
      ['kv.maxUsage', true],
    ]);
  });

  it('peak KV usage alone does not fire kv-capacity (a full cache that preempts nothing and holds nobody back is a well-used one)', () => {
    expect(findings(quiet({ 'kv.maxUsage': 1 }))).toEqual([]);
  });

  it('queueing needs full slots or overload; while requests wait for KV blocks the queue is the KV cache\'s', () => {
    expect(findings(quiet({ 'queue.shareOfTtft': 0.9 }))).toEqual([]);
    expect(findings(quiet({ 'queue.shareOfTtft': 0.9, 'batch.slotsFullShare': 0.95 }))[0].kind).toBe('queueing');
    expect(findings(quiet({ overloadedShare: 1 }))[0].kind).toBe('queueing');
    const kv = findings(quiet({ overloadedShare: 1, 'kv.blockedWaitingShare': 0.5 }));
    expect(kv.map((x) => x.kind)).toEqual(['kv-capacity']);
  });

  it('compute-bound prefill needs compute-bound steps and TTFT following the prompt (or eating half its budget)', () => {
    expect(findings(quiet({ 'regime.compute': 0.9 }))).toEqual([]);
    expect(findings(quiet({ 'regime.compute': 0.9, 'ttft.promptCorrelation': 0.8 }))[0].kind).toBe('compute-bound-prefill');
    expect(findings(quiet({ 'regime.compute': 0.9, 'ttft.budgetShare': 2 }))[0].kind).toBe('compute-bound-prefill');
  });

  it('imbalance needs more than one replica; a NaN observation never passes', () => {
    expect(findings(quiet({ 'routing.requestsMaxOverMean': 2 }))).toEqual([]);
    expect(findings(quiet({ replicas: 2, 'routing.requestsMaxOverMean': 2 }))[0].kind).toBe('unbalanced-replicas');
    expect(findings(quiet({ 'regime.memory': NaN }))).toEqual([]);
  });

  it('draft overhead: the acceptance length is an "at most" signal, its ratio threshold/value', () => {
    const f = findings(quiet({ 'speculative.draftOverheadShare': 0.3, 'speculative.meanAcceptanceLength': 1.2 }));
    expect(f[0].kind).toBe('draft-overhead');
    // 0.3/0.2 = 1.5 strongest; 1.5/1.2 = 1.25 passes too: 1.5 + 0.25.
    expect(f[0].severity).toBeCloseTo(1.5 + SUPPORT_BONUS, 12);
    expect(f[0].evidence[1]).toMatchObject({ atMost: true, passes: true });
  });

  it('findings come most severe first', () => {
    const f = findings(quiet({ 'regime.memory': 0.6, 'regime.overhead': 0.9 }));
    expect(f.map((x) => x.kind)).toEqual(['step-overhead', 'bandwidth-bound-decode']);
  });
});

describe('ttftPromptCorrelation', () => {
  function columns(rows: [prompt: number, ttft: number][]) {
    const c = emptyColumns(rows.length);
    rows.forEach(([p, t], i) => {
      c.status[i] = 1;
      c.measured[i] = 1;
      c.numPromptTokens[i] = p;
      c.arrivedAt[i] = 10;
      c.firstTokenAt[i] = 10 + t;
    });
    return c;
  }

  it('TTFT a linear function of the prompt: r = 1; reversed: r = -1', () => {
    expect(ttftPromptCorrelation(columns([[100, 0.1], [200, 0.2], [400, 0.4]]))).toBeCloseTo(1, 12);
    expect(ttftPromptCorrelation(columns([[100, 0.4], [200, 0.3], [300, 0.2]]))).toBeCloseTo(-1, 12);
  });

  it('by hand: x = 1, 2, 3, 4; y = 1, 3, 2, 4 gives r = 0.8', () => {
    // Σ(x−x̄)(y−ȳ) = 4, Σ(x−x̄)² = 5, Σ(y−ȳ)² = 5: r = 4/5.
    expect(ttftPromptCorrelation(columns([[1, 1], [2, 3], [3, 2], [4, 4]]))).toBeCloseTo(0.8, 12);
  });

  it('one prompt length (no spread) or fewer than 3 requests: NaN', () => {
    expect(ttftPromptCorrelation(columns([[100, 0.1], [100, 0.2], [100, 0.3]]))).toBeNaN();
    expect(ttftPromptCorrelation(columns([[1, 1], [2, 2]]))).toBeNaN();
  });
});
