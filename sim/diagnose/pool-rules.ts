// The findings of a scenario with pools: the rules of rules.ts judged on each pool's own
// observations (observe-pools.ts), each finding naming its pool (its evidence as
// `pools.<name>.<metric>`, labelled with the pool), and the rules across the cluster on the fleet's
// observations: unbalanced-pools, transfer-link, draft-overhead (speculative figures are the
// cluster's). Most severe first; ties keep the pool order, then the cross-cluster rules.
// Invariants: pure; a per-pool finding has `pool`, a cross-cluster one has none.

import { poolObservations } from './observe-pools.ts';
import { findings } from './rules.ts';
import type { BottleneckKind, Finding, Observations } from './types.ts';

/** Judged once for the whole cluster, never per pool. */
const CLUSTER_KINDS: ReadonlySet<BottleneckKind> = new Set(['unbalanced-pools', 'transfer-link', 'draft-overhead']);

export function poolFindings(o: Observations, pools: readonly string[]): Finding[] {
  const perPool = pools.flatMap((name) =>
    findings(poolObservations(o, name))
      .filter((f) => !CLUSTER_KINDS.has(f.kind))
      .map((f): Finding => ({
        ...f,
        pool: name,
        summary: `pool ${name}: ${f.summary}`,
        evidence: f.evidence.map((e) => ({ ...e, metric: `pools.${name}.${e.metric}`, label: `pool ${name}: ${e.label}` })),
      })),
  );
  const cluster = findings(o).filter((f) => CLUSTER_KINDS.has(f.kind));
  return [...perPool, ...cluster].sort((a, b) => b.severity - a.severity);
}
