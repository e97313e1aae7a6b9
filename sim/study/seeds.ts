// TEMPORARY (compare branch): the "study" engineer owns this file; the lead keeps study's version
// at merge. Replication seeds: index 0 is the base seed itself, so replication 0 of a study is
// the single run of the same seed; replication i runs alone as `run --seed replicationSeed(base, i)`.
// NOTE: the temporary rule is base + index; study documents the real rule.

/** The seed of replication `index` (0-based) of a study whose base seed is `baseSeed`. */
export function replicationSeed(baseSeed: number, index: number): number {
  return baseSeed + index;
}
