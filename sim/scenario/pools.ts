// Resolving a scenario with `pools` (pools-schema.ts): the section is checked, then each pool is
// merged into the top level (poolRaws: hardware and engine field by field, precision and
// costModel whole) and resolved as a scenario of its own — the schema, the catalog names with
// did-you-mean, tp/pp against the model, the engine, and "does it fit" — so every pool that
// resolves can be planned and run (cluster/replica-plan.ts, once per pool).
// Problem paths: a problem inside a pool's own sections (hardware, precision, engine, costModel,
// and the fit, reported at `hardware`) is named `pools.<i>.<path>`, whether the value came from
// the pool or was inherited from the top level (it is that pool's merged value that fails); a
// problem elsewhere (workload, slo, ...) is the same in every pool and is reported once, as is.
// router.poolRules / poolWeights are checked here, once, against the pools (router-pools-checks.ts),
// and so are failures.events' pools and replicas (availability-checks.ts). Autoscaling is per
// pool (pools[i].hardware.autoscale, merged like any hardware field); a top-level
// hardware.autoscale is refused (it would scale every pool alike, rarely what is meant), and so
// are failures with disaggregation (not yet modelled: see the message). Autoscaled prefill and
// decode pools are allowed (cluster/disagg.ts, fleet-control.ts).
// Disaggregation (roles, the link) is checked last, on the resolved pools (disagg-checks.ts).
// Invariants: a scenario without `pools` never comes here (resolve.ts), so its resolution is
// unchanged; the Scenario returned is pool 0's merged one with config.pools kept and `pools`
// listing every pool's merged Scenario in file order.

import type { z } from 'zod';
import { ScenarioError, type Problem } from './errors.ts';
import type { PoolScenario, ResolveOptions, Scenario } from './resolve.ts';
import { checkPoolRouting } from './router-pools-checks.ts';
import { ScenarioSchema } from './schema.ts';
import { checkClassGenerationWithPools } from './class-generation-checks.ts';
import { checkDisaggregation } from './disagg-checks.ts';
import { checkPoolFailures } from './availability-checks.ts';

/** The sections a pool may override; problems in them are named after the pool. */
const POOL_SECTIONS = new Set(['hardware', 'precision', 'engine', 'costModel']);

type Resolve = (raw: unknown, options: ResolveOptions) => Scenario;
type ToProblem = (issue: z.core.$ZodIssue, raw: unknown) => Problem;

export function resolvePools(raw: Record<string, unknown>, options: ResolveOptions, resolveOne: Resolve, toProblem: ToProblem): Scenario {
  const problems: Problem[] = [];
  const parsed = ScenarioSchema.shape.pools.safeParse(raw.pools);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(toProblem({ ...issue, path: ['pools', ...issue.path] } as z.core.$ZodIssue, raw));
  }
  for (const section of ['hardware', 'engine'] as const) {
    if (raw[section] !== undefined && !isMapping(raw[section])) problems.push({ path: section, message: `expected a mapping, got ${typeof raw[section] === 'object' ? 'a list or null' : typeof raw[section]}` });
  }
  if (isMapping(raw.hardware) && raw.hardware.autoscale !== undefined) {
    problems.push({ path: 'hardware.autoscale', message: 'with pools, autoscaling is a policy per pool: each pool scales its own replicas (min/max, cold start from its own weights)', suggestion: 'move it to pools[i].hardware.autoscale of each pool to scale' });
  }
  if (raw.disaggregation !== undefined) {
    // NOTE: not yet: a failed decode replica would lose its KV hand-off queue and the transfers in
    // flight to it, and a failed prefill replica its legs' originals, with no policy for either.
    if (raw.failures !== undefined) {
      problems.push({ path: 'failures', message: 'failure injection is not supported with disaggregated prefill/decode yet: the KV transfers in flight to a failed decode replica have no policy', suggestion: 'remove failures, or remove disaggregation' });
    }
  }
  if (problems.length > 0 || !parsed.success || parsed.data === undefined) throw new ScenarioError(options.file, problems);

  const seen = new Set<string>();
  const add = (p: Problem, i: number): void => {
    const section = p.path.split('.')[0];
    const named = POOL_SECTIONS.has(section) ? { ...p, path: `pools.${i}.${p.path}` } : p;
    const key = `${named.path}\u0000${named.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(named);
  };
  const pools: PoolScenario[] = [];
  poolRaws(raw).forEach((merged, i) => {
    try {
      pools.push({ name: parsed.data![i].name, scenario: resolveOne(merged, { ...options, withinPool: true }) });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      for (const p of e.problems) add(p, i);
    }
  });
  if (pools.length > 0) problems.push(...checkClassGenerationWithPools(pools[0].scenario.config));
  if (problems.length > 0) throw new ScenarioError(options.file, problems);
  const first = pools[0].scenario;
  const config = { ...first.config, pools: parsed.data };
  problems.push(...checkPoolRouting(config));
  problems.push(...checkPoolFailures(config.failures, pools.map((p) => ({ name: p.name, hardware: p.scenario.config.hardware }))));
  if (problems.length > 0) throw new ScenarioError(options.file, problems);
  const disagg = checkDisaggregation(config, pools);
  if (disagg.length > 0) throw new ScenarioError(options.file, disagg);
  return { ...first, config, pools };
}

/** Each pool merged into the top level, as a raw scenario without `pools` (see the file comment). */
export function poolRaws(raw: Record<string, unknown>): Record<string, unknown>[] {
  const pools = raw.pools as Record<string, unknown>[];
  const { pools: _, ...base } = raw;
  return pools.map((pool) => {
    const merged: Record<string, unknown> = { ...base, hardware: { ...mapping(raw.hardware), ...mapping(pool.hardware) } };
    if (raw.engine !== undefined || pool.engine !== undefined) merged.engine = { ...mapping(raw.engine), ...mapping(pool.engine) };
    for (const whole of ['precision', 'costModel'] as const) {
      const value = pool[whole] ?? raw[whole];
      if (value !== undefined) merged[whole] = value;
      else delete merged[whole];
    }
    return merged;
  });
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function mapping(v: unknown): Record<string, unknown> {
  return isMapping(v) ? v : {};
}
