// Disaggregation's memory is bounded: after a run, the hook's state (its links, hand-offs, their
// folds and the per-pool stage folds) holds no array, map or set whose size grows with the
// number of requests. Measured by walking the object graph reachable from the Disaggregation
// instance through its own kinds of objects (plain objects, arrays, maps, sets, typed arrays and
// the disaggregation classes), stopping at replicas, requests and the collector, and summing
// the sizes of every container met: a run of 2000 requests must hold exactly as much as one of
// 200 (before the folds, the links kept every transfer and the hand-offs every wait: ×10).
// The summary's figures of both runs are the same folds' (count, bytes, max by hand).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Disaggregation } from '../../sim/cluster/index.ts';
import { KvHandoff } from '../../sim/cluster/kv-handoff.ts';
import { KvLink } from '../../sim/cluster/kv-link.ts';
import { KvTransferFold } from '../../sim/cluster/kv-transfer-fold.ts';
import { LogHistogram } from '../../sim/metrics/index.ts';
import { runScenario } from '../../sim/run.ts';
import { baseScenario, scenarioFrom } from '../fixtures/scenarios.ts';

const WALKED = new Set<unknown>([Object, Array, Map, Set, Float64Array, Int32Array, Disaggregation, KvLink, KvHandoff, KvTransferFold, LogHistogram]);

/** Σ sizes of the containers reachable from `root` through WALKED kinds (each object once). */
function retainedSlots(root: object): number {
  const seen = new Set<object>();
  let slots = 0;
  const visit = (x: unknown): void => {
    if (typeof x !== 'object' || x === null || seen.has(x)) return;
    if (!WALKED.has(Object.getPrototypeOf(x)?.constructor)) return;
    seen.add(x);
    if (ArrayBuffer.isView(x)) {
      slots += (x as Float64Array).length;
    } else if (x instanceof Map) {
      slots += x.size;
      for (const [k, v] of x) {
        visit(k);
        visit(v);
      }
    } else if (x instanceof Set) {
      slots += x.size;
      for (const v of x) visit(v);
    } else {
      const values = Object.values(x);
      slots += values.length;
      for (const v of values) visit(v);
    }
  };
  visit(root);
  return slots;
}

// 1 prefill + 2 decode replicas, per-prefill-replica links, a finite link (transfers queue) and
// a constant 10 ms step: cheap enough for 2000 requests.
function run(numRequests: number, linkScope: 'per-prefill-replica' | 'shared'): { hook: Disaggregation; transfers: number; landed: number } {
  const spy = vi.spyOn(Disaggregation.prototype, 'summary');
  const r = runScenario(
    scenarioFrom({
      ...baseScenario(),
      costModel: { kind: 'constant', stepSeconds: 0.01 },
      workload: {
        arrival: { kind: 'poisson', ratePerSecond: 40 },
        promptTokens: { kind: 'fixed', tokens: 64 },
        outputTokens: { kind: 'fixed', tokens: 3 },
        stop: { numRequests },
      },
      pools: [
        { name: 'p', role: 'prefill', hardware: { numReplicas: 2 } },
        { name: 'd', role: 'decode', hardware: { numReplicas: 2 } },
      ],
      disaggregation: { link: { bandwidthGBps: 1, latencySeconds: 0.001 }, linkScope },
    }),
  );
  const hook = spy.mock.contexts[0] as Disaggregation;
  spy.mockRestore();
  return { hook, transfers: r.summary.transfers!.count, landed: r.summary.pools!.d.stage!.decodes! };
}

afterEach(() => vi.restoreAllMocks());

describe('Disaggregation: memory does not grow with the request count', () => {
  for (const scope of ['per-prefill-replica', 'shared'] as const) {
    it(`${scope} links: the hook after 2000 requests holds exactly what it holds after 200`, () => {
      const small = run(200, scope);
      const large = run(2000, scope);
      // Every request of 3 output tokens hands off once.
      expect([small.transfers, small.landed, large.transfers, large.landed]).toEqual([200, 200, 2000, 2000]);
      const a = retainedSlots(small.hook);
      const b = retainedSlots(large.hook);
      expect(a).toBeGreaterThan(0);
      expect(b).toBe(a);
    });
  }
});

describe('KvLink and KvHandoff keep no per-transfer state', () => {
  it('2000 transfers and admissions leave the link, the hand-off and their folds the size they had after 1', () => {
    const fold = new KvTransferFold();
    const waits = new LogHistogram();
    const link = new KvLink({ bandwidthBytesPerSecond: 1e9, latencySeconds: 0.01 }, fold);
    const handoff = new KvHandoff({ tryReserve: () => true }, waits);
    handoff.offer(0, 0, 10, 1e6, link);
    const after1 = retainedSlots({ link, handoff });
    for (let i = 1; i < 2000; i++) handoff.offer(i * 1e-3, i, 10, 1e6, link);
    expect(retainedSlots({ link, handoff })).toBe(after1);
    expect([fold.count, fold.bytes, waits.count]).toEqual([2000, 2000 * 1e6, 2000]);
  });
});
