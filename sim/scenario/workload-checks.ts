// Checks of the workload that need more than its own fields, made at load so that a scenario
// that resolves can run: every length distribution can be sampled (a truncated lognormal keeps
// enough mass), and the prompts can fit the model's context (engine.maxModelLen).
// Invariants: pure; every problem names its field path.
// NOTE: a lognormal's mu is ln(meanTokens) − sigma²/2, as workload/lengths.ts samples it, which
// takes MIN_TRUNCATED_MASS from here (one definition of the rule).

import { normalCdf } from '../random/index.ts';
import type { Problem } from './errors.ts';
import type { LengthDistributionConfig, ScenarioConfig } from './schema.ts';

/** Smallest F_X(maxTokens) a truncated lognormal may keep (at most 1000 redraws per length). */
export const MIN_TRUNCATED_MASS = 1e-3;

/** The smallest count a length distribution can draw. */
export function minDraw(d: LengthDistributionConfig): number {
  switch (d.kind) {
    case 'fixed':
      return d.tokens;
    case 'uniform':
      return d.minTokens;
    case 'lognormal':
      return 1;
    case 'empirical':
      return d.tokens.reduce((a, b) => Math.min(a, b), Infinity);
  }
}

/** A truncated lognormal that keeps too little mass to sample, as a problem at `path`.maxTokens. */
export function lognormalMassProblem(path: string, d: LengthDistributionConfig): Problem | undefined {
  if (d.kind !== 'lognormal' || d.maxTokens === undefined) return undefined;
  const mu = Math.log(d.meanTokens) - (d.sigma * d.sigma) / 2;
  const kept = normalCdf((Math.log(d.maxTokens) - mu) / d.sigma);
  if (kept >= MIN_TRUNCATED_MASS) return undefined;
  return {
    path: `${path}.maxTokens`,
    message: `maxTokens ${d.maxTokens} keeps only ${(kept * 100).toPrecision(2)}% of a lognormal with meanTokens ${d.meanTokens} and sigma ${d.sigma} (at least ${MIN_TRUNCATED_MASS * 100}% is needed)`,
    suggestion: 'raise maxTokens or lower meanTokens',
  };
}

export function checkWorkload(config: ScenarioConfig, maxModelLen: number | undefined): Problem[] {
  const w = config.workload;
  const problems: Problem[] = [];
  const distributions: [string, LengthDistributionConfig | undefined][] = [
    ['workload.promptTokens', w.promptTokens],
    ['workload.outputTokens', w.outputTokens],
    ['workload.sessions.turns', w.sessions?.turns],
    ['workload.sessions.userTokens', w.sessions?.userTokens],
  ];
  for (const [path, d] of distributions) {
    const p = d === undefined ? undefined : lognormalMassProblem(path, d);
    if (p !== undefined) problems.push(p);
  }
  if (maxModelLen !== undefined && w.promptTokens !== undefined) {
    // vLLM rejects a prompt of maxModelLen tokens or more: it must leave room for one output token.
    const shortest = minDraw(w.promptTokens) + (w.sharedPrefix?.tokens ?? 0);
    if (shortest >= maxModelLen) {
      problems.push({
        path: 'workload.promptTokens',
        message: `every prompt has at least ${shortest} tokens${w.sharedPrefix ? ' (with the shared prefix)' : ''}, but a prompt must be shorter than maxModelLen ${maxModelLen} to leave room for an output token: every request would be rejected`,
        suggestion: `draw prompts below ${maxModelLen} tokens, or choose a model with a longer context`,
      });
    }
  }
  return problems;
}
