// "Did you mean …?" for unknown names. In order:
//   1. a candidate the input is a prefix of (the shortest: 'h100' → 'h100-sxm');
//   2. one containing the input (inputs of 3+ characters: 'chunkedPrefill' → 'enableChunkedPrefill');
//   (both ignore case: field names are camelCase)
//   3. the closest by Levenshtein distance (fastest-levenshtein), comparing with the whole
//      candidate and with its stem before the first '-' ('h300' is 1 edit from 'h200' of
//      'h200-sxm'); every candidate at the best distance is offered, those sharing the longest
//      prefix with the input first, at most three — when the distance is small enough to be a
//      plausible typo (at most a third of the longer name, and at least 2 allowed).
// unknownNameProblem: the one message for a reference to a name that does not exist (a pool, a
// class), listing the names there are, with did-you-mean (or a fallback hint) as its suggestion.

import { distance } from 'fastest-levenshtein';
import type { Problem } from './errors.ts';

/**
 * `no <what> is named '<name>' (<label>: 'a', 'b')`, suggesting did-you-mean or else `fallback`;
 * e.g. unknownNameProblem('router.poolWeights.gpu', 'pool', 'pools', 'gpu', ['a', 'b'], 'use a pools[].name').
 */
export function unknownNameProblem(path: string, what: string, label: string, name: string, names: readonly string[], fallback: string): Problem {
  return {
    path,
    message: `no ${what} is named '${name}' (${label}: ${names.map((n) => `'${n}'`).join(', ')})`,
    suggestion: didYouMean(name, names) ?? fallback,
  };
}

export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = input.toLowerCase();
  const byLength = [...candidates].sort((a, b) => a.length - b.length || a.localeCompare(b));
  const extended =
    byLength.find((c) => c.toLowerCase().startsWith(lower)) ?? (lower.length >= 3 ? byLength.find((c) => c.toLowerCase().includes(lower)) : undefined);
  if (extended !== undefined) return `did you mean '${extended}'?`;

  const scored = candidates.map((c) => {
    const stem = c.split('-')[0];
    const d = Math.min(distance(lower, c), distance(lower, stem));
    const limit = Math.max(2, Math.ceil(Math.max(lower.length, stem.length) / 3));
    return { c, d, ok: d <= limit, prefix: commonPrefix(lower, c) };
  });
  const best = Math.min(...scored.filter((s) => s.ok).map((s) => s.d));
  if (!Number.isFinite(best)) return undefined;
  const picks = scored
    .filter((s) => s.ok && s.d === best)
    .sort((a, b) => b.prefix - a.prefix || a.c.localeCompare(b.c))
    .slice(0, 3)
    .map((s) => `'${s.c}'`);
  const list = picks.length === 1 ? picks[0] : `${picks.slice(0, -1).join(', ')} or ${picks[picks.length - 1]}`;
  return `did you mean ${list}?`;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
