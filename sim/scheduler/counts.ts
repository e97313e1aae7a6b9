// Adding up count records (preemption, prefix-cache, speculation stats) field by field: one
// helper for every place that sums them over replicas or virtual engines.

/** Adds every field of `from` into `into` (absent `from`: nothing); returns `into`. */
export function addCounts<T extends object>(into: T, from: T | undefined): T {
  if (from === undefined) return into;
  const a = into as Record<string, number>;
  const b = from as Record<string, number>;
  for (const k of Object.keys(a)) a[k] += b[k];
  return into;
}
