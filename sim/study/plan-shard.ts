// Shards of a plan: shard i of n (0-based, as Kubernetes' JOB_COMPLETION_INDEX) runs the
// configurations whose index % n === i. The slices of 0…n−1 partition the plan, whatever the
// points' cost; `merge` joins their results files into exactly one run's result.
// Invariants: a deterministic function of (points, shard); the slice keeps the plan's order.
// NOTE: round-robin, not balanced by cost: neighbouring configurations (e.g. consecutive TPs) go
// to different shards, which spreads the expensive ones well enough without measuring anything.

import type { PlanPoint } from './plan-types.ts';

export interface Shard {
  /** 0-based: 0 … count − 1. */
  index: number;
  count: number;
}

export function shardPoints(points: readonly PlanPoint[], shard: Shard): PlanPoint[] {
  if (!Number.isSafeInteger(shard.count) || shard.count < 1 || !Number.isSafeInteger(shard.index) || shard.index < 0 || shard.index >= shard.count) {
    throw new RangeError(`shard ${shard.index}/${shard.count}: expected 0 ≤ i < n`);
  }
  return points.filter((p) => p.index % shard.count === shard.index);
}

/** "i/n" with 0 ≤ i < n ≤ 100000, else undefined. */
export function parseShardText(text: string): Shard | undefined {
  const m = /^([0-9]{1,6})\/([0-9]{1,6})$/.exec(text.trim());
  if (m === null) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && count <= 100_000 && index < count ? { index, count } : undefined;
}
