// Load imbalance across replicas (summary.routing; definitions.md "Routing balance"): for a
// per-replica quantity x_i over n replicas, max_i x_i / mean x and min_i x_i / mean x, where
// mean x = Σ x_i / n. A perfectly even split gives 1 and 1; everything on one replica gives n
// and 0. Quantities: requests routed (every routed request of the run, warm-up included;
// requests rejected at admission are never routed), busy seconds (the whole run, drain included)
// and KV block-seconds (Σ used blocks × seconds, the time-mean KV usage when every replica has
// the same pool).
// Convention: when the mean is 0 (nothing routed, nothing ran) both ratios are 1 — no imbalance.

export interface RoutingSummary {
  requestsMaxOverMean: number;
  requestsMinOverMean: number;
  busyMaxOverMean: number;
  busyMinOverMean: number;
  kvUsageMaxOverMean: number;
  /**
   * Disaggregated serving only (cluster/disagg.ts): the same over the prefill replicas (requests
   * routed to each) and over the decode replicas (requests whose KV landed on each); the fields
   * above then mix both roles (decode replicas are routed nothing) and mislead.
   */
  byRole?: { prefill: Omit<RoutingSummary, 'byRole'>; decode: Omit<RoutingSummary, 'byRole'> };
}

/** [max/mean, min/mean] of the values (1, 1 when their mean is 0 or there are none). */
export function maxMinOverMean(values: ArrayLike<number>): [number, number] {
  const n = values.length;
  if (n === 0) return [1, 1];
  let sum = 0;
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    sum += v;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const mean = sum / n;
  if (!(mean > 0)) return [1, 1];
  return [max / mean, min / mean];
}

export function routingSummary(requestsRouted: ArrayLike<number>, busySeconds: ArrayLike<number>, kvUsageSeconds: ArrayLike<number>): RoutingSummary {
  const [requestsMaxOverMean, requestsMinOverMean] = maxMinOverMean(requestsRouted);
  const [busyMaxOverMean, busyMinOverMean] = maxMinOverMean(busySeconds);
  const [kvUsageMaxOverMean] = maxMinOverMean(kvUsageSeconds);
  return { requestsMaxOverMean, requestsMinOverMean, busyMaxOverMean, busyMinOverMean, kvUsageMaxOverMean };
}
