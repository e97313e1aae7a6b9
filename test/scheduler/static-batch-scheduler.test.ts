import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContiguousKvCache, PagedKvCache, type KvCacheManager } from '../../sim/kv/index.ts';
import { Request, StaticBatchScheduler, type RequestEvents, type StaticBatchConfig, type StepPlanner } from '../../sim/scheduler/index.ts';
import { Scheduler } from '../../sim/scheduler/index.ts';
import { type SchedulerOutput, makeSchedulerOutput } from '../../sim/step/index.ts';

class Log implements RequestEvents {
  lines: string[] = [];
  finishedAt = new Map<number, number>();
  finishedTokens = new Map<number, number>();
  gaps: number[] = [];
  scheduled(r: Request, now: number) { this.lines.push(`t${now} scheduled ${r.id}`); }
  firstToken(r: Request, now: number) { this.lines.push(`t${now} first ${r.id}`); }
  resumedToken(_r: Request, gap: number) { this.gaps.push(gap); }
  finished(r: Request, now: number) {
    this.lines.push(`t${now} finished ${r.id}`);
    this.finishedAt.set(r.id, now);
    this.finishedTokens.set(r.id, r.numOutputTokens);
  }
  preempted(r: Request, now: number) { this.lines.push(`t${now} preempted ${r.id}`); }
}

function setup(config: StaticBatchConfig, kv: KvCacheManager = new PagedKvCache(100, 4)) {
  const log = new Log();
  const scheduler = new StaticBatchScheduler(config, kv, log);
  return { kv, log, scheduler, shape: makeSchedulerOutput(config.maxBatchSize) };
}

interface StepRow { t: number; decodes: number; context: number; chunks: number[]; emitted: number }

/** Runs unit-time steps until nothing is schedulable; the step planned at t ends at t + 1. */
function drive(s: StaticBatchScheduler, shape: SchedulerOutput, start = 0, maxSteps = 10_000): StepRow[] {
  const rows: StepRow[] = [];
  let t = start;
  while (s.schedule(t, shape)) {
    const row: StepRow = { t, decodes: shape.numDecodeSeqs, context: shape.decodeContextSum, chunks: Array.from(shape.prefillChunkTokens.subarray(0, shape.numPrefillChunks)), emitted: 0 };
    t++;
    row.emitted = s.finishStep(t);
    rows.push(row);
    if (rows.length > maxSteps) throw new Error('no progress');
  }
  return rows;
}

describe('StaticBatchScheduler', () => {
  it('is a StepPlanner, as is the continuous Scheduler', () => {
    const planners: StepPlanner[] = [
      new StaticBatchScheduler({ maxBatchSize: 1, batchTimeoutSeconds: 0, maxNumBatchedTokens: 8, enableChunkedPrefill: false }, new PagedKvCache(4, 4), new Log()),
      new Scheduler({ maxNumSeqs: 1, maxNumBatchedTokens: 8, enableChunkedPrefill: false, kvAdmission: 'on-demand' }, new PagedKvCache(4, 4), new Log()),
    ];
    expect(planners.map((p) => p.numOutstanding)).toEqual([0, 0]);
  });

  it('B = 2, outputs 2, 5, 3: the first batch runs 1 prefill + 4 padded decode steps; the third waits for it', () => {
    const { kv, log, scheduler, shape } = setup({ maxBatchSize: 2, batchTimeoutSeconds: 0, maxNumBatchedTokens: 64, enableChunkedPrefill: false });
    scheduler.add(new Request(0, 0, 10, 2, true));
    scheduler.add(new Request(1, 0, 6, 5, true));
    scheduler.add(new Request(2, 0, 4, 3, true));
    const rows = drive(scheduler, shape);
    expect(rows).toEqual([
      // Batch 1: both prompts in one step, then every step carries both rows.
      { t: 0, decodes: 0, context: 0, chunks: [10, 6], emitted: 2 },
      { t: 1, decodes: 2, context: 11 + 7, chunks: [], emitted: 2 }, // request 0 emits its 2nd (last) token
      { t: 2, decodes: 2, context: 11 + 8, chunks: [], emitted: 1 }, // request 0 is a padded row at its frozen 11
      { t: 3, decodes: 2, context: 11 + 9, chunks: [], emitted: 1 },
      { t: 4, decodes: 2, context: 11 + 10, chunks: [], emitted: 1 }, // request 1's 5th token: the batch ends
      // Batch 2: request 2 alone (timeout 0: a partial batch starts at once).
      { t: 5, decodes: 0, context: 0, chunks: [4], emitted: 1 },
      { t: 6, decodes: 1, context: 5, chunks: [], emitted: 1 },
      { t: 7, decodes: 1, context: 6, chunks: [], emitted: 1 },
    ]);
    expect(log.lines).toEqual([
      't0 scheduled 0', 't0 scheduled 1', 't1 first 0', 't1 first 1', 't2 finished 0', 't5 finished 1',
      't5 scheduled 2', 't6 first 2', 't8 finished 2',
    ]);
    expect([...log.finishedTokens]).toEqual([[0, 2], [1, 5], [2, 3]]);
    expect(log.gaps.every((g) => g === 1)).toBe(true);
    expect(log.gaps.length).toBe(1 + 4 + 2);
    expect(kv.numFreeBlocks()).toBe(100);
    expect(scheduler.numBatches).toBe(2);
  });

  it('with chunked prefill, prefills the batch under the token budget across steps, then decodes it together', () => {
    const { log, scheduler, shape } = setup({ maxBatchSize: 2, batchTimeoutSeconds: 0, maxNumBatchedTokens: 8, enableChunkedPrefill: true });
    scheduler.add(new Request(0, 0, 6, 2, true));
    scheduler.add(new Request(1, 0, 12, 2, true));
    const rows = drive(scheduler, shape);
    expect(rows).toEqual([
      { t: 0, decodes: 0, context: 0, chunks: [6, 2], emitted: 1 }, // request 0 completes: first token at 1
      { t: 1, decodes: 0, context: 0, chunks: [8], emitted: 0 },
      { t: 2, decodes: 0, context: 0, chunks: [2], emitted: 1 },
      { t: 3, decodes: 2, context: 7 + 13, chunks: [], emitted: 2 },
    ]);
    // Request 0's second token came 3 steps after its first: reported as one gap of 3.
    expect(log.gaps.sort()).toEqual([1, 3]);
  });

  it('without chunked prefill, a batch holds only the prompts that fit one step', () => {
    const { scheduler, shape } = setup({ maxBatchSize: 4, batchTimeoutSeconds: 0, maxNumBatchedTokens: 10, enableChunkedPrefill: false });
    for (let i = 0; i < 3; i++) scheduler.add(new Request(i, 0, 4, 1, true));
    const rows = drive(scheduler, shape);
    expect(rows.map((r) => r.chunks)).toEqual([[4, 4], [4]]);
  });

  it('waits for a full batch until the oldest request times out; nextWakeAt names that instant', () => {
    const { scheduler, shape } = setup({ maxBatchSize: 4, batchTimeoutSeconds: 1, maxNumBatchedTokens: 64, enableChunkedPrefill: false });
    expect(scheduler.nextWakeAt()).toBe(Infinity);
    scheduler.add(new Request(0, 0.25, 8, 2, true));
    expect(scheduler.schedule(0.25, shape)).toBe(false);
    expect(scheduler.schedule(1.2, shape)).toBe(false);
    expect(scheduler.nextWakeAt()).toBe(1.25);
    expect(scheduler.schedule(1.25, shape)).toBe(true);
    expect(scheduler.nextWakeAt()).toBe(Infinity); // a batch runs
  });

  it('a full batch starts without waiting for the timeout', () => {
    const { scheduler, shape } = setup({ maxBatchSize: 2, batchTimeoutSeconds: 100, maxNumBatchedTokens: 64, enableChunkedPrefill: false });
    scheduler.add(new Request(0, 0, 8, 2, true));
    expect(scheduler.schedule(0, shape)).toBe(false);
    scheduler.add(new Request(1, 0.5, 8, 2, true));
    expect(scheduler.nextWakeAt()).toBe(Infinity);
    expect(scheduler.schedule(0.5, shape)).toBe(true);
    expect(shape.numPrefillChunks).toBe(2);
  });

  it('with a contiguous cache, reserves each member whole at formation and stops the batch at the first that does not fit', () => {
    const kv = new ContiguousKvCache(10, 4);
    const { scheduler, shape } = setup({ maxBatchSize: 4, batchTimeoutSeconds: 0, maxNumBatchedTokens: 64, enableChunkedPrefill: false }, kv);
    scheduler.add(new Request(0, 0, 8, 8, true)); // 4 blocks
    scheduler.add(new Request(1, 0, 8, 8, true)); // 4 blocks
    scheduler.add(new Request(2, 0, 4, 8, true)); // 3 blocks: does not fit beside them
    expect(scheduler.schedule(0, shape)).toBe(true);
    expect(shape.numPrefillChunks).toBe(2);
    expect(kv.numUsedBlocks()).toBe(8);
    expect(scheduler.stepReservedTokens).toBe(32);
    expect(scheduler.stepStoredTokens).toBe(16);
    expect(scheduler.numWaiting).toBe(1);
  });

  it('every admissible request finishes with exactly its output length (paged or contiguous, chunked or not)', () => {
    fc.assert(
      fc.property(
        fc.record({
          b: fc.integer({ min: 1, max: 5 }),
          timeout: fc.constantFrom(0, 0.5, 3),
          chunked: fc.boolean(),
          contiguous: fc.boolean(),
          budget: fc.integer({ min: 4, max: 32 }),
          blocks: fc.integer({ min: 4, max: 30 }),
          reqs: fc.array(fc.record({ at: fc.integer({ min: 0, max: 20 }), p: fc.integer({ min: 1, max: 40 }), o: fc.integer({ min: 1, max: 20 }) }), { minLength: 1, maxLength: 25 }),
        }),
        ({ b, timeout, chunked, contiguous, budget, blocks, reqs }) => {
          const kv = contiguous ? new ContiguousKvCache(blocks, 4) : new PagedKvCache(blocks, 4);
          const { log, scheduler, shape } = setup({ maxBatchSize: b, batchTimeoutSeconds: timeout, maxNumBatchedTokens: budget, enableChunkedPrefill: chunked }, kv);
          const sorted = [...reqs].sort((x, y) => x.at - y.at);
          const want = new Map<number, number>();
          // Event loop with unit steps: arrivals at integer instants, wake-ups at nextWakeAt.
          let t = 0;
          let next = 0;
          let busy = false;
          let steps = 0;
          while (next < sorted.length || scheduler.numOutstanding > 0) {
            while (next < sorted.length && sorted[next].at <= t) {
              const q = sorted[next];
              if (scheduler.admissible(q.p, q.o) === null) {
                scheduler.add(new Request(next, q.at, q.p, q.o, true));
                want.set(next, q.o);
              }
              next++;
            }
            if (busy) {
              const before = scheduler.numOutstanding;
              const emitted = scheduler.finishStep(t);
              expect(emitted).toBeGreaterThanOrEqual(before - scheduler.numOutstanding);
              busy = false;
            }
            if (scheduler.schedule(t, shape)) {
              busy = true;
              expect(shape.numDecodeSeqs === 0 || shape.numPrefillChunks === 0).toBe(true);
              expect(shape.numDecodeSeqs).toBeLessThanOrEqual(b);
              let tokens = 0;
              for (let i = 0; i < shape.numPrefillChunks; i++) tokens += shape.prefillChunkTokens[i];
              expect(tokens).toBeLessThanOrEqual(budget);
              t += 1;
            } else {
              const wake = scheduler.nextWakeAt();
              const arrival = next < sorted.length ? sorted[next].at : Infinity;
              const tn = Math.min(wake, arrival);
              if (tn === Infinity) break;
              expect(tn).toBeGreaterThan(t);
              t = tn;
            }
            if (++steps > 100_000) throw new Error('no progress');
          }
          expect(scheduler.numOutstanding).toBe(0);
          expect([...log.finishedTokens].sort((x, y) => x[0] - y[0])).toEqual([...want].sort((x, y) => x[0] - y[0]));
          expect(kv.numFreeBlocks()).toBe(blocks);
        },
      ),
      { numRuns: 300 },
    );
  });
});
