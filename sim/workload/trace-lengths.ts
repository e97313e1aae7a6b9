// workload.trace use 'lengths': the trace's (prompt, output) pairs as a joint length
// distribution. Every kept row's pair is loaded into two Int32Arrays (8 bytes a row), and each
// request draws one index uniformly with replacement from the 'lengths' stream (one uniform per
// request), so prompt and output keep their correlation.
// Invariants: at most MAX_LENGTH_PAIRS rows (80 MB); more is a clear error (replay streams any
// length; this use needs the pairs in memory). The window (startSeconds/endSeconds) selects rows
// as in replay; timeScale and loop do not apply. Malformed rows follow onMalformed.
// NOTE: trace.rescale moves a column's mean and keeps its shape: each kept length x becomes
// max(1, round(x · target / mean)), the mean taken over the kept rows before rounding (so the
// new mean is the target up to rounding and the floor at 1); pairs stay pairs. A row scaled
// past 10M tokens (the reader's bound on a row) is an error naming the field, not a wrapped Int32.
// NOTE: the returned samplers share one draw: prompt.sample() draws the index, output.sample()
// returns the same row's output, so they must be called in that order (source.ts does).

import { ScenarioError, type TraceConfig, type TraceRescale } from '../scenario/index.ts';
import { uniformInt, type RandomStream } from '../random/index.ts';
import type { LengthSampler } from './lengths.ts';
import { openTraceRows } from './trace-file.ts';
import { MAX_ROW_TOKENS } from './trace-rows.ts';
import { nanosBetween, type Instant } from './trace-time.ts';

export const MAX_LENGTH_PAIRS = 10_000_000;

export interface LengthPairs {
  prompt: Int32Array;
  output: Int32Array;
  count: number;
  /** Malformed rows skipped. */
  skipped: number;
}

export function loadLengthPairs(traceFile: string, trace: TraceConfig): LengthPairs {
  const rows = openTraceRows(traceFile, trace);
  let prompt = new Int32Array(1024);
  let output = new Int32Array(1024);
  let count = 0;
  let origin: Instant | null = null;
  const start = trace.startSeconds === undefined ? -Infinity : trace.startSeconds * 1e9;
  const end = trace.endSeconds === undefined ? Infinity : trace.endSeconds * 1e9;
  for (let next = rows.next(); next !== null; next = rows.next()) {
    if (origin === null) origin = next.row.at;
    const offset = nanosBetween(next.row.at, origin);
    if (offset < start) continue;
    if (offset >= end) break;
    if (count === MAX_LENGTH_PAIRS) {
      rows.close();
      throw new ScenarioError(traceFile, [{ path: 'workload.trace.use', message: `use 'lengths' keeps every (prompt, output) pair in memory and allows at most ${MAX_LENGTH_PAIRS} rows; this trace has more`, suggestion: "use a window (startSeconds/endSeconds) or use 'replay', which streams any length" }]);
    }
    if (count === prompt.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(Math.min(MAX_LENGTH_PAIRS, a.length * 2));
        b.set(a);
        return b;
      };
      prompt = grow(prompt);
      output = grow(output);
    }
    prompt[count] = next.row.promptTokens;
    output[count] = next.row.outputTokens;
    count++;
  }
  rows.close();
  if (count === 0) throw new ScenarioError(traceFile, [{ path: 'workload.trace', message: 'no well-formed row to draw lengths from' }]);
  const pairs = { prompt, output, count, skipped: rows.skipped };
  if (trace.rescale !== undefined) rescalePairs(pairs, trace.rescale, traceFile);
  return pairs;
}


/** Scales each column that `rescale` names to its target mean, in place (see the NOTE above). */
function rescalePairs(pairs: LengthPairs, rescale: TraceRescale, traceFile: string): void {
  const scale = (column: Int32Array, target: number | undefined, field: string) => {
    if (target === undefined) return;
    let sum = 0;
    let max = 0;
    for (let i = 0; i < pairs.count; i++) {
      sum += column[i];
      if (column[i] > max) max = column[i];
    }
    const factor = target / (sum / pairs.count);
    // The longest length a rescaled row may reach is the reader's own bound on a row.
    if (Math.round(max * factor) > MAX_ROW_TOKENS) {
      throw new ScenarioError(traceFile, [{
        path: `workload.trace.rescale.${field}`,
        message: `${target} scales every length × ${formatFactor(factor)} (${target} ÷ the trace's mean ${formatFactor(sum / pairs.count)}): its longest row, ${max} tokens, would become ${Math.round(max * factor)}, above ${MAX_ROW_TOKENS}`,
        suggestion: 'a smaller mean (for a measurement row: a smaller isl or osl), or a trace window without the outlier',
      }]);
    }
    for (let i = 0; i < pairs.count; i++) column[i] = Math.max(1, Math.round(column[i] * factor));
  };
  scale(pairs.prompt, rescale.promptMeanTokens, 'promptMeanTokens');
  scale(pairs.output, rescale.outputMeanTokens, 'outputMeanTokens');
}

const formatFactor = (x: number): string => String(Number(x.toPrecision(4)));

/** A prompt sampler that draws a row index and an output sampler that returns that row's output. */
export function pairSamplers(pairs: LengthPairs, rng: RandomStream): { prompt: LengthSampler; output: LengthSampler } {
  let index = 0;
  const last = pairs.count - 1;
  return {
    prompt: {
      sample(): number {
        index = uniformInt(rng, 0, last);
        return pairs.prompt[index];
      },
    },
    output: { sample: () => pairs.output[index] },
  };
}
