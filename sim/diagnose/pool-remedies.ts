// The remedies of a scenario with pools: three that exist only there, and the rewriting that
// turns a one-pool remedy (remedies.ts) into a change of one pool.
//   rebalance-roles  disaggregated serving: one replica moves to the pool that shows the
//                    constraint from the largest pool of the other role (the prefill/decode ratio;
//                    same GPUs when the pools share them, so cost-neutral then);
//   pool-weights     router.poolWeights: each pool's share of the requests scaled by the fleet's
//                    mean E2E over the pool's own (one proportional step toward equal latency);
//   faster-link      disaggregated serving: the slowest link preset faster than the link in use.
// inPool: a remedy built on one pool's merged scenario (its own hardware, engine, precision and
// cost model) has its paths moved under pools.<i>.; router, speculative and disaggregation
// changes stay the cluster's (one per cluster); a remedy that rebuilds `pools` does not apply.
// Invariants: pure; changes name only pools.<i>.…, router.… or disaggregation.… paths.
// NOTE: patch.ts writes every pool's sections out in full before applying changes, so
// pools.<i>.precision.kvCache changes only that field of that pool's precision.

import { KV_LINK_PRESETS } from '../hardware/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { formatSignificant3 } from '../report/index.ts';
import { sig3 as sig } from './numbers.ts';
import { poolObservations } from './observe-pools.ts';
import type { BottleneckKind, Observations, Remedy } from './types.ts';

/** Where a builder is called: the whole scenario, and the pool it targets (scenarios with pools). */
export interface BuildContext {
  whole: Scenario;
  /** The targeted pool's index; absent without pools. */
  pool?: number;
  /** Every observation (a pool builder's `o` is its pool's alone). */
  all: Observations;
}

export type Builder = (s: Scenario, o: Observations, top: BottleneckKind, ctx: BuildContext) => Remedy | undefined;

const POOL_SECTIONS = new Set(['hardware', 'engine', 'precision', 'costModel']);
/** One per cluster: a remedy changing them applies to every pool (speculative decoding, the router, the link). */
const CLUSTER_SECTIONS = new Set(['router', 'speculative', 'disaggregation']);

/** The remedy's changes moved into pool k, or undefined when it changes something no pool owns. */
export function inPool(remedy: Remedy, whole: Scenario, k: number): Remedy | undefined {
  const name = whole.pools![k].name;
  const changes: Record<string, unknown> = {};
  // The pool's own remedy: one of its changes moved into the pool (a remedy that names `pools.`
  // paths itself, such as rebalance-roles, is the fleet's).
  let own = false;
  for (const [path, value] of Object.entries(remedy.changes)) {
    const section = path.split('.')[0];
    if (POOL_SECTIONS.has(section)) {
      changes[`pools.${k}.${path}`] = value;
      own = true;
    } else if (CLUSTER_SECTIONS.has(section) || path.startsWith('pools.')) changes[path] = value;
    else return undefined;
  }
  return { ...remedy, changes, ...(own ? { pool: name, title: `${remedy.title} (pool ${name})`, why: `pool ${name}: ${remedy.why}` } : {}) };
}

/** The pool with the highest utilization (ties: the first); undefined without pools. */
export function busiestPool(whole: Scenario, o: Observations): number | undefined {
  const pools = whole.pools;
  if (pools === undefined) return undefined;
  let best = 0;
  pools.forEach((p, k) => {
    if (o[`pools.${p.name}.utilization`] > o[`pools.${pools[best].name}.utilization`]) best = k;
  });
  return best;
}

export const POOL_BUILDERS: Readonly<Record<string, Builder>> = {
  'rebalance-roles': (_s, _o, _top, { whole, pool, all: o }) => {
    const roles = whole.config.pools?.map((p) => p.role);
    if (whole.config.disaggregation === undefined || roles === undefined || pool === undefined || roles[pool] === undefined) return undefined;
    const pools = whole.pools!;
    const n = (k: number): number => pools[k].scenario.config.hardware.numReplicas;
    // The donor: the other role's pool with the most replicas (at least 2), the least busy on ties.
    let donor = -1;
    pools.forEach((p, k) => {
      if (roles[k] === roles[pool] || n(k) < 2) return;
      if (donor < 0 || n(k) > n(donor) || (n(k) === n(donor) && o[`pools.${p.name}.utilization`] < o[`pools.${pools[donor].name}.utilization`])) donor = k;
    });
    if (donor < 0) return undefined;
    const to = pools[pool].name;
    const from = pools[donor].name;
    return {
      remedy: 'rebalance-roles',
      title: `one replica ${from} -> ${to} (${roles[donor]} -> ${roles[pool]})`,
      changes: { [`pools.${pool}.hardware.numReplicas`]: n(pool) + 1, [`pools.${donor}.hardware.numReplicas`]: n(donor) - 1 },
      addresses: ['queueing', 'compute-bound-prefill', 'kv-capacity', 'bandwidth-bound-decode', 'unbalanced-pools'],
      why: `the prefill/decode ratio: ${to} (${roles[pool]}, ${fmtPct(o[`pools.${to}.utilization`])} busy) gets a replica of ${from} (${roles[donor]}, ${fmtPct(o[`pools.${from}.utilization`])} busy): ${n(pool)} -> ${n(pool) + 1} and ${n(donor)} -> ${n(donor) - 1}, the same GPUs in all`,
    };
  },
  'pool-weights': (_s, _o, _top, { whole, all: o }) => {
    const pools = whole.pools;
    if (pools === undefined || pools.length < 2 || whole.config.disaggregation !== undefined) return undefined;
    const rate = pools.map((p) => o[`pools.${p.name}.requestsPerSecond`]);
    const e2e = pools.map((p) => o[`pools.${p.name}.e2eSeconds.mean`]);
    if (!rate.every((x) => x > 0) || !e2e.every((x) => x > 0)) return undefined;
    const total = rate.reduce((s, x) => s + x, 0);
    const meanE2e = rate.reduce((s, x, k) => s + x * e2e[k], 0) / total;
    // One proportional step: each pool's share × (fleet mean E2E / its E2E), renormalised.
    const raw = rate.map((x, k) => (x / total) * (meanE2e / e2e[k]));
    const sum = raw.reduce((s, x) => s + x, 0);
    const weights = Object.fromEntries(pools.map((p, k) => [p.name, sig(raw[k] / sum)]));
    const words = pools.map((p, k) => `${p.name} ${fmtPct(rate[k] / total)} of requests at E2E ${formatSignificant3(e2e[k])} s -> weight ${weights[p.name]}`).join('; ');
    return {
      remedy: 'pool-weights',
      title: 'pool weights toward the faster pools',
      changes: { 'router.poolWeights': weights },
      addresses: ['unbalanced-pools', 'queueing'],
      why: `each pool's share of the traffic scaled by the fleet's mean E2E over its own, so slower pools get less: ${words}`,
      assumptions: ['one proportional step from the shares and E2E latencies measured, not an optimum: the simulation says whether it helps'],
    };
  },
  'faster-link': (_s, _o, _top, { whole, all: o }) => {
    const d = whole.config.disaggregation;
    const bandwidth = o['transfers.bandwidthBytesPerSecond'];
    if (d === undefined || !(bandwidth > 0)) return undefined;
    const faster = [...KV_LINK_PRESETS].filter((p) => p.bandwidthBytesPerSecond > bandwidth).sort((a, b) => a.bandwidthBytesPerSecond - b.bandwidthBytesPerSecond)[0];
    if (faster === undefined) return undefined;
    return {
      remedy: 'faster-link',
      title: `KV link ${faster.id}`,
      changes: { 'disaggregation.link': { preset: faster.id } },
      addresses: ['transfer-link'],
      why: `${faster.name}: ${formatSignificant3(faster.bandwidthBytesPerSecond / 1e9)} GB/s against ${formatSignificant3(bandwidth / 1e9)} GB/s (link ${fmtPct(o['transfers.linkUtilization'])} busy)${faster.id.startsWith('nvlink') ? '; NVLink needs the prefill and decode replicas in one node (or NVL72 rack)' : ''}`,
    };
  },
};

function fmtPct(x: number): string {
  return Number.isFinite(x) ? `${Math.round(100 * x)}%` : 'n/a';
}
