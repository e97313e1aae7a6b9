import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PagedKvCache } from '../../sim/kv/index.ts';
import { Scheduler, Request, type RequestEvents, type SchedulerConfig } from '../../sim/scheduler/index.ts';
import { makeSchedulerOutput } from '../../sim/step/index.ts';

class Log implements RequestEvents {
  lines: string[] = [];
  finishedTokens = new Map<number, number>();
  scheduled(r: Request, now: number) { this.lines.push(`t${now} scheduled ${r.id}`); }
  firstToken(r: Request, now: number) { this.lines.push(`t${now} first ${r.id}`); }
  resumedToken(r: Request, gap: number) { this.lines.push(`resumed ${r.id} gap ${gap}`); }
  finished(r: Request, now: number) {
    this.lines.push(`t${now} finished ${r.id}`);
    this.finishedTokens.set(r.id, r.numOutputTokens);
  }
  preempted(r: Request, now: number) { this.lines.push(`t${now} preempted ${r.id}`); }
}

function setup(config: SchedulerConfig, numBlocks: number, blockSize: number) {
  const kv = new PagedKvCache(numBlocks, blockSize);
  const log = new Log();
  const scheduler = new Scheduler(config, kv, log);
  const shape = makeSchedulerOutput(config.maxNumSeqs);
  return { kv, log, scheduler, shape };
}

const chunks = (shape: ReturnType<typeof makeSchedulerOutput>) =>
  Array.from({ length: shape.numPrefillChunks }, (_, i) => [shape.prefillChunkTokens[i], shape.prefillChunkContext[i]]);

describe('Scheduler.schedule / finishStep', () => {
  it('admits prompts under the token budget, then decodes one token per running request', () => {
    const { kv, log, scheduler, shape } = setup({ maxNumSeqs: 4, maxNumBatchedTokens: 16, enableChunkedPrefill: true, kvAdmission: 'on-demand' }, 10, 4);
    scheduler.add(new Request(0, 0, 6, 3, true));
    scheduler.add(new Request(1, 0, 10, 2, true));
    scheduler.add(new Request(2, 0, 5, 2, true));

    expect(scheduler.schedule(0, shape)).toBe(true);
    expect(chunks(shape)).toEqual([[6, 0], [10, 0]]); // budget 16 exhausted: request 2 waits
    expect(shape.numDecodeSeqs).toBe(0);
    expect(kv.blockTable(0)).toEqual([0, 1]);
    expect(kv.blockTable(1)).toEqual([2, 3, 4]);
    expect(scheduler.finishStep(1)).toBe(2);

    expect(scheduler.schedule(1, shape)).toBe(true);
    expect(shape.numDecodeSeqs).toBe(2);
    expect(shape.decodeContextSum).toBe(7 + 11);
    expect(chunks(shape)).toEqual([[5, 0]]); // 16 − 2 decode tokens leaves room for request 2
    expect(scheduler.finishStep(2)).toBe(3);
    expect(log.lines).toEqual([
      't0 scheduled 0', 't0 scheduled 1', 't1 first 0', 't1 first 1',
      't1 scheduled 2', 't2 finished 1', 't2 first 2',
    ]);
    expect(kv.numFreeBlocks()).toBe(10 - 2 - 2); // request 1 freed its 3 blocks
  });

  it('chunks a long prompt across steps and continues it before admitting others', () => {
    const { scheduler, shape } = setup({ maxNumSeqs: 4, maxNumBatchedTokens: 8, enableChunkedPrefill: true, kvAdmission: 'on-demand' }, 20, 4);
    scheduler.add(new Request(0, 0, 20, 2, true));
    scheduler.add(new Request(1, 0, 3, 2, true));
    scheduler.schedule(0, shape);
    expect(chunks(shape)).toEqual([[8, 0]]);
    scheduler.finishStep(1);
    scheduler.schedule(1, shape);
    expect(chunks(shape)).toEqual([[8, 8]]);
    scheduler.finishStep(2);
    scheduler.schedule(2, shape);
    expect(chunks(shape)).toEqual([[4, 16], [3, 0]]);
  });

  it('without chunked prefill a prompt waits until it fits the budget whole', () => {
    const { scheduler, shape } = setup({ maxNumSeqs: 4, maxNumBatchedTokens: 8, enableChunkedPrefill: false, kvAdmission: 'on-demand' }, 20, 4);
    expect(scheduler.admissible(9, 1)).toMatch(/maxNumBatchedTokens/);
    scheduler.add(new Request(0, 0, 5, 3, true));
    scheduler.add(new Request(1, 0, 4, 2, true));
    scheduler.schedule(0, shape);
    expect(chunks(shape)).toEqual([[5, 0]]); // 4 > 3 left: not split
    scheduler.finishStep(1);
    scheduler.schedule(1, shape);
    expect(shape.numDecodeSeqs).toBe(1);
    expect(chunks(shape)).toEqual([[4, 0]]);
  });

  it('preempts the latest-arrived request when decode blocks run out and recomputes it later', () => {
    const { kv, log, scheduler, shape } = setup({ maxNumSeqs: 4, maxNumBatchedTokens: 16, enableChunkedPrefill: true, kvAdmission: 'on-demand' }, 4, 2);
    scheduler.add(new Request(0, 0, 3, 4, true)); // needs 3 + 4 − 1 = 6 KV tokens
    scheduler.add(new Request(1, 0, 2, 3, true)); // needs 4
    scheduler.schedule(0, shape);
    expect([kv.blockTable(0), kv.blockTable(1)]).toEqual([[0, 1], [2]]);
    scheduler.finishStep(1);
    scheduler.schedule(1, shape); // request 1 crosses a block boundary and takes the last block
    expect(kv.blockTable(1)).toEqual([2, 3]);
    expect(shape.decodeContextSum).toBe(4 + 3);
    scheduler.finishStep(2);
    scheduler.schedule(2, shape); // request 0 needs a block: none free → preempt request 1
    expect(scheduler.numPreemptions).toBe(1);
    expect(kv.blockTable(1)).toEqual([]);
    expect(kv.blockTable(0)).toEqual([0, 1, 3]); // freed in reverse: 3 is at the head
    expect(shape.numDecodeSeqs).toBe(1);
    expect(shape.numPrefillChunks).toBe(0); // no admission in a step that preempted
    scheduler.finishStep(3);
    scheduler.schedule(3, shape); // request 1 must recompute 2 + 2 tokens: 2 blocks, 1 free
    expect(shape.numPrefillChunks).toBe(0);
    scheduler.finishStep(4); // request 0 finishes
    scheduler.schedule(4, shape);
    expect(chunks(shape)).toEqual([[4, 0]]);
    scheduler.finishStep(5);
    expect(log.lines.slice(-4)).toEqual(['t2 preempted 1', 't4 finished 0', 'resumed 1 gap 3', 't5 finished 1']);
    expect(log.finishedTokens).toEqual(new Map([[0, 4], [1, 3]]));
    expect(kv.numFreeBlocks()).toBe(4);
  });

  it("in 'swap' mode the victim keeps its computed tokens, resumes decoding without recomputing, and both copies stall their steps", () => {
    const perBlock = 0.25; // seconds to copy one block one way
    const { kv, log, scheduler, shape } = setup(
      { maxNumSeqs: 4, maxNumBatchedTokens: 16, enableChunkedPrefill: true, kvAdmission: 'on-demand', preemptionMode: 'swap', swapSpaceBlocks: 2, swapSecondsPerBlock: perBlock },
      4,
      2,
    );
    scheduler.add(new Request(0, 0, 3, 4, true));
    scheduler.add(new Request(1, 0, 2, 3, true));
    scheduler.schedule(0, shape);
    expect(scheduler.stepSwapSeconds).toBe(0);
    scheduler.finishStep(1);
    scheduler.schedule(1, shape);
    scheduler.finishStep(2);
    scheduler.schedule(2, shape); // request 0 needs a block: request 1 (3 computed tokens, 2 blocks) is swapped out
    expect(scheduler.numPreemptions).toBe(1);
    expect(scheduler.stepSwapSeconds).toBe(2 * perBlock);
    expect(kv.blockTable(1)).toEqual([]);
    expect(kv.blockTable(0)).toEqual([0, 1, 3]);
    expect(scheduler.waiting.front()!.numComputedTokens).toBe(3); // kept, on the host
    scheduler.finishStep(3);
    scheduler.schedule(3, shape); // request 1 needs its 2 blocks back, 1 free: it waits
    expect(scheduler.stepSwapSeconds).toBe(0);
    expect(shape.numDecodeSeqs).toBe(1);
    scheduler.finishStep(4); // request 0 finishes
    scheduler.schedule(4, shape); // request 1 swaps in and decodes at once: no prefill chunk
    expect(shape.numPrefillChunks).toBe(0);
    expect(shape.numDecodeSeqs).toBe(1);
    expect(shape.decodeContextSum).toBe(4);
    expect(scheduler.stepMeasuredDecodes).toBe(0); // its gap spans the preemption: reported by resumedToken
    expect(scheduler.stepSwapSeconds).toBe(2 * perBlock);
    expect(kv.blockTable(1)).toHaveLength(2);
    expect(scheduler.finishStep(5)).toBe(1);
    expect(log.lines.slice(-4)).toEqual(['t2 preempted 1', 't4 finished 0', 'resumed 1 gap 3', 't5 finished 1']);
    expect(log.finishedTokens).toEqual(new Map([[0, 4], [1, 3]]));
    expect(scheduler.preemption).toEqual({ recompute: 0, swap: 1, recomputedTokens: 0, swappedBlocks: 4, swapSeconds: 4 * perBlock });
    expect(kv.numFreeBlocks()).toBe(4);
  });

  it("in 'swap' mode a victim that does not fit the host space is recomputed instead", () => {
    const { log, scheduler, shape } = setup(
      { maxNumSeqs: 4, maxNumBatchedTokens: 16, enableChunkedPrefill: true, kvAdmission: 'on-demand', preemptionMode: 'swap', swapSpaceBlocks: 1, swapSecondsPerBlock: 0.25 },
      4,
      2,
    );
    scheduler.add(new Request(0, 0, 3, 4, true));
    scheduler.add(new Request(1, 0, 2, 3, true));
    for (let t = 0; t < 4; t++) {
      scheduler.schedule(t, shape);
      expect(scheduler.stepSwapSeconds).toBe(0);
      scheduler.finishStep(t + 1);
    }
    scheduler.schedule(4, shape);
    expect(chunks(shape)).toEqual([[4, 0]]); // recomputes prompt + its 2 output tokens
    scheduler.finishStep(5);
    expect(log.lines.slice(-4)).toEqual(['t2 preempted 1', 't4 finished 0', 'resumed 1 gap 3', 't5 finished 1']);
    expect(scheduler.preemption).toEqual({ recompute: 1, swap: 0, recomputedTokens: 3, swappedBlocks: 0, swapSeconds: 0 });
  });

  it("with 'reserve-full' admits a request only when its whole final KV length fits beside the reservations", () => {
    const { kv, scheduler, shape } = setup({ maxNumSeqs: 4, maxNumBatchedTokens: 16, enableChunkedPrefill: true, kvAdmission: 'reserve-full' }, 4, 2);
    scheduler.add(new Request(0, 0, 3, 4, true)); // final 6 tokens: reserves 3 of the 4 blocks
    scheduler.add(new Request(1, 0, 2, 3, true)); // final 4 tokens: 2 blocks — does not fit beside
    scheduler.schedule(0, shape);
    expect(chunks(shape)).toEqual([[3, 0]]); // on-demand admitted both here (see the preemption test)
    expect(kv.numUsedBlocks()).toBe(2);
    for (let t = 1; t <= 4; t++) {
      scheduler.finishStep(t);
      scheduler.schedule(t, shape);
    }
    // Request 0 finished at t = 4 (1 prefill + 3 decode steps); request 1 starts only then.
    expect(chunks(shape)).toEqual([[2, 0]]);
    expect(scheduler.numPreemptions).toBe(0);
  });

  it('respects the budgets every step and finishes every admissible request with exactly its output length', () => {
    const req = fc.record({ prompt: fc.integer({ min: 1, max: 60 }), output: fc.integer({ min: 1, max: 30 }), at: fc.integer({ min: 0, max: 30 }) });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 4, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.boolean(),
        fc.constantFrom('on-demand' as const, 'reserve-full' as const),
        fc.array(req, { minLength: 1, maxLength: 25 }),
        fc.constantFrom('recompute' as const, 'swap' as const),
        fc.integer({ min: 0, max: 20 }),
        (maxNumSeqs, blockSize, numBlocks, extraBudget, chunked, kvAdmission, reqs, preemptionMode, swapSpaceBlocks) => {
          const maxNumBatchedTokens = maxNumSeqs + extraBudget;
          const config = { maxNumSeqs, maxNumBatchedTokens, enableChunkedPrefill: chunked, kvAdmission, preemptionMode, swapSpaceBlocks, swapSecondsPerBlock: 1 };
          const { kv, log, scheduler, shape } = setup(config, numBlocks, blockSize);
          const arrivals = [...reqs].sort((a, b) => a.at - b.at);
          const admitted = new Map<number, number>();
          let next = 0;
          for (let step = 0; step < 5000; step++) {
            while (next < arrivals.length && arrivals[next].at <= step) {
              const a = arrivals[next];
              if (scheduler.admissible(a.prompt, a.output) === null) {
                scheduler.add(new Request(next, a.at, a.prompt, a.output, true));
                admitted.set(next, a.output);
              }
              next++;
            }
            if (scheduler.schedule(step, shape)) {
              let tokens = shape.numDecodeSeqs;
              for (let i = 0; i < shape.numPrefillChunks; i++) tokens += shape.prefillChunkTokens[i];
              expect(tokens).toBeLessThanOrEqual(maxNumBatchedTokens);
              expect(shape.numDecodeSeqs + shape.numPrefillChunks).toBeLessThanOrEqual(maxNumSeqs);
              expect(scheduler.numRunning).toBeLessThanOrEqual(maxNumSeqs);
              // Every used block belongs to exactly one request's table (no block leaks).
              let held = 0;
              for (const id of admitted.keys()) held += kv.blockTable(id).length;
              expect(held).toBe(kv.numUsedBlocks());
              scheduler.finishStep(step + 1);
            }
            if (next === arrivals.length && scheduler.numOutstanding === 0) break;
          }
          expect(scheduler.numOutstanding).toBe(0);
          expect(log.finishedTokens).toEqual(admitted);
          if (kvAdmission === 'reserve-full') expect(scheduler.numPreemptions).toBe(0);
          const p = scheduler.preemption;
          expect(p.recompute + p.swap).toBe(log.lines.filter((l) => l.includes(' preempted ')).length);
          if (preemptionMode === 'recompute') expect(p.swap).toBe(0);
          expect(p.swapSeconds).toBe(p.swappedBlocks); // 1 s per block
          // every swap-out was swapped back in
          expect(p.swappedBlocks % 2).toBe(0);
          expect(kv.numFreeBlocks()).toBe(numBlocks);
        },
      ),
      { numRuns: 300 },
    );
  });
});
