// Disaggregated serving end to end through runScenario, on the constant cost model (every step
// 0.5 s), against timelines computed by hand; conservation and determinism on a roofline run.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../fixtures/run.ts';
import { baseScenario, scenarioFrom } from '../fixtures/scenarios.ts';
import { runScenario as runPlain } from '../../sim/run.ts';

// llama-3.1-8b at bf16 KV: 2 · 32 layers · 8 KV heads · 128 · 2 B = 131,072 B per token.
const BYTES_PER_TOKEN = 131_072;
const PROMPT = 100;
const BYTES = PROMPT * BYTES_PER_TOKEN; // 13,107,200 B

// 2 requests at t = 0, 100 prompt + 4 output tokens; one prefill replica, one decode replica.
function disagg(link: Record<string, unknown>, changes: Record<string, unknown> = {}): Record<string, any> {
  const raw = baseScenario();
  return {
    ...raw,
    costModel: { kind: 'constant', stepSeconds: 0.5 },
    workload: {
      arrival: { kind: 'max' },
      promptTokens: { kind: 'fixed', tokens: PROMPT },
      outputTokens: { kind: 'fixed', tokens: 4 },
      stop: { numRequests: 2 },
    },
    pools: [
      { name: 'p', role: 'prefill', hardware: { numReplicas: 1 } },
      { name: 'd', role: 'decode', hardware: { numReplicas: 1 } },
    ],
    disaggregation: { link },
    ...changes,
  };
}

describe('disaggregation: end to end (constant 0.5 s steps, by hand)', () => {
  it('an infinite link with zero latency gives the colocated timeline: TTFT 0.5 s, E2E 2 s', () => {
    // Prefill replica [0, 0.5]: both prompts, both first tokens; both KV caches land at 0.5 in one
    // event, so the decode replica decodes both in [0.5, 1], [1, 1.5], [1.5, 2]: tokens 2, 3, 4.
    const r = runScenario(scenarioFrom(disagg({ bandwidthGBps: 1e300, latencySeconds: 0 })));
    const q = r.requests;
    expect(Array.from(q.firstTokenAt)).toEqual([0.5, 0.5]);
    expect(Array.from(q.finishedAt)).toEqual([2, 2]);
    expect(Array.from(q.numOutputTokens)).toEqual([4, 4]);
    expect(Array.from(q.replica)).toEqual([0, 0]); // routed to the prefill replica
    const colocated = runScenario(scenarioFrom({ ...disagg({}), pools: undefined, disaggregation: undefined }));
    expect(Array.from(colocated.requests.firstTokenAt)).toEqual([0.5, 0.5]);
    expect(Array.from(colocated.requests.finishedAt)).toEqual([2, 2]);
    const t = r.summary.transfers!;
    expect([t.count, t.bytes, t.seconds.max, t.queueSeconds.max, t.linkUtilization]).toEqual([2, 2 * BYTES, 0, 0, 0]);
    expect(r.summary.pools!.p.role).toBe('prefill');
    expect(r.summary.pools!.d.role).toBe('decode');
    expect(Object.keys(r.summary.pools!.d)[0]).toBe('role');
    // The decode replica ran the 3 decode steps, the prefill replica the 1 prefill step.
    expect(r.replicas.map((x) => x.steps)).toEqual([1, 3]);
  });

  it('a finite link adds bytes / bandwidth + latency on an idle link, and queues the second transfer', () => {
    // 13,107,200 B at 0.032768 GB/s = 0.4 s serialisation, + 0.2 s latency, per-prefill-replica link.
    // r0: ready 0.5, starts 0.5, lands 1.1 (TTFT 0.5 + 0.4 + 0.2); r1: starts 0.9 (waits 0.4), lands 1.5.
    // Decode: [1.1, 1.6] r0 token 2; r1 landed at 1.5 during it, so [1.6, 2.1] r0 3 + r1 2,
    // [2.1, 2.6] r0 4 (done at 2.6) + r1 3, [2.6, 3.1] r1 4 (done at 3.1).
    const r = runScenario(scenarioFrom(disagg({ bandwidthGBps: 0.032768, latencySeconds: 0.2 })));
    const q = r.requests;
    expect(q.firstTokenAt[0]).toBeCloseTo(1.1, 12);
    expect(q.firstTokenAt[1]).toBeCloseTo(1.5, 12);
    expect(q.finishedAt[0]).toBeCloseTo(2.6, 12);
    expect(q.finishedAt[1]).toBeCloseTo(3.1, 12);
    const t = r.summary.transfers!;
    expect(t.count).toBe(2);
    expect(t.seconds.max).toBeCloseTo(1.0, 12); // 0.4 queue + 0.4 + 0.2
    expect(t.seconds.mean).toBeCloseTo(0.8, 12); // (0.6 + 1.0) / 2
    expect(t.queueSeconds.max).toBeCloseTo(0.4, 12);
    expect(t.linkUtilization).toBeCloseTo(0.8 / 3.1, 12); // 0.8 s serialising over a 3.1 s run
    expect(r.simulatedSeconds).toBeCloseTo(3.1, 12);
    expect(r.summary.ttftSeconds.mean).toBeCloseTo((1.1 + 1.5) / 2, 12);
  });

  it('a shared link and per-prefill-replica links differ only when prefill replicas overlap', () => {
    // Two prefill replicas: round-robin gives each one request, both prefilled at 0.5.
    const two = (scope: string) =>
      runScenario(scenarioFrom({ ...disagg({}), pools: [{ name: 'p', role: 'prefill', hardware: { numReplicas: 2 } }, { name: 'd', role: 'decode' }], disaggregation: { link: { bandwidthGBps: 0.032768, latencySeconds: 0.2 }, linkScope: scope } }));
    const own = two('per-prefill-replica');
    expect(Array.from(own.requests.firstTokenAt).map((x) => +x.toFixed(9))).toEqual([1.1, 1.1]); // each on its own link
    const shared = two('shared');
    expect(Array.from(shared.requests.firstTokenAt).map((x) => +x.toFixed(9))).toEqual([1.1, 1.5]); // FIFO on one link
    expect(shared.summary.transfers!.linkUtilization).toBeCloseTo(0.8 / shared.simulatedSeconds, 12);
  });

  it('a one-token request ends on its prefill replica: no transfer', () => {
    const raw = disagg({ preset: 'nvlink4' });
    raw.workload.outputTokens = { kind: 'fixed', tokens: 1 };
    const r = runScenario(scenarioFrom(raw));
    expect(Array.from(r.requests.finishedAt)).toEqual([0.5, 0.5]);
    expect(r.summary.transfers!.count).toBe(0);
  });
});

describe('disaggregation: conservation and determinism (roofline, Poisson)', () => {
  const raw = (): Record<string, any> => ({
    ...baseScenario(),
    workload: {
      arrival: { kind: 'poisson', ratePerSecond: 8 },
      promptTokens: { kind: 'lognormal', meanTokens: 1500, sigma: 0.8, maxTokens: 8192 },
      outputTokens: { kind: 'lognormal', meanTokens: 100, sigma: 0.7, maxTokens: 1024 },
      stop: { numRequests: 300 },
    },
    pools: [
      { name: 'p', role: 'prefill', hardware: { numReplicas: 2 } },
      { name: 'd', role: 'decode', hardware: { numReplicas: 2 } },
    ],
    disaggregation: { link: { preset: 'ib-ndr-400' } },
  });

  it('every request finishes; one transfer per request of 2+ tokens, carrying its prompt at 131,072 B per token', () => {
    const r = runScenario(scenarioFrom(raw()));
    const q = r.requests;
    expect(r.summary.requests.finished).toBe(300);
    let multi = 0;
    let tokens = 0;
    for (let i = 0; i < 300; i++) {
      expect(q.status[i]).toBe(1);
      if (q.numOutputTokens[i] > 1) {
        multi++;
        tokens += q.numPromptTokens[i];
      }
      expect(q.replica[i]).toBeLessThan(2); // routed to a prefill replica
      expect(q.firstTokenAt[i]).toBeGreaterThan(q.arrivedAt[i]);
    }
    const t = r.summary.transfers!;
    expect(t.count).toBe(multi);
    expect(t.bytes).toBe(tokens * BYTES_PER_TOKEN);
    // Transfer time = queue + bytes / 50 GB/s + 10 µs (NDR nominal): its mean is the queue's mean
    // plus the mean prompt's serialisation plus the latency.
    expect(t.seconds.mean).toBeCloseTo(t.queueSeconds.mean + t.bytes / t.count / 50e9 + 10e-6, 12);
    expect(t.linkUtilization).toBeGreaterThan(0);
    expect(t.linkUtilization).toBeLessThan(1);
    // Both decode replicas received work (least-loaded choice spreads the handoffs).
    expect(r.replicas.slice(2).every((x) => x.steps > 0)).toBe(true);
  });

  it('same scenario and seed: identical summaries', () => {
    const a = runPlain(scenarioFrom(raw()));
    const b = runPlain(scenarioFrom(raw()));
    expect(JSON.stringify(a.summary)).toBe(JSON.stringify(b.summary));
    expect(a.summary.transfers).toBeDefined();
  });

  it('a decode pool short of KV room: prefilled requests wait for it (counted in TTFT), none is lost', () => {
    // One decode replica with ~31k tokens of KV (gpuMemoryUtilization 0.26) for 3,400-token
    // requests arriving faster than it can decode them: handoffs wait for blocks.
    const r = runScenario(
      scenarioFrom({
        ...raw(),
        workload: { arrival: { kind: 'poisson', ratePerSecond: 6 }, promptTokens: { kind: 'fixed', tokens: 3000 }, outputTokens: { kind: 'fixed', tokens: 400 }, stop: { numRequests: 100 } },
        pools: [
          { name: 'p', role: 'prefill', hardware: { numReplicas: 2 } },
          { name: 'd', role: 'decode', hardware: { numReplicas: 1 }, engine: { gpuMemoryUtilization: 0.26 } },
        ],
      }),
    );
    expect(r.summary.requests.finished).toBe(100);
    const t = r.summary.transfers!;
    expect(t.count).toBe(100);
    expect(t.decodeAdmissionWaitSeconds.p95).toBeGreaterThan(1);
    // TTFT = prefill + admission wait + transfer, so its mean exceeds the wait's and the transfer's.
    expect(r.summary.ttftSeconds.mean).toBeGreaterThan(t.decodeAdmissionWaitSeconds.mean + t.seconds.mean);
  });

  it('scenarios without disaggregation have no transfers and no roles', () => {
    const r = runPlain(scenarioFrom({ ...raw(), pools: [{ name: 'p' }, { name: 'd' }], disaggregation: undefined }));
    expect(r.summary.transfers).toBeUndefined();
    expect('role' in r.summary.pools!.p).toBe(false);
  });
});
