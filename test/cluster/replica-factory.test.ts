// planReplica + createReplicas: the replica kind and parts a scenario gives, and the objects the
// factory makes from them, one case per kind (plain, speculative, pipelined) and per batching and
// KV layout.
import { describe, expect, it } from 'vitest';
import { Collector, PipelineReplica, Replica, createReplicas, planReplica } from '../../sim/cluster/index.ts';
import { ContiguousKvCache, PagedKvCache } from '../../sim/kv/index.ts';
import { createStreams } from '../../sim/random/index.ts';
import { LockstepDecodes, Scheduler, SpeculativeDecodes, StaticBatchScheduler } from '../../sim/scheduler/index.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

function build(changes: Record<string, unknown>, numReplicas = 2) {
  const plan = planReplica(scenarioFrom(withChanges(baseScenario(), changes)));
  const collector = new Collector(plan.parts.numGpuBlocks, numReplicas, { slo: { ttftSeconds: 1, tpotSeconds: 1 } });
  return { plan, replicas: createReplicas(numReplicas, plan.kind, plan.parts, collector, { streams: createStreams(1), seed: 1 }) };
}

const NGRAM = { method: 'ngram', numSpeculativeTokens: 3, acceptance: { kind: 'constant', rate: 0.7 } };

describe('replica factory', () => {
  it('pp 1, no speculation: kind plain; Replica i at index i, a continuous Scheduler with lock-step decodes over a paged cache of the whole pool', () => {
    const { plan, replicas } = build({});
    expect(plan.kind).toEqual({ kind: 'plain' });
    expect(replicas.map((r) => r.index)).toEqual([0, 1]);
    const r = replicas[1] as Replica;
    expect(r).toBeInstanceOf(Replica);
    expect(r.scheduler).toBeInstanceOf(Scheduler);
    expect((r.scheduler as Scheduler).decodes).toBeInstanceOf(LockstepDecodes);
    expect(r.kv).toBeInstanceOf(PagedKvCache);
    expect(r.kv.numGpuBlocks).toBe(plan.parts.numGpuBlocks);
  });

  it('speculative n-gram: kind speculative; each replica schedules with SpeculativeDecodes (lookahead γ 3)', () => {
    const { plan, replicas } = build({ speculative: NGRAM });
    expect(plan.kind.kind).toBe('speculative');
    const s = (replicas[0] as Replica).scheduler as Scheduler;
    expect(s.decodes).toBeInstanceOf(SpeculativeDecodes);
    expect(s.decodes.lookahead).toBe(3);
  });

  it('pp 2: kind pipelined; a PipelineReplica of 2 virtual engines, each over half the pool', () => {
    const { plan, replicas } = build({ 'hardware.pp': 2 });
    expect(plan.kind).toEqual({ kind: 'pipelined', pp: 2 });
    expect(plan.gpusPerReplica).toBe(2);
    const r = replicas[0] as PipelineReplica;
    expect(r).toBeInstanceOf(PipelineReplica);
    expect(r.engines.map((e) => e.kv.numGpuBlocks)).toEqual([plan.parts.numGpuBlocks / 2, plan.parts.numGpuBlocks / 2]);
  });

  it('static batching and the contiguous layout: StaticBatchScheduler over a ContiguousKvCache', () => {
    const { replicas } = build({ 'engine.batching': { kind: 'static', maxBatchSize: 8, batchTimeoutSeconds: 0.1 }, 'engine.kvLayout': 'contiguous' });
    const r = replicas[0] as Replica;
    expect(r.scheduler).toBeInstanceOf(StaticBatchScheduler);
    expect(r.kv).toBeInstanceOf(ContiguousKvCache);
  });

  it('notes come in the run order: engine first, then the KV cache', () => {
    const { plan } = build({});
    expect(plan.notes[0]).toMatch(/^engine: /);
    expect(plan.notes.findIndex((n) => n.startsWith('KV cache: '))).toBeGreaterThan(0);
  });
});
