// The step time of speculative decoding: the target's verify pass plus the proposer's work.
// The scheduler marks a verify step by decodeQueryTokens = 1 + γ (γ draft tokens per decoding
// sequence this step; 1 when speculation is off for the step). The target is costed on that shape
// as it is (γ + 1 query tokens per sequence, logits at every position); the proposer adds:
//   'passes' (a draft model, or EAGLE/MTP-style draft heads as a model of draftLayers layers
//            sharing the target's embedding and LM head): γ autoregressive forward passes of the
//            draft over the n decoding sequences, one token each — pass j (0-based) attends the
//            context of position computed + 1 + j, i.e. Σ contexts = decodeContextSum − n·(γ − j).
//            The first pass also runs the step's prefill chunks, so that the draft holds the
//            prompt's KV (vLLM v1's EAGLE proposer runs the target's new tokens through the head
//            first; a draft model prefills the prompt as the target does). A step with prefill
//            chunks but no speculation still runs that prefill pass.
//   'per-sequence' (n-gram prompt lookup): secondsPerSeq host time per decoding sequence in each
//            step that speculates, counted as overhead.
// The proposer's time goes into every field of the breakdown (compute, memory, communication,
// overhead, GEMM, attention) and, in addition, into draftSeconds.
// NOTE: the draft cost model is built without the engine's per-step overheads (they are paid
// once per step, by the target); its kernels' launch latency is still counted per pass. The
// first draft pass runs one token per sequence even when the previous step accepted several
// (vLLM v1 feeds them all): a small undercount at high acceptance. Not for pp > 1 (no stageTimes).
// Invariants: with decodeQueryTokens = 1 and no prefill chunks the step costs exactly the
// target's; stepTime allocates nothing.

import type { Seconds } from '../units.ts';
import type { CostModel, StepBreakdown } from './types.ts';
import { addBreakdown, emptyBreakdown } from './types.ts';
import { type SchedulerOutput, makeSchedulerOutput } from '../step/index.ts';

export type DraftCost =
  | { kind: 'passes'; model: CostModel }
  | { kind: 'per-sequence'; secondsPerSeq: Seconds };

export class SpeculativeCostModel implements CostModel {
  private readonly draftShape: SchedulerOutput;
  private readonly draftOut: StepBreakdown = emptyBreakdown();

  constructor(
    readonly target: CostModel,
    readonly draft: DraftCost,
  ) {
    // The draft's shape shares the prefill arrays of the shape it is asked about (re-pointed per call).
    this.draftShape = makeSchedulerOutput(0);
  }

  stepTime(shape: SchedulerOutput, out: StepBreakdown): Seconds {
    this.target.stepTime(shape, out);
    const n = shape.numDecodeSeqs;
    const gamma = n > 0 ? shape.decodeQueryTokens - 1 : 0;
    const draft = this.draft;
    let seconds = 0;
    if (draft.kind === 'per-sequence') {
      if (gamma > 0) {
        seconds = n * draft.secondsPerSeq;
        out.overheadSeconds += seconds;
        out.totalSeconds += seconds;
      }
    } else if (gamma > 0 || shape.numPrefillChunks > 0) {
      const ds = this.draftShape;
      if (ds.prefillChunkTokens !== shape.prefillChunkTokens) {
        ds.prefillChunkTokens = shape.prefillChunkTokens;
        ds.prefillChunkContext = shape.prefillChunkContext;
      }
      ds.numPrefillChunks = shape.numPrefillChunks;
      ds.numDecodeSeqs = gamma > 0 ? n : 0;
      ds.decodeContextSum = gamma > 0 ? shape.decodeContextSum - n * gamma : 0;
      seconds += this.addPass(draft.model, out);
      ds.numPrefillChunks = 0;
      for (let j = 1; j < gamma; j++) {
        ds.decodeContextSum += n;
        seconds += this.addPass(draft.model, out);
      }
    }
    out.draftSeconds = seconds;
    return out.totalSeconds;
  }

  /** One draft forward pass over draftShape, added into `out` (totalSeconds included). */
  private addPass(model: CostModel, out: StepBreakdown): Seconds {
    const t = model.stepTime(this.draftShape, this.draftOut);
    addBreakdown(out, this.draftOut);
    return t;
  }
}
