// Disaggregated serving: a request's two legs and what the metrics hear of them.
//   prefill leg  a copy of the request (same id, lengths, class) capped at ONE output token: the
//                prefill replica computes the prompt and samples the first token, then it ends
//                there (vLLM's disaggregated proxy sends the prefill instance max_tokens = 1).
//   decode leg   the original request, handed off when its KV has landed: prompt computed, first
//                token sampled, kvHandedOff set (the scheduler admits it as a decode, scheduler.ts).
// TTFT convention: the first token reaches the client when the KV has LANDED on the decode
// replica, i.e. TTFT = arrival → prefill done + decode admission wait + transfer. The client
// streams from the decode instance (vLLM's disaggregated-prefill proxy forwards the decode
// instance's stream, docs.vllm.ai features/disagg_prefill), so the transfer is on its path.
// The first inter-token gap is then landing → the decode replica's first token.
// Invariants: the prefill replicas' observer (disagg.ts prefillObserver) forwards `scheduled`
// (queue time is the prefill replica's) and `preempted`, swallows the prefill leg's firstToken and
// finished (the request is not done) and calls onPrefilled instead; handOff emits the request's firstToken at landing, and, for a
// request of one output token, its finished too (it needs no decode replica).

import { Request, type RequestEvents } from '../scheduler/index.ts';

/** The prefill leg of r: same id and lengths, at most one output token. */
export function prefillLeg(r: Request): Request {
  return r.freshCopy(1);
}

/**
 * The KV of r has landed at `landsAt`: the client gets its first token now. Returns r ready for
 * its decode replica's add(), or null when r is complete (one output token).
 */
export function handOff(r: Request, landsAt: number, events: RequestEvents): Request | null {
  r.numComputedTokens = r.numPromptTokens;
  r.numOutputTokens = 1;
  r.lastTokenAt = landsAt;
  r.everScheduled = true;
  events.firstToken(r, landsAt);
  if (r.maxOutputTokens <= 1) {
    events.finished(r, landsAt);
    return null;
  }
  r.kvHandedOff = true;
  return r;
}
