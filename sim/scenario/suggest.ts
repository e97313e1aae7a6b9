// "Did you mean …?" for unknown names: the closest candidate by Levenshtein distance
// (fastest-levenshtein), offered only when it is close enough to be a plausible typo.

import { closest, distance } from 'fastest-levenshtein';

export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = input.toLowerCase();
  const best = closest(lower, candidates as string[]);
  const d = distance(lower, best);
  // Plausible typo: within a third of the longer name, or the input is a prefix/substring.
  const limit = Math.max(2, Math.ceil(Math.max(lower.length, best.length) / 3));
  if (d <= limit || best.includes(lower) || lower.includes(best)) return `did you mean '${best}'?`;
  return undefined;
}
