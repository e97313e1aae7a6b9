// "Did you mean …?" for unknown names: a candidate that the input is a prefix of (the shortest:
// 'h100' → 'h100-sxm'), else one containing it, else the closest by Levenshtein distance
// (fastest-levenshtein) when it is close enough to be a plausible typo.

import { closest, distance } from 'fastest-levenshtein';

export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = input.toLowerCase();
  const byLength = [...candidates].sort((a, b) => a.length - b.length || a.localeCompare(b));
  const extended = byLength.find((c) => c.startsWith(lower)) ?? (lower.length >= 3 ? byLength.find((c) => c.includes(lower)) : undefined);
  if (extended !== undefined) return `did you mean '${extended}'?`;
  const best = closest(lower, candidates as string[]);
  const d = distance(lower, best);
  // Plausible typo: within a third of the longer name, or the input is a prefix/substring.
  const limit = Math.max(2, Math.ceil(Math.max(lower.length, best.length) / 3));
  if (d <= limit || best.includes(lower) || lower.includes(best)) return `did you mean '${best}'?`;
  return undefined;
}
