// Checks of router.poolRules / router.poolWeights against the scenario's pools and classes: both
// need `pools:`; every name is a pool (or class) with a did-you-mean; one rule per class; every
// class can reach at least one pool (with weights: one of positive weight).
// Invariants: pure; every problem names its field path. allowedPoolsOf is what the router uses.

import type { Problem } from './errors.ts';
import type { ScenarioConfig } from './schema.ts';
import { requestClassesOf } from './classes.ts';
import { didYouMean } from './suggest.ts';

/** Per class (by classIndex), the indices of the pools its requests may be routed to. */
export function allowedPoolsOf(config: ScenarioConfig): number[][] {
  const poolNames = (config.pools ?? []).map((p) => p.name);
  const classes = requestClassesOf(config).classes;
  const rules = config.router.poolRules ?? [];
  return classes.map((c) => {
    const rule = rules.find((r) => r.class === c.name);
    if (rule === undefined) return poolNames.map((_, k) => k);
    const names = typeof rule.pool === 'string' ? [rule.pool] : rule.pool;
    return poolNames.map((_, k) => k).filter((k) => names.includes(poolNames[k]));
  });
}

export function checkPoolRouting(config: ScenarioConfig): Problem[] {
  const { poolRules, poolWeights } = config.router;
  if (poolRules === undefined && poolWeights === undefined) return [];
  const problems: Problem[] = [];
  if (config.pools === undefined) {
    const field = poolRules !== undefined ? 'router.poolRules' : 'router.poolWeights';
    return [{ path: field, message: `${field.slice(7)} routes over pools, but the scenario declares no pools`, suggestion: 'declare pools: (each with a name), or remove the field' }];
  }
  const poolNames = config.pools.map((p) => p.name);
  const classNames = requestClassesOf(config).classes.map((c) => c.name);
  const seen = new Set<string>();
  (poolRules ?? []).forEach((rule, i) => {
    const at = `router.poolRules.${i}`;
    if (!classNames.includes(rule.class)) {
      problems.push({ path: `${at}.class`, message: `no workload class is named '${rule.class}' (classes: ${classNames.map((n) => `'${n}'`).join(', ')})`, suggestion: didYouMean(rule.class, classNames) ?? 'use a workload.classes name' });
    } else if (seen.has(rule.class)) {
      problems.push({ path: `${at}.class`, message: `class '${rule.class}' has an earlier rule; one rule per class`, suggestion: 'merge the pools into one rule: pool: [a, b]' });
    }
    seen.add(rule.class);
    const names = typeof rule.pool === 'string' ? [rule.pool] : rule.pool;
    names.forEach((name, j) => {
      if (poolNames.includes(name)) return;
      const path = typeof rule.pool === 'string' ? `${at}.pool` : `${at}.pool.${j}`;
      problems.push({ path, message: `no pool is named '${name}' (pools: ${poolNames.map((n) => `'${n}'`).join(', ')})`, suggestion: didYouMean(name, poolNames) ?? 'use a pools[].name' });
    });
  });
  for (const name of Object.keys(poolWeights ?? {})) {
    if (!poolNames.includes(name)) {
      problems.push({ path: `router.poolWeights.${name}`, message: `no pool is named '${name}' (pools: ${poolNames.map((n) => `'${n}'`).join(', ')})`, suggestion: didYouMean(name, poolNames) ?? 'use a pools[].name' });
    }
  }
  if (problems.length > 0) return problems;
  const allowed = allowedPoolsOf(config);
  allowed.forEach((pools, c) => {
    const reachable = poolWeights === undefined ? pools : pools.filter((k) => (poolWeights[poolNames[k]] ?? 0) > 0);
    if (reachable.length > 0) return;
    const ruleAt = (poolRules ?? []).findIndex((r) => r.class === classNames[c]);
    problems.push({
      path: poolWeights === undefined ? `router.poolRules.${ruleAt}` : 'router.poolWeights',
      message: `no pool may serve class '${classNames[c]}': ${poolWeights === undefined ? 'its rule names no pool' : `every pool it may go to (${pools.map((k) => `'${poolNames[k]}'`).join(', ')}) has weight 0`}`,
      suggestion: 'give one of its pools a positive weight, or change its rule',
    });
  });
  return problems;
}
