// makeSchedulerOutput: an empty step (no decodes, no chunks, one query token per decode) whose
// chunk arrays are sized once for the most rows a step may hold.
import { describe, expect, it } from 'vitest';
import { makeSchedulerOutput } from '../../sim/step/index.ts';

describe('makeSchedulerOutput', () => {
  it('makeSchedulerOutput(3) is an empty step with room for 3 prefill chunks', () => {
    const out = makeSchedulerOutput(3);
    expect([out.numDecodeSeqs, out.decodeQueryTokens, out.decodeContextSum, out.numPrefillChunks]).toEqual([0, 1, 0, 0]);
    expect(Array.from(out.prefillChunkTokens)).toEqual([0, 0, 0]);
    expect(Array.from(out.prefillChunkContext)).toEqual([0, 0, 0]);
  });
});
