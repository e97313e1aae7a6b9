// Checks of router.poolRules / router.poolWeights against the scenario's pools and classes: both
// need `pools:`; every name is a pool (or class) with a did-you-mean (suggest.ts's
// unknownNameProblem); one rule per class; with weights, every class can reach a pool of
// positive weight (without weights every class reaches one: a rule names at least one pool).
// Invariants: pure; every problem names its field path. allowedPoolsOf is what the router uses.

import type { Problem } from './errors.ts';
import type { ScenarioConfig } from './schema.ts';
import { requestClassesOf } from './classes.ts';
import { unknownNameProblem } from './suggest.ts';

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
  const unknownPool = (path: string, name: string): Problem => unknownNameProblem(path, 'pool', 'pools', name, poolNames, 'use a pools[].name');
  const classNames = requestClassesOf(config).classes.map((c) => c.name);
  const seen = new Set<string>();
  (poolRules ?? []).forEach((rule, i) => {
    const at = `router.poolRules.${i}`;
    if (!classNames.includes(rule.class)) {
      problems.push(unknownNameProblem(`${at}.class`, 'workload class', 'classes', rule.class, classNames, 'use a workload.classes name'));
    } else if (seen.has(rule.class)) {
      problems.push({ path: `${at}.class`, message: `class '${rule.class}' has an earlier rule; one rule per class`, suggestion: 'merge the pools into one rule: pool: [a, b]' });
    }
    seen.add(rule.class);
    const names = typeof rule.pool === 'string' ? [rule.pool] : rule.pool;
    names.forEach((name, j) => {
      if (poolNames.includes(name)) return;
      problems.push(unknownPool(typeof rule.pool === 'string' ? `${at}.pool` : `${at}.pool.${j}`, name));
    });
  });
  for (const name of Object.keys(poolWeights ?? {})) {
    if (!poolNames.includes(name)) {
      problems.push(unknownPool(`router.poolWeights.${name}`, name));
    }
  }
  // Every rule names at least one pool (the schema) and every name is a pool (above), so only
  // weights can leave a class without a pool: each pool it may go to weighs 0.
  if (problems.length > 0 || poolWeights === undefined) return problems;
  allowedPoolsOf(config).forEach((pools, c) => {
    if (pools.some((k) => (poolWeights[poolNames[k]] ?? 0) > 0)) return;
    problems.push({
      path: 'router.poolWeights',
      message: `no pool may serve class '${classNames[c]}': every pool it may go to (${pools.map((k) => `'${poolNames[k]}'`).join(', ')}) has weight 0`,
      suggestion: 'give one of its pools a positive weight, or change its rule',
    });
  });
  return problems;
}
