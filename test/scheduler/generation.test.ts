// Multi-sequence requests (parallel sampling n, beam width B) in the continuous-batching
// scheduler: one request, prompt prefilled once, k decode tokens per step, prompt blocks shared
// and the partial last prompt block copied on write at the first decode.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PagedKvCache } from '../../sim/kv/index.ts';
import { Scheduler, Request, finalKvTokens, kvSlots, type RequestEvents } from '../../sim/scheduler/index.ts';
import { makeSchedulerOutput } from '../../sim/step/index.ts';

const events = (finished: Request[]): RequestEvents => ({
  scheduled() {},
  firstToken() {},
  resumedToken() {},
  finished(r) { finished.push(r); },
  preempted() {},
});

function setup(numBlocks = 12, blockSize = 4) {
  const kv = new PagedKvCache(numBlocks, blockSize);
  const finished: Request[] = [];
  const scheduler = new Scheduler({ maxNumSeqs: 8, maxNumBatchedTokens: 64, enableChunkedPrefill: true, kvAdmission: 'on-demand' }, kv, events(finished));
  return { kv, scheduler, finished, shape: makeSchedulerOutput(8) };
}

function request(id: number, prompt: number, output: number, numSeqs: number): Request {
  const r = new Request(id, 0, prompt, output, true);
  r.numSeqs = numSeqs;
  return r;
}

describe('beam width B / parallel samples n in the scheduler (block size 4, 12 blocks)', () => {
  it('beam 2, prompt 6, output 3: prompt blocks once, 2 decode tokens per step, partial block copied on write', () => {
    const { kv, scheduler, finished, shape } = setup();
    const r = request(0, 6, 3, 2);
    scheduler.add(r);

    // Step 1: prefill once — ⌈6/4⌉ = 2 blocks (1 full + 1 partial with 2 tokens), shared.
    scheduler.schedule(0, shape);
    expect(shape.numPrefillChunks).toBe(1);
    expect(shape.prefillChunkTokens[0]).toBe(6);
    expect(shape.numDecodeSeqs).toBe(0);
    expect(kv.blockTable(0).length).toBe(2);
    expect(scheduler.finishStep(1)).toBe(2); // first token of each beam

    // Step 2: first decode: 2 sequences of context 7; the partial block is copied for the second
    // sequence: 1 shared full block + 2 own blocks = 3.
    scheduler.schedule(1, shape);
    expect(shape.numDecodeSeqs).toBe(2);
    expect(shape.decodeContextSum).toBe(2 * 7);
    expect(shape.numPrefillChunks).toBe(0);
    expect(kv.blockTable(0).length).toBe(3);
    expect(kv.numFreeBlocks()).toBe(9);
    expect(scheduler.finishStep(2)).toBe(2);

    // Step 3: context 8 still fits each sequence's own block: no new block.
    scheduler.schedule(2, shape);
    expect(shape.numDecodeSeqs).toBe(2);
    expect(shape.decodeContextSum).toBe(2 * 8);
    expect(kv.blockTable(0).length).toBe(3);
    expect(scheduler.finishStep(3)).toBe(2);

    expect(finished).toEqual([r]);
    expect(r.numOutputTokens).toBe(3);
    expect(kv.numFreeBlocks()).toBe(12);
  });

  it('each sequence takes its own block at a block boundary: B blocks per crossing', () => {
    const { kv, scheduler, shape } = setup();
    scheduler.add(request(0, 6, 6, 2));
    scheduler.schedule(0, shape); scheduler.finishStep(1); // prefill: 2 blocks
    const blocks: number[] = [];
    for (let t = 1; t <= 5; t++) {
      scheduler.schedule(t, shape);
      blocks.push(kv.blockTable(0).length);
      scheduler.finishStep(t + 1);
    }
    // contexts 7, 8 → 1 + 2·1 = 3 blocks; 9..12 → 1 + 2·2 = 5 blocks (2 new at the crossing)
    expect(blocks).toEqual([3, 3, 5, 5, 5]);
  });

  it('a prompt ending on a block boundary shares all its blocks; the first decode takes B blocks', () => {
    const { kv, scheduler, shape } = setup();
    scheduler.add(request(0, 8, 3, 4));
    scheduler.schedule(0, shape); scheduler.finishStep(1);
    expect(kv.blockTable(0).length).toBe(2);
    scheduler.schedule(1, shape);
    expect(shape.numDecodeSeqs).toBe(4);
    expect(shape.decodeContextSum).toBe(4 * 9);
    expect(kv.blockTable(0).length).toBe(2 + 4);
  });

  it('mixes with single-sequence requests: decode rows and context sums add up', () => {
    const { kv, scheduler, shape } = setup(40);
    scheduler.add(request(0, 6, 4, 1));
    scheduler.add(request(1, 6, 4, 3));
    scheduler.schedule(0, shape);
    expect(scheduler.finishStep(1)).toBe(1 + 3);
    scheduler.schedule(1, shape);
    expect(shape.numDecodeSeqs).toBe(4);
    expect(shape.decodeContextSum).toBe(7 + 3 * 7);
    expect(kv.blockTable(0).length).toBe(2);
    expect(kv.blockTable(1).length).toBe(1 + 3);
  });

  it('admissibility counts prompt + B × (output − 1) in blocks', () => {
    const { scheduler } = setup();
    // 12 blocks: prompt 6 (1 shared block) + 2 × ⌈(6 + 16 − 4)/4⌉ = 1 + 2·5 = 11 blocks: fits
    expect(scheduler.admissible(6, 17, 2)).toBeNull();
    // output 21: 1 + 2·⌈22/4⌉ = 13 > 12
    expect(scheduler.admissible(6, 21, 2)).toMatch(/KV blocks/);
    expect(scheduler.admissible(6, 21, 1)).toBeNull();
  });

  it('preempts under KV pressure and still finishes every request', () => {
    const { kv, scheduler, finished, shape } = setup(12);
    for (let i = 0; i < 4; i++) scheduler.add(request(i, 6, 10, 2));
    let t = 0;
    while (finished.length < 4 && t < 500) {
      if (scheduler.schedule(t, shape)) scheduler.finishStep(++t);
      else t++;
    }
    expect(finished.length).toBe(4);
    for (const r of finished) expect(r.numOutputTokens).toBe(10);
    expect(scheduler.numPreemptions).toBeGreaterThan(0);
    expect(kv.numFreeBlocks()).toBe(12);
  });

  it('property: every decoding request holds exactly its shared + per-sequence blocks; all finish; the pool drains', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ prompt: fc.integer({ min: 1, max: 20 }), output: fc.integer({ min: 1, max: 15 }), k: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        (specs, bs) => {
          const numBlocks = 40;
          const kv = new PagedKvCache(numBlocks, bs);
          const finished: Request[] = [];
          const scheduler = new Scheduler({ maxNumSeqs: 4, maxNumBatchedTokens: 24, enableChunkedPrefill: true, kvAdmission: 'on-demand' }, kv, events(finished));
          const shape = makeSchedulerOutput(4);
          let admitted = 0;
          specs.forEach((sp, i) => {
            if (scheduler.admissible(sp.prompt, sp.output, sp.k) !== null) return;
            scheduler.add(request(i, sp.prompt, sp.output, sp.k));
            admitted++;
          });
          const decoding: Request[] = [];
          for (let t = 0; finished.length < admitted; t++) {
            if (t > 5000) throw new Error('no progress');
            if (!scheduler.schedule(t, shape)) continue;
            decoding.length = 0;
            scheduler.decodes.collect(decoding);
            let seqs = 0;
            for (const r of decoding) {
              const c = scheduler.decodes.numComputed(r, scheduler.completedSteps) + 1; // after this step
              const shared = Math.floor(r.numPromptTokens / bs);
              const want = r.numSeqs === 1 || c <= r.numPromptTokens ? Math.ceil(c / bs) : shared + r.numSeqs * Math.ceil((c - shared * bs) / bs);
              expect(kv.blockTable(r.id).length).toBe(want);
              seqs += r.numSeqs;
            }
            expect(shape.numDecodeSeqs).toBe(seqs);
            scheduler.finishStep(t + 1);
          }
          for (const r of finished) expect(r.numOutputTokens).toBe(r.maxOutputTokens);
          expect(kv.numFreeBlocks()).toBe(numBlocks);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('kvSlots and finalKvTokens by hand (block size 4)', () => {
  it('share the prompt’s full blocks and count one block per sequence from the partial one on', () => {
    // prompt 6 = 1 full block + 2 tokens; 2 sequences of 7 tokens: 1 shared + 2 × ⌈3/4⌉ = 3 blocks.
    expect(kvSlots(6, 2, 7, 4)).toBe(12);
    expect(kvSlots(6, 2, 6, 4)).toBe(6); // within the prompt: the prompt's own slots
    expect(kvSlots(6, 1, 9, 4)).toBe(9); // one sequence: the tokens themselves
    expect(kvSlots(8, 3, 13, 4)).toBe((2 + 3 * 2) * 4); // 2 shared, 3 × ⌈5/4⌉ own
    expect(finalKvTokens(6, 3, false)).toBe(8);
    expect(finalKvTokens(6, 3, true)).toBe(9);
    expect(finalKvTokens(6, 3, false, 4)).toBe(12);
  });
});
