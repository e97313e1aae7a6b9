// The scheduler's decode bookkeeping is chosen once, at construction, from its config: plain
// decoding gets the lazy lock-step tracker, speculative decoding the eager one; both honour the
// DecodeTracker contract the scheduler relies on (count, lookahead, finish order).
import { describe, expect, it } from 'vitest';
import { PagedKvCache } from '../../sim/kv/index.ts';
import { LockstepDecodes, Request, Scheduler, SpeculativeDecodes, type RequestEvents, type SchedulerConfig } from '../../sim/scheduler/index.ts';
import { makeSchedulerOutput } from '../../sim/step/index.ts';

const events = (finished: Request[]): RequestEvents => ({
  scheduled() {},
  firstToken() {},
  resumedToken() {},
  finished(r) { finished.push(r); },
  preempted() {},
});

const base: SchedulerConfig = { maxNumSeqs: 4, maxNumBatchedTokens: 32, enableChunkedPrefill: true, kvAdmission: 'on-demand' };
const alwaysAccept = { accepted: (_r: Request, gamma: number) => gamma };

describe('Scheduler decode tracker', () => {
  it('new Scheduler(plain config) keeps decodes lock-step: LockstepDecodes, lookahead 0, no speculation counts', () => {
    const s = new Scheduler(base, new PagedKvCache(16, 4), events([]));
    expect(s.decodes).toBeInstanceOf(LockstepDecodes);
    expect([s.decodes.lookahead, s.speculation]).toEqual([0, undefined]);
  });

  it('new Scheduler(speculative γ 3) keeps decodes eagerly: SpeculativeDecodes, lookahead 3, counts start at 0', () => {
    const s = new Scheduler({ ...base, speculative: { numSpeculativeTokens: 3, disableAboveBatchSize: Infinity, acceptance: alwaysAccept } }, new PagedKvCache(16, 4), events([]));
    expect(s.decodes).toBeInstanceOf(SpeculativeDecodes);
    expect(s.decodes.lookahead).toBe(3);
    expect(s.speculation).toEqual({ verifies: 0, numDraftTokens: 0, numAcceptedTokens: 0, speculativeSteps: 0, plainSteps: 0 });
  });

  it('either tracker: two requests (prompt 4, output 3) decode, count them while running, and finish in id order', () => {
    for (const speculative of [undefined, { numSpeculativeTokens: 1, disableAboveBatchSize: Infinity, acceptance: alwaysAccept }]) {
      const finished: Request[] = [];
      const s = new Scheduler({ ...base, ...(speculative ? { speculative } : {}) }, new PagedKvCache(16, 4), events(finished));
      s.add(new Request(1, 0, 4, 3, true));
      s.add(new Request(0, 0, 4, 3, true));
      const out = makeSchedulerOutput(4);
      const counts: number[] = [];
      for (let t = 0; finished.length < 2 && t < 10; t++) {
        s.schedule(t, out);
        s.finishStep(t + 1);
        counts.push(s.decodes.count);
      }
      // Plain: 1 token per step (prefill gives the first): 2 decodes for 2 steps. γ 1 all accepted: 2 tokens per verify, done after one.
      expect(counts).toEqual(speculative ? [2, 0] : [2, 2, 0]);
      expect(finished.map((r) => r.id)).toEqual([0, 1]);
    }
  });
});
