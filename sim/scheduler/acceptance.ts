// How many of a verify step's γ draft tokens the target accepts. Speculative sampling (Leviathan
// et al. 2023, arXiv:2211.17192; Chen et al. 2023, arXiv:2302.01318) keeps the longest run of
// leading draft tokens that pass, then samples one token of its own; so the accepted count is
// the number of leading successes of γ trials, trial i succeeding with probability α_i given that
// the earlier ones did. With one α: P(accepted = k) = α^k (1 − α) for k < γ, α^γ for k = γ, and
// E[1 + accepted] = Σ_{j=0..γ} α^j = (1 − α^(γ+1)) / (1 − α) — the closed form the tests check.
// Rates come per class (one class for 'constant' and 'per-position'); a request's class is fixed
// by classOf(r) at its first verify (the caller's keyed draw: the same for every replica and run).
// Draws come from the replica's own stream, one uniform per trial until the first failure.
// Invariants: 0 ≤ accepted ≤ γ; α = 1 accepts all γ, α = 0 none (uniforms are in [0, 1)).
// NOTE: a list shorter than γ repeats its last rate for later positions.

import type { Request } from './request.ts';

export interface AcceptanceModel {
  /** Draft tokens accepted in r's verify of `gamma` drafts (0…gamma). */
  accepted(r: Request, gamma: number): number;
}

export class LeadingRunAcceptance implements AcceptanceModel {
  private readonly rates: readonly Float64Array[];

  constructor(
    /** Per class: α_1…α_n (conditional acceptance of position i). */
    rates: readonly (readonly number[])[],
    private readonly uniform: () => number,
    /** Class index of a request; absent: every request is class 0. */
    private readonly classOf: ((r: Request) => number) | null = null,
  ) {
    if (rates.length === 0 || rates.some((r) => r.length === 0)) throw new RangeError('acceptance needs at least one rate per class');
    for (const list of rates) for (const a of list) if (!(a >= 0 && a <= 1)) throw new RangeError(`acceptance rate ${a} is outside [0, 1]`);
    this.rates = rates.map((r) => Float64Array.from(r));
  }

  accepted(r: Request, gamma: number): number {
    if (r.specClass < 0) r.specClass = this.classOf === null ? 0 : this.classOf(r);
    const a = this.rates[r.specClass];
    const last = a.length - 1;
    let k = 0;
    while (k < gamma && this.uniform() < a[k < last ? k : last]) k++;
    return k;
  }
}

/** Class index for a uniform u in [0, 1) under relative weights: the first class whose cumulative share exceeds u. */
export function classFromUniform(weights: readonly number[], u: number): number {
  let total = 0;
  for (const w of weights) total += w;
  let acc = 0;
  for (let i = 0; i < weights.length - 1; i++) {
    acc += weights[i];
    if (u * total < acc) return i;
  }
  return weights.length - 1;
}
