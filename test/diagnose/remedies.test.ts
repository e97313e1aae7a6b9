// The candidate remedies: every change path is a real scenario field and every remedy resolves
// when applied (patchScenario, study's withConfig); remedies only where they apply (FP8 only on
// GPUs with FP8, NVFP4 only on Blackwell, prefix caching only with shared prefixes, speculative
// decoding only at small batches); at most MAX_REMEDIES; the GPU picked by hand; a patch that
// changes nothing resolves to the same configuration.
import { describe, expect, it } from 'vitest';
import { MAX_REMEDIES, THRESHOLDS, candidateRemedies, otherGpu, patchScenario, type BottleneckKind, type Finding, type Observations } from '../../sim/diagnose/index.ts';
import { findGpu } from '../../sim/hardware/index.ts';
import { resolvedScenarioRecord } from '../../sim/provenance.ts';
import { resolveScenario, scenarioFieldPaths, type Scenario } from '../../sim/scenario/index.ts';

const KINDS: BottleneckKind[] = ['kv-capacity', 'compute-bound-prefill', 'bandwidth-bound-decode', 'queueing', 'step-overhead', 'draft-overhead', 'unbalanced-replicas', 'interconnect', 'none'];

function scenario(changes: Record<string, unknown> = {}): Scenario {
  const raw = {
    name: 'r',
    model: 'llama-3.1-8b',
    hardware: { gpu: 'h100-sxm', numReplicas: 2 },
    engine: { enableChunkedPrefill: false, enablePrefixCaching: false },
    workload: {
      arrival: { kind: 'poisson', ratePerSecond: 2 },
      promptTokens: { kind: 'fixed', tokens: 100 },
      outputTokens: { kind: 'fixed', tokens: 50 },
      sharedPrefix: { numGroups: 2, tokens: 64 },
      stop: { numRequests: 50 },
    },
    ...changes,
  };
  return resolveScenario(raw, { file: 'r.yaml' });
}

/** Observations under which every remedy's own condition holds. */
const EVERYTHING: Observations = { 'batch.slotsFullShare': 0.95, 'batch.meanRunning': 8, 'kv.preemptionsPerRequest': 0.1, 'tpot.budgetShare': 0.8 };

const finding = (kind: BottleneckKind): Finding[] => (kind === 'none' ? [] : [{ kind, severity: 1, summary: '', evidence: [] }]);

const VARIANTS: Scenario[] = [
  scenario(),
  scenario({ hardware: { gpu: 'b200' }, engine: {} }),
  scenario({ speculative: { method: 'ngram', numSpeculativeTokens: 3, acceptance: { kind: 'constant', rate: 0.5 } } }),
];

describe('candidateRemedies', () => {
  it('every remedy, for every bottleneck, changes real scenario fields and resolves when applied; together they cover all 15 remedies', () => {
    const known = new Set(scenarioFieldPaths());
    const seen = new Set<string>();
    for (const s of VARIANTS) {
      for (const kind of KINDS) {
        const remedies = candidateRemedies(s, finding(kind), EVERYTHING);
        expect(remedies.length).toBeLessThanOrEqual(MAX_REMEDIES);
        for (const r of remedies) {
          seen.add(r.remedy);
          for (const path of Object.keys(r.changes)) expect(known.has(path), `${r.remedy}: ${path}`).toBe(true);
          const patched = patchScenario(s, r.remedy, r.changes);
          expect('scenario' in patched, `${r.remedy} on ${s.gpu.id}: ${'skipped' in patched ? patched.skipped : ''}`).toBe(true);
          if ('scenario' in patched) expect(patched.scenario.name).toBe(`r-${r.remedy}`);
        }
      }
    }
    expect([...seen].sort()).toEqual([
      'chunked-prefill-on', 'disaggregate', 'fp8-kv-cache', 'fp8-weights', 'max-num-seqs-down', 'max-num-seqs-up', 'more-replicas', 'nvfp4-hybrid',
      'other-gpu', 'prefix-caching-on', 'router-least-outstanding', 'speculative', 'speculative-off-above-batch', 'token-budget-down', 'token-budget-up',
    ].sort());
  });

  it('only where they apply: no FP8 on an A100, NVFP4 only on Blackwell, no prefix caching without shared prefixes, no speculative decoding at large batches', () => {
    const ids = (s: Scenario, kind: BottleneckKind, o: Observations = EVERYTHING) => candidateRemedies(s, finding(kind), o).map((r) => r.remedy);
    const a100 = scenario({ hardware: { gpu: 'a100-sxm-80gb' } });
    expect(ids(a100, 'bandwidth-bound-decode')).not.toContain('fp8-weights');
    expect(ids(a100, 'kv-capacity')).not.toContain('fp8-kv-cache');
    expect(ids(scenario(), 'compute-bound-prefill')).not.toContain('nvfp4-hybrid');
    expect(ids(scenario({ hardware: { gpu: 'b200' } }), 'compute-bound-prefill')).toContain('nvfp4-hybrid');
    const noPrefix = scenario({ workload: { arrival: { kind: 'poisson', ratePerSecond: 2 }, promptTokens: { kind: 'fixed', tokens: 100 }, outputTokens: { kind: 'fixed', tokens: 50 }, stop: { numRequests: 50 } } });
    expect(ids(noPrefix, 'compute-bound-prefill')).not.toContain('prefix-caching-on');
    expect(ids(scenario(), 'step-overhead', { ...EVERYTHING, 'batch.meanRunning': 64 })).not.toContain('speculative');
  });

  it('disaggregation: only with 2+ replicas, splitting them into a prefill and a decode pool over a link', () => {
    const ids = (s: Scenario) => candidateRemedies(s, finding('bandwidth-bound-decode'), EVERYTHING).map((r) => r.remedy);
    expect(ids(scenario({ hardware: { gpu: 'h100-sxm', numReplicas: 1 } }))).not.toContain('disaggregate');
    const four = scenario({ hardware: { gpu: 'h100-sxm', numReplicas: 4 } });
    const r = candidateRemedies(four, finding('bandwidth-bound-decode'), EVERYTHING).find((x) => x.remedy === 'disaggregate')!;
    expect(r.changes.pools).toEqual([
      { name: 'prefill', role: 'prefill', hardware: { numReplicas: 2 } },
      { name: 'decode', role: 'decode', hardware: { numReplicas: 2 } },
    ]);
    const patched = patchScenario(four, r.remedy, r.changes);
    expect('scenario' in patched && patched.scenario.pools!.map((p) => p.scenario.config.hardware.numReplicas)).toEqual([2, 2]);
  });

  it('the step sizes are the named ones (thresholds.ts): budget halved down to MIN_TOKEN_BUDGET, maxNumSeqs x MAX_NUM_SEQS_DOWN_FACTOR of the running batch, half again as many replicas', () => {
    const chunked = (budget: number) => scenario({ engine: { enableChunkedPrefill: true, maxNumBatchedTokens: budget, maxNumSeqs: 64 } });
    const change = (s: Scenario, kind: BottleneckKind, id: string, o: Observations = EVERYTHING) => candidateRemedies(s, finding(kind), o).find((r) => r.remedy === id)?.changes;
    expect(THRESHOLDS.MIN_TOKEN_BUDGET).toBe(512);
    expect(change(chunked(2048), 'bandwidth-bound-decode', 'token-budget-down')).toEqual({ 'engine.maxNumBatchedTokens': 1024 });
    expect(change(chunked(768), 'bandwidth-bound-decode', 'token-budget-down')).toEqual({ 'engine.maxNumBatchedTokens': 512 });
    expect(change(chunked(512), 'bandwidth-bound-decode', 'token-budget-down')).toBeUndefined();
    expect(change(chunked(2048), 'compute-bound-prefill', 'token-budget-up')).toEqual({ 'engine.maxNumBatchedTokens': 4096 });
    // floor(min(64, 10) x 0.75) = 7
    expect(change(chunked(2048), 'kv-capacity', 'max-num-seqs-down', { ...EVERYTHING, 'batch.meanRunning': 10 })).toEqual({ 'engine.maxNumSeqs': 7 });
    // 2 replicas + max(1, round(2 x 0.5)) = 3; 4 + 2 = 6
    expect(change(scenario(), 'queueing', 'more-replicas')).toEqual({ 'hardware.numReplicas': 3 });
    expect(change(scenario({ hardware: { gpu: 'h100-sxm', numReplicas: 4 } }), 'queueing', 'more-replicas')).toEqual({ 'hardware.numReplicas': 6 });
  });

  it('bandwidth-bound decode follows the decode slope: KV-read-bound (fixed share under 1/2) tries the FP8 KV cache first, weight-streaming-bound FP8 weights first and a larger batch before the KV cache', () => {
    const order = (fixedShare: number) => candidateRemedies(scenario(), finding('bandwidth-bound-decode'), { ...EVERYTHING, 'decode.fixedShare': fixedShare, 'decode.fixedSeconds': 0.002, 'decode.stepSecondsPerSeq': 0.0001 }).map((r) => r.remedy);
    expect(order(0.3)[0]).toBe('fp8-kv-cache');
    const flat = order(0.8);
    expect(flat[0]).toBe('fp8-weights');
    expect(flat.indexOf('max-num-seqs-up')).toBeLessThan(flat.indexOf('fp8-kv-cache'));
    const kv = candidateRemedies(scenario(), finding('bandwidth-bound-decode'), { ...EVERYTHING, 'decode.fixedShare': 0.3, 'decode.fixedSeconds': 0.002, 'decode.stepSecondsPerSeq': 0.0001 })[0];
    expect(kv.why).toContain('decode steps: 2 ms fixed + 0.1 ms per sequence (fixed share 30%)');
  });

  it('the bottleneck\'s remedies come first, in its preference order', () => {
    const r = candidateRemedies(scenario(), finding('kv-capacity'), EVERYTHING).map((x) => x.remedy);
    expect(r.slice(0, 3)).toEqual(['fp8-kv-cache', 'fp8-weights', 'prefix-caching-on']);
  });
});

describe('otherGpu', () => {
  it('bandwidth-bound on an H100: the best HBM bandwidth per dollar among GPUs with more bandwidth and memory (MI300X: 5.3 TB/s at $2.79)', () => {
    const h100 = findGpu('h100-sxm')!;
    const pick = otherGpu(h100, 'bandwidth-bound-decode')!;
    expect(pick.id).toBe('mi300x');
    expect(pick.memoryBandwidth / pick.usdPerGpuHour).toBeGreaterThan(findGpu('h200-sxm')!.memoryBandwidth / findGpu('h200-sxm')!.usdPerGpuHour);
  });

  it('compute-bound: more 16-bit FLOP/s per dollar; step overhead: the cheapest GPU with at least half the memory', () => {
    const h100 = findGpu('h100-sxm')!;
    const fast = otherGpu(h100, 'compute-bound-prefill')!;
    expect(fast.peakFlops.fp16).toBeGreaterThan(h100.peakFlops.fp16);
    expect(otherGpu(h100, 'step-overhead')!.id).toBe('a100-sxm-40gb');
  });
});

describe('patchScenario', () => {
  it('no changes: the same resolved configuration (re-resolving a resolved config is idempotent)', () => {
    const s = scenario();
    const p = patchScenario(s, 'same', {});
    expect('scenario' in p).toBe(true);
    if ('scenario' in p) expect({ ...(resolvedScenarioRecord(p.scenario) as object), name: 'x' }).toEqual({ ...(resolvedScenarioRecord(s) as object), name: 'x' });
  });

  it('a change that does not resolve is skipped with the resolver\'s reason, not thrown', () => {
    const p = patchScenario(scenario(), 'huge', { 'hardware.tp': 3 });
    expect('skipped' in p && p.skipped).toMatch(/tp/);
  });
});
