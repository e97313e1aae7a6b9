// Seeds that seed exactly, and the rule that derives a replication's seed from the scenario's.
// A run's random streams are seeded by the decimal text of its seed (random/streams.ts hashes
// `${seed}/${name}`), so two seeds give distinct runs exactly when they are distinct numbers.
// Every integer from 0 to 2^53 − 1 (Number.MAX_SAFE_INTEGER) is a distinct double; above it,
// neighbouring integers collapse (100000000000000000000 and …001 are the same double), so the
// seed range is [0, 2^53 − 1] and nothing else.
// Replication rule: replication i of base seed s runs with seed s + i (replication 0 is the plain
// run with seed s), wrapping past 2^53 − 1 to 0, so replication i can be re-run alone with
// `--seed <s + i>`.
// NOTE: the rule is deliberately plain rather than hashed: seeds are readable, and `run --seed
// s+i` reproduces one replication. Its price: studies from base seeds less than R apart share
// replications (base 1 and base 2 share seeds 2..R); choose base seeds R or more apart for
// independent studies.

/** The largest seed: 2^53 − 1; every integer in [0, MAX_SEED] seeds a distinct run. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** The rule in words, for messages: what a seed may be. */
export const SEED_RULE = `an integer from 0 to ${MAX_SEED} (2^53 − 1), written in decimal digits; larger numbers cannot be told apart`;

/** True for an integer in [0, MAX_SEED]. */
export function isExactSeed(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/**
 * The seed that `text` (a command-line argument) denotes, or undefined when it is not one: only
 * plain decimal digits (no sign, exponent, fraction, hex or spaces) whose value is at most MAX_SEED.
 */
export function parseSeedText(text: string): number | undefined {
  if (!/^[0-9]{1,16}$/.test(text)) return undefined;
  const n = Number(text);
  return isExactSeed(n) ? n : undefined;
}

/** The seed of replication `index` (0, 1, …) of a study whose base seed is `baseSeed`: baseSeed + index, wrapping past MAX_SEED to 0. */
export function replicationSeed(baseSeed: number, index: number): number {
  if (!isExactSeed(baseSeed)) throw new RangeError(`replicationSeed: base seed ${baseSeed} is not ${SEED_RULE}`);
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`replicationSeed: index ${index} is not a non-negative integer`);
  // baseSeed + index would round above MAX_SEED; subtract first so every step is exact.
  const room = MAX_SEED - baseSeed;
  return index <= room ? baseSeed + index : index - room - 1;
}
