// Speculative decoding in the continuous-batching scheduler, by hand on a tiny pool (block size
// 4): a verify step runs 1 + γ tokens per decoding request, holds KV slots for them, and emits
// 1 + accepted tokens; the budget, the batch-size switch and preemption as documented.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PagedKvCache } from '../../sim/kv/index.ts';
import { RequestStatus, Scheduler, Request, type AcceptanceModel, type RequestEvents, type SchedulerConfig } from '../../sim/scheduler/index.ts';
import { makeSchedulerOutput } from '../../sim/step/index.ts';

const events = (finished: Request[], preempted: Request[] = []): RequestEvents => ({
  scheduled() {},
  firstToken() {},
  resumedToken() {},
  finished(r) { finished.push(r); },
  preempted(r) { preempted.push(r); },
});

/** Accepts a fixed script of counts, in order (then the last one forever). */
const scripted = (counts: number[]): AcceptanceModel => {
  let i = 0;
  return { accepted: (_r, gamma) => Math.min(gamma, counts[Math.min(i++, counts.length - 1)]) };
};

function setup(acceptance: AcceptanceModel, opts: { numBlocks?: number; gamma?: number; maxNumBatchedTokens?: number; disableAbove?: number } = {}) {
  const kv = new PagedKvCache(opts.numBlocks ?? 32, 4);
  const finished: Request[] = [];
  const preempted: Request[] = [];
  const config: SchedulerConfig = {
    maxNumSeqs: 8,
    maxNumBatchedTokens: opts.maxNumBatchedTokens ?? 64,
    enableChunkedPrefill: true,
    kvAdmission: 'on-demand',
    speculative: { numSpeculativeTokens: opts.gamma ?? 3, disableAboveBatchSize: opts.disableAbove ?? Infinity, acceptance },
  };
  const scheduler = new Scheduler(config, kv, events(finished, preempted));
  return { kv, scheduler, finished, preempted, shape: makeSchedulerOutput(8) };
}

describe('speculative decoding in the scheduler (block size 4)', () => {
  it('prompt 5, output 10, γ 3, accepted 2 then 3 then 0: verify widths, KV slots and emitted tokens by hand', () => {
    const { kv, scheduler, finished, shape } = setup(scripted([2, 3, 0, 3]));
    const r = new Request(0, 0, 5, 10, true);
    scheduler.add(r);

    // Step 1: prefill 5 tokens (2 blocks), first token sampled: 1 output, 5 computed.
    expect(scheduler.schedule(0, shape)).toBe(true);
    expect(shape.numPrefillChunks).toBe(1);
    expect(shape.numDecodeSeqs).toBe(0);
    expect(scheduler.finishStep(1)).toBe(1);

    // Step 2: verify 1 + 3 tokens over context 5: slots for 5 + 4 = 9 tokens → 3 blocks; attended
    // context of the last query = 9. Accepted 2 → 3 tokens emitted: output 4, computed 8.
    scheduler.schedule(1, shape);
    expect(shape.numDecodeSeqs).toBe(1);
    expect(shape.decodeQueryTokens).toBe(4);
    expect(shape.decodeContextSum).toBe(9);
    expect(kv.blockTable(0).length).toBe(3);
    expect(scheduler.finishStep(2)).toBe(3);
    expect(r.numOutputTokens).toBe(4);
    expect(r.numComputedTokens).toBe(8);

    // Step 3: slots for 8 + 4 = 12 → still 3 blocks. Accepted 3 → 4 tokens: output 8, computed 12.
    scheduler.schedule(2, shape);
    expect(shape.decodeContextSum).toBe(12);
    expect(kv.blockTable(0).length).toBe(3);
    expect(scheduler.finishStep(3)).toBe(4);
    expect(r.numOutputTokens).toBe(8);

    // Step 4: slots for 16 → 4 blocks. Accepted 0 → 1 token: output 9.
    scheduler.schedule(3, shape);
    expect(kv.blockTable(0).length).toBe(4);
    expect(scheduler.finishStep(4)).toBe(1);
    expect(r.numOutputTokens).toBe(9);

    // Step 5: accepted 3 would give 4 tokens, but only 1 is left: it finishes with exactly 10.
    scheduler.schedule(4, shape);
    expect(scheduler.finishStep(5)).toBe(1);
    expect(r.numOutputTokens).toBe(10);
    expect(finished).toEqual([r]);
    expect(kv.numFreeBlocks()).toBe(32);
    const s = scheduler.speculation!;
    expect([s.verifies, s.numDraftTokens, s.numAcceptedTokens, s.speculativeSteps, s.plainSteps]).toEqual([4, 12, 2 + 3 + 0 + 3, 4, 0]);
  });

  it('drafts nothing above disableAboveBatchSize, and trims γ to the token budget', () => {
    // 3 requests, switch at 2: the decode steps are plain (query width 1).
    const off = setup(scripted([3]), { disableAbove: 2 });
    for (let i = 0; i < 3; i++) off.scheduler.add(new Request(i, 0, 4, 6, true));
    off.scheduler.schedule(0, off.shape);
    off.scheduler.finishStep(1);
    off.scheduler.schedule(1, off.shape);
    expect(off.shape.numDecodeSeqs).toBe(3);
    expect(off.shape.decodeQueryTokens).toBe(1);
    expect(off.scheduler.finishStep(2)).toBe(3);
    expect(off.scheduler.speculation!.plainSteps).toBe(1);

    // Budget 8 over 3 decoding requests: ⌊8/3⌋ − 1 = 1 draft token each (γ 3 asked).
    const trimmed = setup(scripted([3]), { maxNumBatchedTokens: 8 });
    for (let i = 0; i < 3; i++) trimmed.scheduler.add(new Request(i, 0, 2, 6, true));
    trimmed.scheduler.schedule(0, trimmed.shape);
    trimmed.scheduler.finishStep(1);
    trimmed.scheduler.schedule(1, trimmed.shape);
    expect(trimmed.shape.decodeQueryTokens).toBe(2);
    expect(trimmed.scheduler.finishStep(2)).toBe(3 * 2);
  });

  it('preempts the latest arrival when the lookahead slots do not fit', () => {
    // 4 blocks of 4: two requests of prompt 4 hold 1 block each after prefill; the first verify
    // (γ 3) needs slots for 4 + 4 = 8 tokens each: 2 blocks each → 4 in all, fits; the next
    // needs 3 blocks each → 6 > 4: request 1 (latest) is preempted.
    const { scheduler, preempted, shape } = setup(scripted([3]), { numBlocks: 4 });
    const a = new Request(0, 0, 4, 20, true);
    const b = new Request(1, 0, 4, 20, true);
    scheduler.add(a);
    scheduler.add(b);
    scheduler.schedule(0, shape);
    scheduler.finishStep(1);
    scheduler.schedule(1, shape);
    expect(shape.numDecodeSeqs).toBe(2);
    expect(preempted).toEqual([]);
    scheduler.finishStep(2); // 4 tokens each: computed 8
    scheduler.schedule(2, shape);
    expect(preempted).toEqual([b]);
    expect(shape.numDecodeSeqs).toBe(1);
    expect(b.numComputedTokens).toBe(0); // recompute mode
  });

  it('conserves tokens and blocks over random acceptance (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ prompt: fc.integer({ min: 1, max: 30 }), output: fc.integer({ min: 1, max: 40 }) }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 1, max: 4 }),
        (reqs, counts, gamma) => {
          const { kv, scheduler, finished, shape } = setup(scripted(counts), { numBlocks: 64, gamma });
          const rs = reqs.map((q, i) => new Request(i, 0, q.prompt, q.output, true));
          for (const r of rs) scheduler.add(r);
          let emitted = 0;
          for (let step = 0; step < 10_000 && finished.length < rs.length; step++) {
            if (!scheduler.schedule(step, shape)) break;
            emitted += scheduler.finishStep(step + 1);
            // Every used block belongs to one request's table; each table covers its lookahead.
            expect(rs.reduce((n, r) => n + kv.blockTable(r.id).length, 0)).toBe(kv.numUsedBlocks());
            for (const r of rs) if (r.status === RequestStatus.DECODING) expect(kv.blockTable(r.id).length * 4).toBeGreaterThanOrEqual(r.numComputedTokens);
          }
          // Every request finished with exactly its output length; nothing else was emitted
          // (preemption may re-emit after recompute, so compare at least).
          expect(finished.length).toBe(rs.length);
          for (const r of rs) expect(r.numOutputTokens).toBe(r.maxOutputTokens);
          expect(emitted).toBeGreaterThanOrEqual(rs.reduce((s, r) => s + r.maxOutputTokens, 0));
          expect(kv.numFreeBlocks()).toBe(64);
        },
      ),
      { numRuns: 150, seed: 4 },
    );
  });
});

describe('speculative decoding: admission', () => {
  it('a request must fit prompt + output − 1 + γ lookahead slots, and the message says so', () => {
    const { scheduler } = setup(scripted([0]), { numBlocks: 4, gamma: 3 }); // 16 slots
    expect(scheduler.admissible(8, 6)).toBeNull(); // 8 + 6 − 1 + 3 = 16
    expect(scheduler.admissible(8, 7)).toBe('prompt + output − 1 + 3 speculative lookahead exceeds the 16 tokens of the whole KV cache');
  });
});
