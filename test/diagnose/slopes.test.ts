// The slope evidence: least squares folded point by point (exact on points on a line, merging
// exactly), the step probe (forwards every observer call, fits decode-only steps only, leaves
// the run's results unchanged), decode step time vs batch through real runs (a constant cost
// model: slope 0, fixed share 1; the roofline: the per-sequence slope is the KV read of one
// sequence's context at the attention bandwidth, by hand), and TTFT vs prompt length on
// constructed records.
import { describe, expect, it } from 'vitest';
import { DECODE_FIXED_SHARE, PROMPT_SHARE_OF_TTFT } from '../../sim/diagnose/thresholds.ts';
import { LineFold } from '../../sim/diagnose/line-fit.ts';
import { StepProbe } from '../../sim/diagnose/step-probe.ts';
import { decodeSlopeObservations, ttftPromptFit, ttftSlopeObservations } from '../../sim/diagnose/slopes.ts';
import { findings } from '../../sim/diagnose/index.ts';
import { defaultCostModelParams, findGpu } from '../../sim/hardware/index.ts';
import type { RequestColumns } from '../../sim/metrics/index.ts';
import { runScenario } from '../../sim/run.ts';
import { resolveScenario } from '../../sim/scenario/index.ts';

describe('LineFold', () => {
  it('points on y = 0.004 + 0.0005 x: slope 0.0005 and intercept 0.004; two folds merged equal one; one x value has no slope', () => {
    const all = new LineFold();
    const a = new LineFold();
    const b = new LineFold();
    for (let x = 1; x <= 40; x++) {
      const y = 0.004 + 0.0005 * x;
      all.add(x, y);
      (x <= 15 ? a : b).add(x, y);
    }
    const f = all.fit();
    expect(f.slope).toBeCloseTo(0.0005, 12);
    expect(f.intercept).toBeCloseTo(0.004, 12);
    expect(f.meanX).toBeCloseTo(20.5, 12);
    a.merge(b);
    const g = a.fit();
    expect(g.slope).toBeCloseTo(f.slope, 12);
    expect(g.intercept).toBeCloseTo(f.intercept, 12);
    expect(g.n).toBe(40);
    const flat = new LineFold();
    flat.add(8, 1);
    flat.add(8, 2);
    expect(flat.fit().slope).toBeNaN();
    expect(flat.fit().meanY).toBe(1.5);
  });

  it('scattered points: the textbook least-squares line (x 1,2,3,4; y 2,3,5,4 -> slope 0.8, intercept 1.5)', () => {
    const f = new LineFold();
    [[1, 2], [2, 3], [3, 5], [4, 4]].forEach(([x, y]) => f.add(x, y));
    expect(f.fit().slope).toBeCloseTo(0.8, 12);
    expect(f.fit().intercept).toBeCloseTo(1.5, 12);
    // r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²) = 4 / √(5 · 5) = 0.8; folds merged give the same.
    expect(f.fit().r).toBeCloseTo(0.8, 12);
    const a = new LineFold();
    const b = new LineFold();
    [[1, 2], [2, 3]].forEach(([x, y]) => a.add(x, y));
    [[3, 5], [4, 4]].forEach(([x, y]) => b.add(x + 1e6, y + 1e3)); // far from a's origin
    const shifted = new LineFold();
    [[1, 2], [2, 3], [3 + 1e6, 5 + 1e3], [4 + 1e6, 4 + 1e3]].forEach(([x, y]) => shifted.add(x, y));
    a.merge(b);
    expect(a.fit().r).toBeCloseTo(shifted.fit().r, 9);
    // Fewer than 3 points, or no spread in y: no correlation.
    const two = new LineFold();
    two.add(1, 1);
    two.add(2, 2);
    expect(two.fit().r).toBeNaN();
    const level = new LineFold();
    [1, 2, 3].forEach((x) => level.add(x, 5));
    expect(level.fit().r).toBeNaN();
  });
});

describe('StepProbe', () => {
  it('forwards every call to the observer it wraps and fits decode-only steps: 2 ms + 0.1 ms per sequence gives exactly that, prefill steps left out', () => {
    const calls: string[] = [];
    const inner = {
      scheduled: () => calls.push('scheduled'),
      firstToken: () => calls.push('firstToken'),
      resumedToken: () => calls.push('resumedToken'),
      finished: () => calls.push('finished'),
      preempted: () => calls.push('preempted'),
      stepDone: () => calls.push('stepDone'),
      replicaKvUsed: () => calls.push('replicaKvUsed'),
      stepPlanned: () => calls.push('stepPlanned'),
    };
    const probe = new StepProbe();
    const w = probe.wrap(inner as never);
    const shape = (decodes: number, chunks: number) => ({ numDecodeSeqs: decodes, decodeQueryTokens: 1, decodeContextSum: 100 * decodes, numPrefillChunks: chunks, prefillChunkTokens: new Int32Array(4), prefillChunkContext: new Int32Array(4) });
    const breakdown = (total: number) => ({ totalSeconds: total, computeSeconds: 0, memorySeconds: total, communicationSeconds: 0, overheadSeconds: 0, gemmSeconds: total, attentionSeconds: 0, draftSeconds: 0 });
    for (let n = 1; n <= 32; n++) {
      w.stepPlanned!(1, shape(n, 0) as never, breakdown(0.002 + 0.0001 * n) as never);
      w.stepDone(1, 0, 0.002 + 0.0001 * n, 10, n, 0, n, n, 0, 0);
    }
    w.stepPlanned!(1, shape(4, 1) as never, breakdown(1) as never); // a prefill step: not in the fit
    w.scheduled({} as never, 0);
    w.firstToken({} as never, 0);
    w.resumedToken({} as never, 0);
    w.finished({} as never, 0);
    w.preempted({} as never, 0);
    w.replicaKvUsed(3, 1);
    expect(calls.filter((c) => c === 'stepPlanned')).toHaveLength(33);
    expect(calls.filter((c) => c === 'stepDone')).toHaveLength(32);
    expect(new Set(calls)).toEqual(new Set(Object.keys(inner)));
    const o = decodeSlopeObservations(probe.decodeFit([0, 1]).fit());
    expect(o['decode.stepSecondsPerSeq']).toBeCloseTo(0.0001, 12);
    expect(o['decode.fixedSeconds']).toBeCloseTo(0.002, 12);
    expect(o['decode.meanBatch']).toBeCloseTo(16.5, 12);
    // fixed share = 2 / (2 + 0.1 x 16.5) = 0.5479...; steep threshold = 2 ms / 16.5
    expect(o['decode.fixedShare']).toBeCloseTo(0.002 / 0.00365, 12);
    expect(o['decode.steepThreshold']).toBeCloseTo(0.002 / 16.5, 12);
    expect(decodeSlopeObservations(probe.decodeFit([0]).fit())['decode.steps']).toBe(0);
  });
});

const decodeScenario = (costModel: Record<string, unknown>) =>
  resolveScenario(
    {
      name: 'slope',
      seed: 1,
      model: 'llama-3.1-8b',
      hardware: { gpu: 'h100-sxm' },
      costModel,
      workload: { arrival: { kind: 'poisson', ratePerSecond: 4 }, promptTokens: { kind: 'fixed', tokens: 2000 }, outputTokens: { kind: 'fixed', tokens: 200 }, stop: { numRequests: 150 } },
    },
    { file: 'slope.yaml' },
  );

describe('decode step time vs batch, through runScenario', () => {
  it('a constant cost model (every step 10 ms): slope exactly 0, fixed share 1 (weight-streaming-bound); the run\'s results are those of a run without the probe', () => {
    const s = decodeScenario({ kind: 'constant', stepSeconds: 0.01 });
    const probe = new StepProbe();
    const r = runScenario(s, { observe: (inner) => probe.wrap(inner) });
    expect(JSON.stringify(r.summary)).toBe(JSON.stringify(runScenario(s).summary));
    const o = decodeSlopeObservations(probe.decodeFit([0]).fit());
    expect(o['decode.steps']).toBeGreaterThan(100);
    expect(o['decode.stepSecondsPerSeq']).toBe(0);
    expect(o['decode.fixedSeconds']).toBeCloseTo(0.01, 12);
    expect(o['decode.fixedShare']).toBeCloseTo(1, 12);
  });

  it('forwards every observer call unchanged: at pp = 2 with two classes (the class KV peak over all engines) the summary is that of a run without the probe', () => {
    const s = resolveScenario(
      {
        name: 'probe-pp2-classes',
        seed: 3,
        model: 'llama-3.1-8b',
        hardware: { gpu: 'h100-sxm', pp: 2 },
        engine: { gpuMemoryUtilization: 0.3 },
        workload: {
          arrival: { kind: 'poisson', ratePerSecond: 6 },
          promptTokens: { kind: 'fixed', tokens: 2000 },
          outputTokens: { kind: 'fixed', tokens: 100 },
          stop: { numRequests: 120 },
          classes: [{ name: 'a', share: 1 }, { name: 'b', share: 1, outputTokens: { kind: 'fixed', tokens: 300 } }],
        },
      },
      { file: 'probe.yaml' },
    );
    const probe = new StepProbe();
    const r = runScenario(s, { observe: (inner) => probe.wrap(inner) });
    const plain = runScenario(s);
    expect(r.summary.classes?.b.kvUsage?.maxUsage).toBeGreaterThan(0);
    expect(JSON.stringify(r.summary)).toBe(JSON.stringify(plain.summary));
  });

  it('the roofline on an H100 (Llama-3.1-8B, 2000-token prompts, 200 outputs): seconds per sequence = one sequence\'s KV read (131072 B x mean context 2100) at the attention bandwidth, + the per-sequence overhead, within 3%', () => {
    const s = decodeScenario({ kind: 'roofline' });
    const probe = new StepProbe();
    runScenario(s, { observe: (inner) => probe.wrap(inner) });
    const o = decodeSlopeObservations(probe.decodeFit([0]).fit());
    const gpu = findGpu('h100-sxm')!;
    const p = defaultCostModelParams(gpu);
    // KV per token 2·32·8·128·2 B; a decoding sequence's context runs 2001 … 2200, mean 2100.5.
    const byHand = (131072 * 2100.5) / (gpu.memoryBandwidth * p.attentionMemoryEfficiency) + (p.perSequenceOverheadSeconds ?? 0);
    expect(o['decode.stepSecondsPerSeq'] / byHand).toBeGreaterThan(0.97);
    expect(o['decode.stepSecondsPerSeq'] / byHand).toBeLessThan(1.03);
    // A few sequences of 2k context against 16 GB of weights: the weights dominate (flat slope).
    expect(o['decode.fixedShare']).toBeGreaterThan(DECODE_FIXED_SHARE);
  });
});

/** Columns of finished, measured requests with these prompt lengths and TTFTs (arrivals at 0). */
function columns(rows: { prompt: number; ttft: number; replica?: number }[]): RequestColumns {
  const n = rows.length;
  const f = (g: (r: (typeof rows)[number]) => number) => Float64Array.from(rows, g);
  const i = (g: (r: (typeof rows)[number]) => number) => Int32Array.from(rows, g);
  return {
    count: n,
    arrivedAt: f(() => 0),
    scheduledAt: f(() => 0),
    firstTokenAt: f((r) => r.ttft),
    finishedAt: f((r) => r.ttft + 1),
    numPromptTokens: i((r) => r.prompt),
    numOutputTokens: i(() => 10),
    numPreemptions: i(() => 0),
    replica: i((r) => r.replica ?? 0),
    status: new Uint8Array(n).fill(1),
    measured: new Uint8Array(n).fill(1),
    classIndex: new Int32Array(n),
  };
}

describe('TTFT vs prompt length', () => {
  it('TTFT = 0.05 s + 0.2 s per 1k prompt tokens: slope 0.2 s/1k, the prompt\'s share of the mean TTFT, and the threshold slope at which that share is one half', () => {
    const rows = [1000, 2000, 3000, 4000, 5000].map((prompt) => ({ prompt, ttft: 0.05 + 0.2 * (prompt / 1000) }));
    const o = ttftSlopeObservations(ttftPromptFit(columns(rows)));
    expect(o['ttft.secondsPer1kPromptTokens']).toBeCloseTo(0.2, 12);
    // mean prompt 3k, mean TTFT 0.65 s: share 0.6 / 0.65; threshold 0.5 × 0.65 / 3
    expect(o['ttft.promptShare']).toBeCloseTo(0.6 / 0.65, 12);
    expect(o['ttft.promptSlopeThreshold']).toBeCloseTo((PROMPT_SHARE_OF_TTFT * 0.65) / 3, 12);
  });

  it('only the replicas asked for: a pool\'s requests alone', () => {
    const rows = [
      ...[1000, 3000].map((prompt) => ({ prompt, ttft: 0.1 * (prompt / 1000), replica: 0 })),
      ...[1000, 3000].map((prompt) => ({ prompt, ttft: 0.3 * (prompt / 1000), replica: 1 })),
    ];
    expect(ttftPromptFit(columns(rows), (r) => r === 1).slope).toBeCloseTo(0.3, 12);
    expect(ttftPromptFit(columns(rows), (r) => r === 0).slope).toBeCloseTo(0.1, 12);
  });
});

describe('the slope as evidence', () => {
  const base = { 'regime.memory': 0.9, 'tpot.budgetShare': 0.8, 'decode.meanBatch': 10 };
  it('bandwidth-bound decode lists the decode slope (threshold: intercept / mean batch) and the fixed share as context: they change neither firing nor severity', () => {
    const steep = { ...base, ...decodeSlopeObservations({ slope: 0.0005, intercept: 0.002, meanX: 10, meanY: 0.007, n: 100, r: NaN }) };
    const flat = { ...base, ...decodeSlopeObservations({ slope: 0.00005, intercept: 0.006, meanX: 10, meanY: 0.0065, n: 100, r: NaN }) };
    const [fs] = findings(steep);
    const [ff] = findings(flat);
    expect(fs.kind).toBe('bandwidth-bound-decode');
    const perSeq = fs.evidence.find((e) => e.metric === 'decode.stepSecondsPerSeq')!;
    expect(perSeq).toMatchObject({ value: 0.0005, passes: true, context: true });
    expect(perSeq.threshold).toBeCloseTo(0.0002, 12);
    expect(fs.evidence.find((e) => e.metric === 'decode.fixedShare')).toMatchObject({ passes: false, context: true });
    expect(ff.evidence.find((e) => e.metric === 'decode.stepSecondsPerSeq')!.passes).toBe(false);
    expect(ff.evidence.find((e) => e.metric === 'decode.fixedShare')!.passes).toBe(true);
    expect(fs.severity).toBe(ff.severity);
    expect(findings({ ...steep, 'regime.memory': 0.1 }).map((f) => f.kind)).not.toContain('bandwidth-bound-decode');
  });
});
