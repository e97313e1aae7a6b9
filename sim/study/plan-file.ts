// A plan file to a Plan: a scenario file plus `sweep` (axes, sweep.ts) and `plan` (what to
// search, plan-schema.ts), both removed before each configuration is resolved. Each configuration
// is the base with its values set (withConfig), named `<plan name>-<index>`, and resolved with
// the scenario resolver; a configuration that does not resolve (tp not dividing the heads, a
// model too big for its GPUs) or whose precision its GPU has no tensor cores for (FP4 on Hopper)
// is a point with `skipped: <reason, one line>`, never an error.
// Plan-level problems are errors (ScenarioError naming the file and the field, exit 2): a
// malformed sweep or plan section, nothing to search (maxRate false and no target), a
// configuration without SLO targets, an arrival that is not rate-based, and a plan in which no
// configuration resolves (the base itself is broken: its first configuration's problems).
// Invariants: pure apart from readInputFile (loadPlan); points are numbered 0… in sweep order;
// the plan name is the file's `name` or its base name as a safe slug.

import { sloTargets } from '../metrics/index.ts';
import {
  PlanSectionSchema,
  SAFE_NAME,
  SAFE_NAME_RULE,
  MAX_SCENARIO_BYTES,
  ScenarioError,
  formatProblem,
  hfConfigReader,
  traceFileResolver,
  parseText,
  precisionFallbacks,
  readInputFile,
  resolveScenario,
  type Problem,
  type ResolveOptions,
  type Scenario,
  type SweepSection,
} from '../scenario/index.ts';
import type { Plan, PlanOptions, PlanPoint } from './plan-types.ts';
import { expandSweep, parseSweep, withConfig } from './sweep.ts';

/** Arrival kinds whose rate a plan can vary. */
const RATE_ARRIVALS = ['poisson', 'gamma', 'constant'];

export const NO_SLO_TARGETS = 'a plan needs SLO targets, e.g. slo: { ttft: { p95: 1 } }';

/** The plan in `file` (YAML, or JSON by extension, as scenario files); a ScenarioError when it is not a plan. */
export function loadPlan(file: string): Plan {
  const text = readInputFile(file, { what: 'plan', maxBytes: MAX_SCENARIO_BYTES });
  return planFromRaw(parseText(file, text), file, { readJson: hfConfigReader(file), resolveTraceFile: traceFileResolver(file) });
}

/** The plan from parsed data (`file` for messages and the default name). */
export function planFromRaw(raw: unknown, file: string, resolveOptions: Pick<ResolveOptions, 'readJson' | 'resolveTraceFile'> = {}): Plan {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError(file, [{ path: '', message: 'expected a mapping of fields at the top level (a scenario with sweep and plan sections)' }]);
  }
  const { sweep, plan, ...base } = raw as Record<string, unknown>;
  const problems: Problem[] = [];
  let sweepSection: SweepSection | undefined;
  try {
    sweepSection = sweep === undefined ? undefined : parseSweep(sweep, file);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    problems.push(...e.problems);
  }
  // The search sets the arrival rate itself (the max rate; the target for the fewest replicas):
  // a rate axis would repeat the same search once per value.
  if (sweepSection !== undefined && 'workload.arrival.ratePerSecond' in sweepSection) {
    problems.push({
      path: 'sweep.workload.arrival.ratePerSecond',
      message: 'a plan searches the arrival rate itself (the max rate meeting the SLO), so it cannot be swept',
      suggestion: 'drop the axis; use plan.target: { ratePerSecond } for the fewest replicas at a rate',
    });
  }
  const options = planOptions(plan, problems);
  const name = planName(base.name, file, problems);
  if (problems.length > 0) throw new ScenarioError(file, problems);

  const readJson = cachedReader(resolveOptions.readJson);
  const points: PlanPoint[] = expandSweep(sweepSection, file).map((config, index) => {
    const key = JSON.stringify(config);
    const pointRaw = withConfig(base, config);
    pointRaw.name = pointName(name, index);
    try {
      const scenario = resolveScenario(pointRaw, { file, ...(readJson ? { readJson } : {}), ...(resolveOptions.resolveTraceFile ? { resolveTraceFile: resolveOptions.resolveTraceFile } : {}) });
      const fallbacks = precisionFallbacks(scenario.gpu, scenario.config.precision);
      if (fallbacks.length > 0) return { index, key, config, skipped: `${fallbacks.join('; ')} (a plan compares what each GPU runs natively)` };
      checkPlanScenario(scenario, config, file);
      return { index, key, config, scenario };
    } catch (e) {
      if (!(e instanceof ScenarioError) || e instanceof PlanError) throw e;
      return { index, key, config, skipped: oneLine(e.problems) };
    }
  });
  if (!points.some((p) => p.scenario)) {
    const first = points[0];
    throw new ScenarioError(file, [{ path: '', message: `no configuration of the plan is valid (${points.length} skipped); the first: ${first.skipped}` }]);
  }
  return { name, file, options, points };
}

/** The plan section with its defaults; problems at `plan.<field>`. */
function planOptions(section: unknown, problems: Problem[]): PlanOptions {
  const parsed = PlanSectionSchema.safeParse(section ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const sub = issue.path.map(String).join('.');
      const keys = issue.code === 'unrecognized_keys' ? ` ${issue.keys.map((k) => `'${k}'`).join(', ')}` : '';
      problems.push({
        path: sub === '' ? 'plan' : `plan.${sub}`,
        message: `${issue.message.replace(/^Too (small|big): /, '')}${keys}`,
        suggestion: 'plan takes maxRate (true/false), target: { ratePerSecond }, tolerance (0–1), replications, maxReplicas, screen (false, or { replications, tolerance, margin, minConfigurations })',
      });
    }
    return { maxRate: true, tolerance: 0.02, replications: 5, maxReplicas: 64, screen: false };
  }
  const { target, ...rest } = parsed.data;
  if (!rest.maxRate && target === undefined) {
    problems.push({ path: 'plan', message: 'nothing to search: maxRate is false and there is no target', suggestion: 'set maxRate: true, or target: { ratePerSecond: 20 } for the fewest replicas at that rate' });
  }
  return { maxRate: rest.maxRate, ...(target ? { target } : {}), tolerance: rest.tolerance, replications: rest.replications, maxReplicas: rest.maxReplicas, screen: rest.screen };
}

function planName(name: unknown, file: string, problems: Problem[]): string {
  if (name === undefined) return slug(file);
  if (typeof name === 'string' && SAFE_NAME.test(name)) return name;
  problems.push({ path: 'name', message: `got ${typeof name === 'string' ? JSON.stringify(name.slice(0, 40)) : typeof name}; ${SAFE_NAME_RULE}` });
  return 'plan';
}

/** `<name>-<index>`, the name cut so that the whole stays a safe name (at most 100 characters). */
function pointName(name: string, index: number): string {
  const suffix = `-${index}`;
  return `${name.slice(0, 100 - suffix.length)}${suffix}`;
}

/** The file's base name as a safe name (as resolve.ts names a scenario without `name`). */
function slug(file: string): string {
  const last = (file.split(/[\\/]/).pop() ?? file).replace(/\.(ya?ml|json)$/i, '');
  const s = last.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '').slice(0, 90);
  return s === '' ? 'plan' : s;
}

/** Errors of the plan itself (not of one configuration): thrown, never a skipped point. */
class PlanError extends ScenarioError {}

/** What every configuration of a plan needs: SLO targets to judge, an arrival rate to vary. */
function checkPlanScenario(scenario: Scenario, config: Record<string, unknown>, file: string): void {
  const which = Object.keys(config).length > 0 ? ` (configuration ${JSON.stringify(config)})` : '';
  if (sloTargets(scenario.config.slo).length === 0) {
    throw new PlanError(file, [{ path: 'slo', message: `${NO_SLO_TARGETS}${which}` }]);
  }
  const arrival = scenario.config.workload.arrival;
  if (arrival === undefined || !RATE_ARRIVALS.includes(arrival.kind)) {
    throw new PlanError(file, [{
      path: 'workload.arrival.kind',
      message: `a plan varies the arrival rate, so the arrival must be rate-based (poisson, gamma or constant, with ratePerSecond); got ${arrival === undefined ? 'none (a trace replay, or every class with its own arrival)' : `'${arrival.kind}'`}${which}`,
      suggestion: "try arrival: { kind: poisson, ratePerSecond: 10 }",
    }]);
  }
}

/** A configuration's problems on one line. */
function oneLine(problems: readonly Problem[]): string {
  return problems.map((p) => formatProblem(p).replace(/\s*\n\s*/g, ' ')).join('; ');
}

/** The same file is read once for every configuration that names it. */
function cachedReader(read: ((path: string) => unknown) | undefined): ((path: string) => unknown) | undefined {
  if (!read) return undefined;
  const cache = new Map<string, { value?: unknown; error?: unknown }>();
  return (path) => {
    let hit = cache.get(path);
    if (!hit) {
      try {
        hit = { value: read(path) };
      } catch (error) {
        hit = { error };
      }
      cache.set(path, hit);
    }
    if (hit.error !== undefined) throw hit.error;
    return structuredClone(hit.value);
  };
}
