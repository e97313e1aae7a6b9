// The slope evidence of a diagnosis (observe.ts reads it for the fleet and for each pool):
//   decode  least squares of decode-only step seconds on the step's decode sequences (step-probe.ts)
//           → seconds per running sequence (slope), the fixed part (intercept: weight streaming and
//           overhead), its share of the mean step, and the slope at which that share is 1/2;
//   TTFT    least squares of TTFT on prompt tokens over the measured finished requests of one run
//           (its records) → seconds per 1k prompt tokens, the share of the mean TTFT it explains,
//           and the slope at which that share is PROMPT_SHARE_OF_TTFT.
// NOTE: fitted from what the run did (its steps and requests), not the cost model's derivative:
// the slope is the average per-sequence cost over the contexts the traffic had, at the batch
// sizes it reached. With one batch size (or one prompt length) there is no slope: NaN.
// Also Pearson's r of TTFT with prompt length (the older evidence of the same relation).
// NOTE: the TTFT–prompt correlation is over the measured finished requests; a run with one prompt
// length (fixed) has no spread, so r is NaN and the rule reads it as "not shown".
// Invariants: pure; every key is always present (NaN when not measured).

import type { RequestColumns } from '../metrics/index.ts';
import { LineFold, type LineFit } from './line-fit.ts';
import { DECODE_FIXED_SHARE, PROMPT_SHARE_OF_TTFT } from './thresholds.ts';
import type { Observations } from './types.ts';

/** The decode-slope observations of a fit of step seconds on decode sequences. */
export function decodeSlopeObservations(fit: LineFit): Observations {
  const fixedShare = fit.meanY > 0 ? fit.intercept / fit.meanY : NaN;
  return {
    'decode.steps': fit.n,
    'decode.meanBatch': fit.meanX,
    'decode.meanStepSeconds': fit.meanY,
    'decode.stepSecondsPerSeq': fit.slope,
    'decode.fixedSeconds': fit.intercept,
    'decode.fixedShare': fixedShare,
    // slope·x̄ ≥ intercept·(1 − s)/s ⇔ intercept/ȳ ≤ s; at s = 1/2: slope ≥ intercept / x̄.
    'decode.steepThreshold': fit.meanX > 0 ? (fit.intercept * (1 - DECODE_FIXED_SHARE)) / DECODE_FIXED_SHARE / fit.meanX : NaN,
  };
}

/** Least squares of TTFT (seconds) on prompt tokens / 1000 over measured finished requests (of the replicas `keep` admits). */
export function ttftPromptFit(columns: RequestColumns, keep: (replica: number) => boolean = () => true): LineFit {
  const fold = new LineFold();
  for (let i = 0; i < columns.count; i++) {
    if (columns.status[i] !== 1 || columns.measured[i] !== 1 || !keep(columns.replica[i])) continue;
    const y = columns.firstTokenAt[i] - columns.arrivedAt[i];
    if (Number.isFinite(y)) fold.add(columns.numPromptTokens[i] / 1000, y);
  }
  return fold.fit();
}

/** The TTFT-slope observations of a fit of TTFT on prompt tokens / 1000. */
export function ttftSlopeObservations(fit: LineFit): Observations {
  return {
    'ttft.secondsPer1kPromptTokens': fit.slope,
    'ttft.promptShare': fit.meanY > 0 && fit.meanX > 0 ? (fit.slope * fit.meanX) / fit.meanY : NaN,
    'ttft.promptSlopeThreshold': fit.meanY > 0 && fit.meanX > 0 ? (PROMPT_SHARE_OF_TTFT * fit.meanY) / fit.meanX : NaN,
  };
}

/** Pearson's r of TTFT against prompt length over measured finished requests (of the replicas `keep` admits; NaN without spread or with fewer than 3). */
export function ttftPromptCorrelation(columns: RequestColumns, keep: (replica: number) => boolean = () => true): number {
  return ttftPromptFit(columns, keep).r;
}
