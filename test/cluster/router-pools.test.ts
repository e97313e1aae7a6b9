// Two-level routing over pools (router.poolRules, router.poolWeights): by construction, rules send
// every request of a class to its pools and the kind router picks inside them; weights 3:1 give
// pool shares within binomial bounds; summary.pools counts them; admission checks only the pools a
// class may reach; determinism.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../fixtures/run.ts';
import { baseScenario, scenarioFrom } from '../fixtures/scenarios.ts';

// Pool a: replicas 0, 1 (H100); pool b: replica 2 (B200). Every step 0.5 s.
function twoPools(extra: Record<string, unknown> = {}): Record<string, any> {
  const raw = baseScenario();
  delete raw.hardware;
  return {
    ...raw,
    costModel: { kind: 'constant', stepSeconds: 0.5 },
    workload: {
      arrival: { kind: 'max' },
      promptTokens: { kind: 'fixed', tokens: 100 },
      outputTokens: { kind: 'fixed', tokens: 4 },
      stop: { numRequests: 40 },
      classes: [
        { name: 'chat', share: 1 },
        { name: 'batch', share: 1 },
      ],
    },
    pools: [
      { name: 'a', hardware: { gpu: 'h100-sxm', tp: 1, numReplicas: 2 } },
      { name: 'b', hardware: { gpu: 'b200', tp: 1, numReplicas: 1 } },
    ],
    ...extra,
  };
}

const poolOfReplica = [0, 0, 1];

describe('router.poolRules', () => {
  it('sends every request of a class to its pool; the kind router picks inside the pool', () => {
    const r = runScenario(scenarioFrom(twoPools({ router: { kind: 'round-robin', poolRules: [{ class: 'chat', pool: 'b' }, { class: 'batch', pool: 'a' }] } })));
    const n = r.requests.count;
    expect(n).toBe(40);
    const batchReplicas: number[] = [];
    let chat = 0;
    for (let i = 0; i < n; i++) {
      if (r.requests.classIndex[i] === 0) {
        chat++;
        expect(r.requests.replica[i]).toBe(2);
      } else batchReplicas.push(r.requests.replica[i]);
    }
    expect(chat).toBeGreaterThan(0);
    expect(batchReplicas.length).toBeGreaterThan(0);
    // Round-robin over pool a alone (its own counter): 0, 1, 0, 1, … in routing (= id) order.
    expect(batchReplicas).toEqual(batchReplicas.map((_, k) => k % 2));
    const pools = r.summary.pools!;
    expect(pools.b.requests.arrived).toBe(chat);
    expect(pools.a.requests.arrived).toBe(40 - chat);
    expect(r.summary.classes!.chat.requests.arrived).toBe(chat);
  });

  it('lets a class without a rule go to any pool, a rule with several pools to those', () => {
    const r = runScenario(scenarioFrom(twoPools({ router: { kind: 'round-robin', poolRules: [{ class: 'chat', pool: ['b'] }] } })));
    const batchPools = new Set<number>();
    for (let i = 0; i < r.requests.count; i++) {
      if (r.requests.classIndex[i] === 0) expect(r.requests.replica[i]).toBe(2);
      else batchPools.add(poolOfReplica[r.requests.replica[i]]);
    }
    // Round-robin over all three replicas for batch: both pools.
    expect([...batchPools].sort()).toEqual([0, 1]);
  });

  it('admits a request if the pools its class may go to can complete it, whatever the others', () => {
    // Pool b's KV cache holds fewer than 100k tokens; pool a's more (test/cluster/pools.test.ts
    // shows the same prompts rejected when every pool must fit them).
    const raw = twoPools({ router: { kind: 'round-robin', poolRules: [{ class: 'long', pool: 'a' }] } });
    raw.model = 'llama-3.1-8b';
    raw.pools[1] = { name: 'b', hardware: { gpu: 'h100-sxm', tp: 1, numReplicas: 1 }, engine: { gpuMemoryUtilization: 0.25 } };
    raw.workload.stop = { numRequests: 30 };
    raw.workload.classes = [
      { name: 'long', share: 1, promptTokens: { kind: 'fixed', tokens: 100_000 } },
      { name: 'short', share: 2 },
    ];
    const ok = runScenario(scenarioFrom(raw));
    expect(ok.summary.requests.rejected).toBe(0);
    expect(ok.summary.requests.finished).toBe(30);
    for (let i = 0; i < ok.requests.count; i++) if (ok.requests.classIndex[i] === 0) expect(poolOfReplica[ok.requests.replica[i]]).toBe(0);
    // Without the rule the long class may reach pool b: every long request is rejected.
    delete raw.router;
    const no = runScenario(scenarioFrom(raw));
    const longs = Array.from(no.requests.classIndex.subarray(0, no.requests.count)).filter((c) => c === 0).length;
    expect(longs).toBeGreaterThan(0);
    expect(no.summary.requests.rejected).toBe(longs);
  });
});

describe('router.poolWeights', () => {
  it('splits traffic 3:1 over pools within binomial bounds', () => {
    const n = 800;
    const raw = twoPools({ router: { kind: 'least-outstanding', poolWeights: { a: 3, b: 1 } } });
    raw.workload = { ...raw.workload, arrival: { kind: 'poisson', ratePerSecond: 4 }, stop: { numRequests: n } };
    const r = runScenario(scenarioFrom(raw));
    let toA = 0;
    for (let i = 0; i < r.requests.count; i++) if (poolOfReplica[r.requests.replica[i]] === 0) toA++;
    // Binomial(n, 3/4): mean 600, sd √(800·¾·¼) ≈ 12.2; ±4 sd.
    const sd = Math.sqrt(n * 0.75 * 0.25);
    expect(Math.abs(toA - 0.75 * n)).toBeLessThan(4 * sd);
    expect(r.summary.pools!.a.requests.arrived).toBe(toA);
    expect(r.summary.pools!.b.requests.arrived).toBe(n - toA);
    // Both replicas of pool a serve (least-outstanding inside the pool).
    const inA = new Set(Array.from(r.requests.replica.subarray(0, r.requests.count)).filter((x) => x < 2));
    expect(inA.size).toBe(2);
  });

  it('draws only among the pools a rule allows, and weight 0 pools never get traffic', () => {
    const r = runScenario(scenarioFrom(twoPools({ router: { kind: 'random', poolWeights: { a: 3, b: 1 }, poolRules: [{ class: 'batch', pool: 'b' }] } })));
    const r0 = runScenario(scenarioFrom(twoPools({ router: { kind: 'random', poolWeights: { a: 1 } } })));
    let chatToB = 0;
    for (let i = 0; i < r.requests.count; i++) {
      if (r.requests.classIndex[i] === 1) expect(r.requests.replica[i]).toBe(2);
      else if (r.requests.replica[i] === 2) chatToB++;
    }
    expect(chatToB).toBeLessThan(r.summary.classes!.chat.requests.arrived);
    expect(Array.from(r0.requests.replica.subarray(0, r0.requests.count)).every((x) => x < 2)).toBe(true);
  });

  it('is deterministic', () => {
    const raw = twoPools({ router: { kind: 'power-of-two', poolWeights: { a: 2, b: 1 }, poolRules: [{ class: 'chat', pool: ['a', 'b'] }] } });
    raw.workload = { ...raw.workload, arrival: { kind: 'poisson', ratePerSecond: 4 }, stop: { numRequests: 100 } };
    const x = runScenario(scenarioFrom(raw));
    const y = runScenario(scenarioFrom(raw));
    expect(JSON.stringify(y.summary)).toBe(JSON.stringify(x.summary));
    expect(Array.from(y.requests.replica)).toEqual(Array.from(x.requests.replica));
  });
});
