// diagnose with pools: each pool judged on its own figures, the finding naming its pool, the
// remedies changing that pool (pools.<i>.… paths); across pools, unbalanced pools (router
// poolWeights) and a KV link that transfers queue on (a faster link preset). Scenarios whose
// bottleneck is known by construction (fixtures.ts), 4 replications in the calling thread; and
// without simulation: the remedies' paths, the prefill/decode ratio, and patching one pool.
import { describe, expect, it } from 'vitest';
import { PRIMARY_METRICS, candidateRemedies, otherGpu, diagnoseScenario, patchScenario, type Diagnosis, type Finding, type Observations } from '../../sim/diagnose/index.ts';
import { findGpu } from '../../sim/hardware/index.ts';
import { resolvedScenarioRecord } from '../../sim/provenance.ts';
import { resolveScenario, type Scenario } from '../../sim/scenario/index.ts';
import { LINK_BOUND, TWO_POOLS_ONE_STARVED, UNBALANCED_POOLS } from './fixtures.ts';

const run = (s: Scenario): Promise<Diagnosis> => diagnoseScenario(s, { replications: 4, jobs: 1 });

/** Prescription `p` improves one of the bottleneck's metrics significantly, by at least 20%. */
function expectSignificant(d: Diagnosis, p: Diagnosis['prescriptions'][number]): void {
  expect(p.tier).toBe('fixes');
  const gains = PRIMARY_METRICS[d.bottleneck.kind].map((m) => p.effect[m]).filter((e) => e.significant && e.ciHigh < 0 && e.relDiff <= -0.2);
  expect(gains.length, `${p.remedy}: ${p.verdict}`).toBeGreaterThan(0);
}

describe('diagnoseScenario with pools: bottlenecks known by construction', () => {
  it('two pools, the L40S one KV-starved: kv-capacity named on pool l40s with its own evidence; the top remedy changes that pool only, preemptions down', async () => {
    const d = await run(TWO_POOLS_ONE_STARVED());
    expect(d.bottleneck.kind).toBe('kv-capacity');
    expect(d.bottleneck.pool).toBe('l40s');
    const preempt = d.bottleneck.evidence.find((e) => e.metric === 'pools.l40s.kv.preemptionsPerRequest')!;
    expect(preempt.passes).toBe(true);
    expect(preempt.label).toMatch(/^pool l40s: /);
    // The H100 pool holds the same traffic without preemptions.
    expect(d.observations['pools.h100.kv.preemptionsPerRequest']).toBeLessThan(0.01);
    const top = d.prescriptions[0];
    expect(top.pool).toBe('l40s');
    expect(Object.keys(top.changes).every((p) => p.startsWith('pools.1.'))).toBe(true);
    expect(['fp8-kv-cache', 'fp8-weights', 'other-gpu']).toContain(top.remedy);
    expectSignificant(d, top);
    expect(top.effect['kv.preemptions'].relDiff).toBeLessThan(-0.5);
  });

  it('a fast and a slow pool behind round-robin: unbalanced-pools (the slow pool queues, busy time alone shows nothing); top remedy pool weights toward the fast pool, p95 TTFT down', async () => {
    const d = await run(UNBALANCED_POOLS());
    expect(d.bottleneck.kind).toBe('unbalanced-pools');
    expect(d.bottleneck.pool).toBeUndefined();
    expect(d.bottleneck.evidence.find((e) => e.metric === 'pools.queueMaxOverMin')!.passes).toBe(true);
    const top = d.prescriptions[0];
    expect(top.remedy).toBe('pool-weights');
    const weights = top.changes['router.poolWeights'] as Record<string, number>;
    expect(weights['h100-fp8']).toBeGreaterThan(weights.a100);
    expectSignificant(d, top);
  });

  it('disaggregated serving over one slow shared link: transfer-link; the faster link preset fixes it (p95 TTFT, counted to the KV landing, down); the top remedy cuts the link time (a faster link, or FP8 KV on the decode pool: half the bytes)', async () => {
    const d = await run(LINK_BOUND());
    expect(d.bottleneck.kind).toBe('transfer-link');
    expect(d.observations['transfers.linkUtilization']).toBeGreaterThan(0.5);
    const link = d.prescriptions.find((p) => p.remedy === 'faster-link')!;
    expect(link.changes).toEqual({ 'disaggregation.link': { preset: 'ib-hdr-200' } });
    expectSignificant(d, link);
    const top = d.prescriptions[0];
    expect(top.remedy === 'faster-link' || (['fp8-kv-cache', 'fp8-weights'].includes(top.remedy) && top.pool === 'decode'), top.remedy).toBe(true);
  });
});

const finding = (kind: Finding['kind'], pool?: string): Finding => ({ kind, severity: 2, summary: '', evidence: [], ...(pool === undefined ? {} : { pool }) });

describe('pool remedies (no simulation)', () => {
  const disagg = LINK_BOUND();
  const o: Observations = { 'pools.prefill.utilization': 0.6, 'pools.decode.utilization': 1, 'transfers.bandwidthBytesPerSecond': 8e9, 'transfers.linkUtilization': 0.8 };

  it('a finding on a disaggregated pool moves one replica to it from the other role (the prefill/decode ratio), once, and names both pools', () => {
    const r = candidateRemedies(disagg, [finding('queueing', 'decode'), finding('compute-bound-prefill', 'prefill')], o);
    const moves = r.filter((x) => x.remedy === 'rebalance-roles');
    expect(moves).toHaveLength(1);
    expect(moves[0].changes).toEqual({ 'pools.1.hardware.numReplicas': 3, 'pools.0.hardware.numReplicas': 1 });
    expect(moves[0].title).toBe('one replica prefill -> decode (prefill -> decode)');
  });

  it('prefill remedies (token budget, chunking, prefix caching) are not proposed for a decode pool, whose replicas only decode', () => {
    const budget = { ...o, 'pools.decode.tpot.budgetShare': 0.8, 'pools.prefill.tpot.budgetShare': 0.8 };
    const ids = (pool: string) => candidateRemedies(disagg, [finding('bandwidth-bound-decode', pool)], budget).filter((x) => x.pool === pool).map((x) => x.remedy);
    expect(ids('prefill')).toContain('token-budget-down');
    expect(ids('decode')).not.toContain('token-budget-down');
    expect(ids('decode')).toContain('fp8-kv-cache');
    // Each pool's GPU is picked for its own finding, not the cluster's bottleneck: a bandwidth GPU for the decode pool.
    const gpus = candidateRemedies(disagg, [finding('compute-bound-prefill', 'prefill'), finding('bandwidth-bound-decode', 'decode')], budget).filter((x) => x.remedy === 'other-gpu');
    expect(gpus.map((x) => [x.pool, x.changes[`pools.${x.pool === 'prefill' ? 0 : 1}.hardware.gpu`]])).toEqual([
      ['prefill', otherGpu(findGpu('h100-sxm')!, 'compute-bound-prefill')!.id],
      ['decode', otherGpu(findGpu('h100-sxm')!, 'bandwidth-bound-decode')!.id],
    ]);
  });

  it('every pool remedy changes pools.<i>.… or cluster-wide paths only, and resolves when applied; no remedy rebuilds the pools (disaggregate)', () => {
    const r = candidateRemedies(disagg, [finding('bandwidth-bound-decode', 'decode'), finding('transfer-link')], o);
    expect(r.map((x) => x.remedy)).not.toContain('disaggregate');
    expect(r.map((x) => x.remedy)).toContain('faster-link');
    for (const x of r) {
      for (const path of Object.keys(x.changes)) expect(path, x.remedy).toMatch(/^(pools\.\d+\.(hardware|engine|precision|costModel)\.|router\.|speculative|disaggregation\.)/);
      const patched = patchScenario(disagg, x.remedy, x.changes);
      expect('scenario' in patched, `${x.remedy}: ${'skipped' in patched ? patched.skipped : ''}`).toBe(true);
    }
  });
});

describe('patchScenario with pools', () => {
  const raw = {
    name: 'p',
    model: 'llama-3.1-8b',
    hardware: { gpu: 'h100-sxm' },
    precision: { weights: 'bf16' },
    pools: [
      { name: 'a', hardware: { numReplicas: 2 }, precision: { weights: 'fp8' } },
      { name: 'b', hardware: { gpu: 'a100-sxm-80gb', numReplicas: 1 } },
    ],
    workload: { arrival: { kind: 'poisson', ratePerSecond: 2 }, promptTokens: { kind: 'fixed', tokens: 100 }, outputTokens: { kind: 'fixed', tokens: 50 }, stop: { numRequests: 50 } },
  };

  it('no change resolves to the same configuration; a pool that inherited the top-level precision keeps it (not pool 0\'s) when another pool changes', () => {
    const s = resolveScenario(raw, { file: 'p.yaml' });
    const same = patchScenario(s, 'same', {});
    expect('scenario' in same && { ...(resolvedScenarioRecord(same.scenario) as object), name: 'x' }).toEqual({ ...(resolvedScenarioRecord(s) as object), name: 'x' });
    const p = patchScenario(s, 'seqs', { 'pools.0.engine.maxNumSeqs': 64 });
    if (!('scenario' in p)) throw new Error(p.skipped);
    expect(p.scenario.pools!.map((x) => x.scenario.config.precision.weights)).toEqual(['fp8', 'bf16']);
    expect(p.scenario.pools!.map((x) => x.scenario.engine.maxNumSeqs)).toEqual([64, s.pools![1].scenario.engine.maxNumSeqs]);
    const kv = patchScenario(s, 'kv', { 'pools.0.precision.kvCache': 'fp8' });
    if (!('scenario' in kv)) throw new Error(kv.skipped);
    expect(kv.scenario.pools![0].scenario.config.precision).toMatchObject({ weights: 'fp8', kvCache: 'fp8' });
    expect(kv.scenario.pools![1].scenario.config.precision.weights).toBe('bf16');
  });
});
