// The point, by construction: an interactive class with priority keeps its p95 TTFT under
// its SLO while a batch class saturates the replica, and without priority (fcfs) it does not.
// Construction (constant 20 ms steps, maxNumSeqs 8, KV ample): a batch request holds a slot for
// 1 prefill step + on average 99 decode steps ≈ 2 s, so the replica serves ≈ 8 / 2 = 4 requests/s;
// the batch class offers 6/s (priority 1), so its queue grows by ≈ 2/s for the 60 s of arrivals.
// The chat class (1/s, 16-token prompts, 10 tokens out, priority 0, SLO ttft p95 ≤ 1 s):
//   fcfs      a chat request waits behind the whole batch backlog: tens of seconds;
//   priority  it goes to the head of the waiting queue and waits only for the next free slot,
//             the least of 8 residual batch service times (mean ≈ 2 s / 8).
// The class of a record is read off its prompt length (16: chat, 64: batch), which nothing else
// shares. Three seeds; the margins are an order of magnitude, not a tolerance.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../fixtures/run.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

function scenario(policy: 'fcfs' | 'priority', seed: number) {
  return scenarioFrom(withChanges(baseScenario(), {
    seed,
    costModel: { kind: 'constant', stepSeconds: 0.02 },
    'engine.maxNumSeqs': 8,
    'engine.schedulingPolicy': policy,
    workload: {
      promptTokens: { kind: 'fixed', tokens: 64 },
      outputTokens: { kind: 'uniform', minTokens: 50, maxTokens: 150 },
      stop: { durationSeconds: 60 },
      classes: [
        { name: 'chat', arrival: { kind: 'poisson', ratePerSecond: 1 }, promptTokens: { kind: 'fixed', tokens: 16 }, outputTokens: { kind: 'fixed', tokens: 10 }, priority: 0, slo: { ttft: { p95: 1 } } },
        { name: 'batch', arrival: { kind: 'poisson', ratePerSecond: 6 }, priority: 1 },
      ],
    },
  }));
}

/** The nearest-rank p95. */
function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.ceil(0.95 * s.length) - 1];
}

/** p95 TTFT of each class's finished requests, the class read off the prompt length. */
function classP95(policy: 'fcfs' | 'priority', seed: number) {
  const q = runScenario(scenario(policy, seed)).requests;
  const chat: number[] = [];
  const batch: number[] = [];
  for (let i = 0; i < q.count; i++) {
    if (q.status[i] !== 1) continue;
    (q.numPromptTokens[i] === 16 ? chat : batch).push(q.firstTokenAt[i] - q.arrivedAt[i]);
  }
  return { chat: p95(chat), batch: p95(batch), numChat: chat.length };
}

describe('priority scheduling under a saturating batch class (by construction)', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: chat p95 TTFT <= its 1 s SLO with priority, > 10 s with fcfs; batch saturates in both`, () => {
      const withPriority = classP95('priority', seed);
      const fcfs = classP95('fcfs', seed);
      expect(withPriority.numChat).toBeGreaterThan(40); // ≈ 60 chat requests measured
      expect(withPriority.chat).toBeLessThanOrEqual(1);
      expect(fcfs.chat).toBeGreaterThan(10);
      expect(withPriority.batch).toBeGreaterThan(10); // the backlog is real under both policies
      expect(fcfs.batch).toBeGreaterThan(10);
    });
  }
});
