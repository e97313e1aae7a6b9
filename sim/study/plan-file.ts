// TEMPORARY (plan branch): replaced at merge by the "sweep" engineer's loadPlan.
// loadPlan(file): a plan file = a scenario file plus `sweep:` (lists only here: cartesian, axes in
// file order, last fastest) and `plan:` (options with the documented defaults). Every
// configuration is resolved by the scenario resolver; one that fails is a skipped point with the
// resolver's message, never a crash.
// NOTE: no zip groups, no {from, to, steps} ranges, no checks of the plan section's fields.

import { MAX_SCENARIO_BYTES, ScenarioError, parseText, readInputFile, resolveScenario } from '../scenario/index.ts';
import type { ConfigValues, Plan, PlanOptions, PlanPoint } from './plan-types.ts';

const DEFAULTS: PlanOptions = { maxRate: true, tolerance: 0.02, replications: 5, maxReplicas: 64 };

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

export function loadPlan(file: string): Plan {
  const raw = parseText(file, readInputFile(file, { what: 'plan file', maxBytes: MAX_SCENARIO_BYTES }));
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError(file, [{ path: '', message: 'expected a mapping of fields at the top level' }]);
  }
  const { sweep, plan, ...scenario } = raw as Record<string, unknown>;
  const axes = Object.entries((sweep ?? {}) as Record<string, unknown[]>);
  const options: PlanOptions = { ...DEFAULTS, ...((plan ?? {}) as Partial<PlanOptions>) };
  const configs: ConfigValues[] = [{}];
  for (const [path, values] of axes) {
    const next: ConfigValues[] = [];
    for (const c of configs) for (const v of values) next.push({ ...c, [path]: v });
    configs.splice(0, configs.length, ...next);
  }
  const base = resolveScenario(structuredClone(scenario), { file });
  const points: PlanPoint[] = configs.map((config, index) => {
    const key = JSON.stringify(config);
    const copy = structuredClone(scenario);
    for (const [path, value] of Object.entries(config)) setPath(copy, path, value);
    try {
      return { index, key, config, scenario: resolveScenario(copy, { file }) };
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      return { index, key, config, skipped: e.message.split('\n').slice(1).map((l) => l.trim()).join('; ') || e.message };
    }
  });
  return { name: base.name, file, options, points };
}
