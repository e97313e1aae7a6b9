import { describe, expect, it } from 'vitest';
import { PagedKvCache } from '../../sim/kv/index.ts';
import { Request, Scheduler, type RequestEvents } from '../../sim/scheduler/index.ts';
import { makeSchedulerOutput } from '../../sim/step/index.ts';
import { KvHandoff } from '../../sim/cluster/kv-handoff.ts';
import { KvLink } from '../../sim/cluster/kv-link.ts';
import { handOff, prefillLeg } from '../../sim/cluster/disagg-legs.ts';

class Log implements RequestEvents {
  lines: string[] = [];
  scheduled(r: Request, now: number) { this.lines.push(`t${now} scheduled ${r.id}`); }
  firstToken(r: Request, now: number) { this.lines.push(`t${now} first ${r.id}`); }
  resumedToken(r: Request, gap: number) { this.lines.push(`gap ${r.id} ${gap}`); }
  finished(r: Request, now: number) { this.lines.push(`t${now} finished ${r.id} out ${r.numOutputTokens}`); }
  preempted(r: Request, now: number) { this.lines.push(`t${now} preempted ${r.id}`); }
}

const config = { maxNumSeqs: 4, maxNumBatchedTokens: 64, enableChunkedPrefill: true, kvAdmission: 'on-demand' } as const;

describe('disaggregated legs, end to end on two schedulers and a link (steps of 1 s, by hand)', () => {
  function run(bandwidth: number, latency: number) {
    const log = new Log();
    const prefillKv = new PagedKvCache(16, 4);
    const decodeKv = new PagedKvCache(16, 4);
    const link = new KvLink({ bandwidthBytesPerSecond: bandwidth, latencySeconds: latency });
    // The decode replica reserves the prompt's blocks before the pull (kv-handoff.ts).
    const handoff = new KvHandoff({ tryReserve: (id, tokens) => decodeKv.allocateSlots(id, tokens) !== null });
    const original = new Request(0, 0, 12, 3, true);
    let landed: { at: number } | null = null;
    // The prefill replicas' events (disagg.ts prefillObserver): the leg's first token is deferred, its end is the handoff.
    const prefill = new Scheduler(config, prefillKv, {
      scheduled: (r, now) => log.scheduled(r, now),
      firstToken: () => {},
      resumedToken: (r, gap) => log.resumedToken(r, gap),
      preempted: (r, now) => log.preempted(r, now),
      finished: (_leg, now) => {
        const [a] = handoff.offer(now, 0, 12, 12 * 1000, link); // 12 tokens × 1000 B
        landed = { at: a.landsAt };
      },
    });
    const decode = new Scheduler(config, decodeKv, log);
    const shape = makeSchedulerOutput(4);
    prefill.add(prefillLeg(original));
    // Prefill step 0 → 1: prompt computed, first token sampled on the prefill replica.
    prefill.schedule(0, shape);
    expect(shape.prefillChunkTokens[0]).toBe(12);
    prefill.finishStep(1);
    expect(prefillKv.numFreeBlocks()).toBe(16); // the prefill leg ended and freed its blocks
    const at = landed!.at;
    const r = handOff(original, at, log)!;
    expect(decodeKv.numFreeBlocks()).toBe(16 - 3); // 12 tokens reserved: 3 blocks of 4
    decode.add(r);
    // Two decode steps of 1 s: tokens 2 and 3.
    decode.schedule(at, shape);
    expect([shape.numPrefillChunks, shape.numDecodeSeqs]).toEqual([0, 1]);
    decode.finishStep(at + 1);
    decode.schedule(at + 1, shape);
    decode.finishStep(at + 2);
    expect(decodeKv.numFreeBlocks()).toBe(16);
    return { log, at };
  }

  it('infinite bandwidth, zero latency: first token at the prefill step’s end (t1), tokens 2–3 at t2, t3', () => {
    const { log, at } = run(Infinity, 0);
    expect(at).toBe(1);
    expect(log.lines).toEqual(['t0 scheduled 0', 't1 first 0', 'gap 0 1', 't3 finished 0 out 3']);
  });

  it('a finite link shifts TTFT by exactly bytes / bandwidth + latency (12 kB at 24 kB/s + 0.25 s = 0.75 s)', () => {
    const { log, at } = run(24_000, 0.25);
    expect(at).toBe(1.75);
    expect(log.lines).toEqual(['t0 scheduled 0', 't1.75 first 0', 'gap 0 1', 't3.75 finished 0 out 3']);
  });

  it('a one-token request finishes at landing and never reaches a decode replica', () => {
    const log = new Log();
    const r = new Request(5, 0, 8, 1, true);
    expect(handOff(r, 2, log)).toBeNull();
    expect(log.lines).toEqual(['t2 first 5', 't2 finished 5 out 1']);
  });

  it('the prefill leg keeps id, lengths and class, capped at one output token', () => {
    const r = new Request(9, 1.5, 100, 50, false);
    r.classIndex = 2;
    r.numSeqs = 2;
    const leg = prefillLeg(r);
    expect([leg.id, leg.arrivedAt, leg.numPromptTokens, leg.maxOutputTokens, leg.measured, leg.classIndex, leg.numSeqs]).toEqual([9, 1.5, 100, 1, false, 2, 2]);
  });
});
