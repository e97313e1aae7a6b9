// diagnoseScenario on five scenarios whose bottleneck is known by construction (fixtures.ts):
// each is named correctly, and the top prescription is the remedy the construction implies, with
// a significant improvement of the bottleneck's own metric; plus the --json contract.
// 4 replications, in the calling thread (jobs 1: no worker start-up), about 1–2 s per scenario.
import { describe, expect, it } from 'vitest';
import { PRIMARY_METRICS, diagnoseScenario, type Diagnosis } from '../../sim/diagnose/index.ts';
import { findGpu } from '../../sim/hardware/index.ts';
import type { Scenario } from '../../sim/scenario/index.ts';
import { KV_STARVED, LONG_PROMPTS, QUEUEING, TINY_OVERHEAD, UNBALANCED } from './fixtures.ts';

const run = (s: Scenario): Promise<Diagnosis> => diagnoseScenario(s, { replications: 4, jobs: 1 });

/** The top prescription improves one of the bottleneck's metrics significantly, by at least 20%. */
function expectSignificantTop(d: Diagnosis): void {
  const top = d.prescriptions[0];
  expect(top.rank).toBe(1);
  expect(top.tier).toBe('fixes');
  const gains = PRIMARY_METRICS[d.bottleneck.kind].map((m) => top.effect[m]).filter((e) => e.significant && e.ciHigh < 0 && e.relDiff <= -0.2);
  expect(gains.length, `${top.remedy}: ${top.verdict}`).toBeGreaterThan(0);
}

describe('diagnoseScenario: bottlenecks known by construction', () => {
  it('KV-starved (Llama-2-7B on an L40S): kv-capacity, with preemptions past the threshold; top remedy one that enlarges the KV cache (FP8 KV, FP8 weights, or a GPU with more memory), preemptions down', async () => {
    const d = await run(KV_STARVED());
    expect(d.bottleneck.kind).toBe('kv-capacity');
    const preempt = d.bottleneck.evidence.find((e) => e.metric === 'kv.preemptionsPerRequest');
    expect(preempt?.passes).toBe(true);
    expect(d.secondary.map((f) => f.kind)).not.toContain('queueing');
    const top = d.prescriptions[0];
    expect(['fp8-kv-cache', 'fp8-weights', 'other-gpu']).toContain(top.remedy);
    if (top.remedy === 'other-gpu') expect(findGpu(String(top.changes['hardware.gpu']))!.memoryBytes).toBeGreaterThan(2 * findGpu('l40s')!.memoryBytes);
    // Both FP8 remedies fix it too.
    for (const id of ['fp8-kv-cache', 'fp8-weights']) expect(d.prescriptions.find((p) => p.remedy === id)?.tier).toBe('fixes');
    expectSignificantTop(d);
    expect(d.prescriptions[0].effect['kv.preemptions'].relDiff).toBeLessThan(-0.5);
  });

  it('long prompts on an H100: compute-bound-prefill; top remedy FP8 weights (twice the FLOP/s), p95 TTFT down', async () => {
    const d = await run(LONG_PROMPTS());
    expect(d.bottleneck.kind).toBe('compute-bound-prefill');
    expect(d.observations['regime.compute']).toBeGreaterThan(0.8);
    expect(d.prescriptions[0].remedy).toBe('fp8-weights');
    expectSignificantTop(d);
  });

  it('queueing at ~95% of a slot-limited replica: queueing with full batch slots; top remedy adds serving capacity at no extra cost (maxNumSeqs up), queue time down', async () => {
    const d = await run(QUEUEING());
    expect(d.bottleneck.kind).toBe('queueing');
    expect(d.observations['batch.slotsFullShare']).toBeGreaterThan(0.9);
    expect(d.prescriptions[0].remedy).toBe('max-num-seqs-up');
    expectSignificantTop(d);
    // More replicas fix it too, at about twice the cost per token: ranked below.
    const more = d.prescriptions.find((p) => p.remedy === 'more-replicas');
    expect(more?.tier).toBe('fixes');
    expect(more!.usdPer1kOutputTokens).toBeGreaterThan(1.5 * d.prescriptions[0].usdPer1kOutputTokens);
  });

  it('tiny model with 4 ms step overhead: step-overhead; top remedy speculative decoding (more tokens per step), p95 TPOT down; its assumption and published figures are labelled', async () => {
    const d = await run(TINY_OVERHEAD());
    expect(d.bottleneck.kind).toBe('step-overhead');
    const top = d.prescriptions[0];
    expect(top.remedy).toBe('speculative');
    expectSignificantTop(d);
    expect(top.assumptions?.[0]).toMatch(/^ASSUMED acceptance 0\.7/);
    expect(top.published?.length).toBeGreaterThan(0);
    for (const f of top.published ?? []) expect(f).toMatch(/^published \(not simulated\)/);
  });

  it('prefix-aware routing without a load cap and one prefix: unbalanced-replicas (busiest replica 4x the mean); top remedy the least-outstanding router', async () => {
    const d = await run(UNBALANCED());
    expect(d.bottleneck.kind).toBe('unbalanced-replicas');
    expect(d.observations['routing.requestsMaxOverMean']).toBeCloseTo(4, 1);
    expect(d.prescriptions[0].remedy).toBe('router-least-outstanding');
    expectSignificantTop(d);
  });
});

describe('diagnose --json contract', () => {
  it('the diagnosis as JSON has bottleneck {kind, evidence [{metric, value, threshold}]} and prescriptions [{remedy, changes, effect {metric: {diff, ciLow, ciHigh}}, usdPer1kOutputTokens, verdict}]', async () => {
    const d = JSON.parse(JSON.stringify(await run(TINY_OVERHEAD())));
    expect(typeof d.bottleneck.kind).toBe('string');
    for (const e of d.bottleneck.evidence) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['metric', 'value', 'threshold', 'passes']));
      expect(typeof e.metric).toBe('string');
      expect(typeof e.threshold).toBe('number');
    }
    expect(d.prescriptions.length).toBeGreaterThan(0);
    d.prescriptions.forEach((p: Record<string, unknown>, i: number) => {
      expect(p.rank).toBe(i + 1);
      expect(typeof p.remedy).toBe('string');
      expect(typeof p.verdict).toBe('string');
      expect(typeof p.usdPer1kOutputTokens).toBe('number');
      expect(Object.keys(p.changes as object).length).toBeGreaterThan(0);
      const effect = p.effect as Record<string, Record<string, unknown>>;
      expect(Object.keys(effect)).toEqual(expect.arrayContaining(['ttftSeconds.p95', 'tpotSeconds.p95', 'cost.usdPer1kTokens']));
      for (const m of Object.values(effect)) for (const k of ['diff', 'ciLow', 'ciHigh']) expect(typeof m[k]).toBe('number');
    });
    expect(d.replications).toBe(4);
    expect(d.seeds).toHaveLength(4);
  });

  it('is deterministic: the same scenario and seeds give the same diagnosis, whatever the number of threads', async () => {
    const a = await diagnoseScenario(TINY_OVERHEAD(), { replications: 2, jobs: 1 });
    const b = await diagnoseScenario(TINY_OVERHEAD(), { replications: 2, jobs: 2 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
