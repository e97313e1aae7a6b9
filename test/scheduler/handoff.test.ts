import { describe, expect, it } from 'vitest';
import { PagedKvCache } from '../../sim/kv/index.ts';
import { Request, Scheduler, type RequestEvents } from '../../sim/scheduler/index.ts';
import { makeSchedulerOutput } from '../../sim/step/index.ts';

class Log implements RequestEvents {
  lines: string[] = [];
  scheduled(r: Request, now: number) { this.lines.push(`t${now} scheduled ${r.id}`); }
  firstToken(r: Request, now: number) { this.lines.push(`t${now} first ${r.id}`); }
  resumedToken(r: Request, gap: number) { this.lines.push(`resumed ${r.id} gap ${gap}`); }
  finished(r: Request, now: number) { this.lines.push(`t${now} finished ${r.id} out ${r.numOutputTokens}`); }
  preempted(r: Request, now: number) { this.lines.push(`t${now} preempted ${r.id}`); }
}

/** A request prefilled on another replica at `prefilledAt`: prompt computed, first token sampled there. */
function handedOff(id: number, prompt: number, maxOutput: number, prefilledAt: number): Request {
  const r = new Request(id, 0, prompt, maxOutput, true);
  r.numComputedTokens = prompt;
  r.numOutputTokens = 1;
  r.lastTokenAt = prefilledAt;
  r.everScheduled = true;
  r.kvHandedOff = true;
  return r;
}

describe('Scheduler: a request handed off by a prefill replica (disaggregated serving)', () => {
  it('decodes from its first step, recomputes no prompt token, and reports the handoff gap once', () => {
    const kv = new PagedKvCache(10, 4);
    const log = new Log();
    const s = new Scheduler({ maxNumSeqs: 4, maxNumBatchedTokens: 16, enableChunkedPrefill: true, kvAdmission: 'on-demand' }, kv, log);
    const shape = makeSchedulerOutput(4);
    const r = handedOff(0, 8, 4, 0.5);
    // The handoff reserved the prompt's 2 blocks before the pull.
    expect(kv.allocateSlots(0, 8)).toBe(2);
    s.add(r);
    expect(s.schedule(1, shape)).toBe(true);
    expect(shape.numPrefillChunks).toBe(0);
    expect(shape.numDecodeSeqs).toBe(1);
    expect(shape.decodeContextSum).toBe(9); // prompt 8 + the first token, sampled on the prefill replica
    expect(kv.blockTable(0)).toHaveLength(3); // one more block for the 9th token
    s.finishStep(2);
    expect(r.kvHandedOff).toBe(false);
    // Tokens 3 and 4: two more decode steps, then done; 4 outputs in all, 3 of them here.
    for (let t = 2; t < 4; t++) {
      expect(s.schedule(t, shape)).toBe(true);
      expect(shape.numPrefillChunks).toBe(0);
      s.finishStep(t + 1);
    }
    expect(log.lines).toEqual(['resumed 0 gap 1.5', 't4 finished 0 out 4']);
    expect(kv.numFreeBlocks()).toBe(10);
    expect(s.schedule(4, shape)).toBe(false);
  });

  it('a request with one output token left after the handoff finishes in one decode step', () => {
    const kv = new PagedKvCache(10, 4);
    const log = new Log();
    const s = new Scheduler({ maxNumSeqs: 4, maxNumBatchedTokens: 16, enableChunkedPrefill: true, kvAdmission: 'on-demand' }, kv, log);
    const shape = makeSchedulerOutput(4);
    s.add(handedOff(3, 5, 2, 0));
    s.schedule(0.25, shape);
    expect([shape.numPrefillChunks, shape.numDecodeSeqs]).toEqual([0, 1]);
    s.finishStep(0.75);
    expect(log.lines).toEqual(['resumed 3 gap 0.75', 't0.75 finished 3 out 2']);
  });
});
