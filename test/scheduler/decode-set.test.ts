// The lazy decode set against an eager reference that advances every request token by token.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeSet, Request } from '../../sim/scheduler/index.ts';

interface Eager {
  r: Request;
  computed: number;
  output: number;
}

describe('DecodeSet', () => {
  it('matches token-by-token bookkeeping: due blocks, context sums, finishes and write-back', () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('join' as const), computed: fc.integer({ min: 1, max: 70 }), output: fc.integer({ min: 1, max: 5 }), max: fc.integer({ min: 2, max: 40 }) }),
      fc.record({ t: fc.constant('step' as const) }),
      fc.record({ t: fc.constant('leave' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 120 }), (blockSize, ops) => {
        const set = new DecodeSet(blockSize);
        const eager: Eager[] = [];
        let steps = 0;
        let nextId = 0;
        for (const o of ops) {
          if (o.t === 'join') {
            const r = new Request(nextId++, 0, o.computed, Math.max(o.max, o.output + 1), true);
            r.numComputedTokens = o.computed;
            r.numOutputTokens = o.output;
            set.join(r, steps);
            eager.push({ r, computed: o.computed, output: o.output });
          } else if (o.t === 'leave') {
            if (eager.length === 0) continue;
            const [e] = eager.splice(o.pick % eager.length, 1);
            set.leave(e.r, steps);
            expect([e.r.numComputedTokens, e.r.numOutputTokens]).toEqual([e.computed, e.output]);
          } else {
            // Before the step: who needs a block, and the attended context sum.
            const due = new Set(set.dueForBlock(steps).map((r) => r.id));
            const eagerDue = new Set(eager.filter((e) => e.computed % blockSize === 0).map((e) => e.r.id));
            expect(due).toEqual(eagerDue);
            const ctx = eager.reduce((s, e) => s + e.computed + 1, 0);
            expect(set.contextSum(steps)).toBe(ctx); // exactly 0 on an empty set
            // The step: one token each; finishers leave.
            steps++;
            for (const e of eager) {
              e.computed++;
              e.output++;
            }
            const finished: Request[] = [];
            set.popFinished(steps, finished);
            const eagerFinished = eager.filter((e) => e.output === e.r.maxOutputTokens);
            expect(finished.map((r) => r.id)).toEqual(eagerFinished.map((e) => e.r.id).sort((a, b) => a - b));
            for (const e of eagerFinished) {
              expect([e.r.numComputedTokens, e.r.numOutputTokens]).toEqual([e.computed, e.output]);
              eager.splice(eager.indexOf(e), 1);
            }
          }
          expect(set.count).toBe(eager.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
