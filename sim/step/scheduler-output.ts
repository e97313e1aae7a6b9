// What one step computes, as the scheduler planned it (vLLM's SchedulerOutput, reduced to what
// timing needs): the only thing a cost model sees of a step. Decode sequences are summarised by
// their count and the sum of their attended context lengths (attention cost is linear in it);
// prefill chunks are listed, since causal attention over a chunk is not linear in its size.
// It lives in its own room so that the scheduler (which writes it) and the cost models in
// hardware/ (which read it) both depend on it and not on each other: the scheduler plans steps
// without knowing what they cost, the cost model times steps without seeing requests.
// Invariants: entries [0, numPrefillChunks) of the chunk arrays are valid; the arrays are sized
// once (the most rows a step may hold) and reused every step, so planning allocates nothing.
// NOTE: no request ids, block tables or sampling parameters (vLLM carries them; timing does not need them).

export interface SchedulerOutput {
  /** Decode sequences: each runs decodeQueryTokens new tokens over its cached context. */
  numDecodeSeqs: number;
  /**
   * New tokens per decode sequence: 1 for plain decoding; 1 + γ in a speculative verify step
   * (the last sampled token and γ draft tokens, all scored by the target in one pass).
   */
  decodeQueryTokens: number;
  /** Σ over decode sequences of tokens attended by their last new token (KV length including every new token). */
  decodeContextSum: number;
  /** Number of prefill chunks in the step; entries [0, numPrefillChunks) of the arrays are valid. */
  numPrefillChunks: number;
  /** New tokens of each prefill chunk. */
  prefillChunkTokens: Int32Array;
  /** Tokens already in the KV cache before each chunk (its prior context). */
  prefillChunkContext: Int32Array;
}

/** An empty output whose chunk arrays hold up to `capacity` prefill chunks. */
export function makeSchedulerOutput(capacity: number): SchedulerOutput {
  return {
    numDecodeSeqs: 0,
    decodeQueryTokens: 1,
    decodeContextSum: 0,
    numPrefillChunks: 0,
    prefillChunkTokens: new Int32Array(capacity),
    prefillChunkContext: new Int32Array(capacity),
  };
}
