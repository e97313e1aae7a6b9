// Per-class cost under autoscaling, by hand: a constant-time cost model (10 ms per step,
// maxNumSeqs 1), two classes of fixed lengths (a: 16 + 10 tokens, b: 16 + 30), a fleet scheduled
// 1 → 3 → 1 replicas at $2 per GPU-hour. Held GPU-seconds = ∫ (active + starting + draining +
// failed) dt over summary.replicasOverTime; a class's share = its processed tokens / all; its
// gpuHours = share × held / 3600 and its usdPer1kOutputTokens = share × held / 3600 × $2 / its
// output tokens × 1000 — over the window when it is loaded (tokens processed in the window), over
// the whole run when warm-up covers every arrival (finished requests' tokens; cost then
// drain-inclusive, as the fleet's costWithDrain).
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../sim/scenario/index.ts';
import { runScenario } from '../fixtures/run.ts';

const PRICE = 2;

function scenario(metrics: Record<string, unknown> = {}) {
  return resolveScenario(
    {
      model: 'llama-3.1-8b',
      hardware: {
        gpu: 'h100-sxm',
        numReplicas: 1,
        usdPerGpuHour: PRICE,
        autoscale: { policy: 'schedule', minReplicas: 1, maxReplicas: 3, coldStartSeconds: 5, schedule: [{ atSeconds: 10, replicas: 3 }, { atSeconds: 30, replicas: 1 }] },
      },
      costModel: { kind: 'constant', stepSeconds: 0.01 },
      engine: { maxNumSeqs: 1, maxNumBatchedTokens: 1024 },
      router: { kind: 'least-outstanding' },
      workload: {
        arrival: { kind: 'poisson', ratePerSecond: 5 },
        promptTokens: { kind: 'fixed', tokens: 16 },
        outputTokens: { kind: 'fixed', tokens: 10 },
        stop: { durationSeconds: 40 },
        classes: [
          { name: 'a', share: 1 },
          { name: 'b', share: 1, outputTokens: { kind: 'fixed', tokens: 30 } },
        ],
      },
      metrics,
      seed: 3,
    },
    { file: 'class-cost-autoscale.test' },
  );
}

/** ∫ held replicas dt over the change points, from `from` to `to` (one GPU per replica). */
function heldSeconds(points: { t: number; active: number; starting: number; draining: number; failed: number }[], from: number, to: number): number {
  let s = 0;
  points.forEach((p, k) => {
    const next = k + 1 < points.length ? points[k + 1].t : Infinity;
    const a = Math.max(p.t, from);
    const b = Math.min(next, to);
    if (b > a) s += (p.active + p.starting + p.draining + p.failed) * (b - a);
  });
  return s;
}

describe('summary.classes.<name>.cost under autoscaling', () => {
  it('each class pays its token share of the GPU-seconds held in the window (not every GPU all the time)', () => {
    const r = runScenario(scenario());
    const sum = r.summary;
    const held = heldSeconds(sum.replicasOverTime!, sum.window.startSeconds, sum.window.endSeconds);
    expect(sum.autoscale!.gpuSecondsHeldInWindow).toBeCloseTo(held, 9);
    expect(held).toBeLessThan(0.75 * 3 * (sum.window.endSeconds - sum.window.startSeconds)); // well below the peak fleet
    const { a, b } = sum.classes!;
    // Tokens processed in the window (prompt at first token, output at each step's end), from the class's window rates.
    const span = sum.window.endSeconds - sum.window.startSeconds;
    const outA = a.throughput.outputTokensPerSecond * span;
    const outB = b.throughput.outputTokensPerSecond * span;
    const tokensA = a.throughput.inputTokensPerSecond * span + outA;
    const tokensB = b.throughput.inputTokensPerSecond * span + outB;
    expect(outB / b.throughput.requestsPerSecond / span).toBeGreaterThan(25); // b's requests are the long ones
    const shareA = tokensA / (tokensA + tokensB);
    expect(a.cost.share).toBeCloseTo(shareA, 12);
    expect(a.cost.gpuHours).toBeCloseTo((shareA * held) / 3600, 12);
    expect(b.cost.gpuHours).toBeCloseTo(((1 - shareA) * held) / 3600, 12);
    expect(a.cost.usdPer1kOutputTokens).toBeCloseTo((((shareA * held) / 3600) * PRICE * 1000) / outA, 12);
    expect(b.cost.usdPer1kOutputTokens).toBeCloseTo(((((1 - shareA) * held) / 3600) * PRICE * 1000) / outB, 12);
    expect(a.cost.usdPer1kTokens).toBeCloseTo(((held / 3600) * PRICE * 1000) / (tokensA + tokensB), 12);
  });

  it('without a loaded window (warm-up covers every arrival) a class pays its share of the GPU-seconds held over the whole run', () => {
    const r = runScenario(scenario({ warmupRequests: 100000 }));
    const sum = r.summary;
    expect(sum.window.endsAt).toBe('whole-run');
    const held = heldSeconds(sum.replicasOverTime!, 0, r.simulatedSeconds);
    expect(sum.autoscale!.gpuSecondsHeld).toBeCloseTo(held, 9);
    const { a, b } = sum.classes!;
    const tokensA = a.requests.finished * (16 + 10);
    const tokensB = b.requests.finished * (16 + 30);
    const shareA = tokensA / (tokensA + tokensB);
    expect(a.cost.gpuHours).toBeCloseTo((shareA * held) / 3600, 12);
    expect(a.cost.gpuHours + b.cost.gpuHours).toBeCloseTo(sum.costWithDrain.gpuHours, 12);
    expect(b.cost.usdPer1kOutputTokens).toBeCloseTo(((((1 - shareA) * held) / 3600) * PRICE * 1000) / (b.requests.finished * 30), 12);
  });
});
