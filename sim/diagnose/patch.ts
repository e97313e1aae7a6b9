// A remedy applied to a scenario: the resolved configuration with the remedy's {dotted path:
// value} changes set by study's withConfig (the one patcher, shared with plan sweeps), resolved
// again by the scenario resolver, named `<scenario>-<remedy>`. A remedy that does not resolve
// (the model no longer fits, a path the schema refuses) or whose precision the GPU would run by a
// fallback the baseline does not have is skipped with its reason in one line, never an error.
// Pools: every pool's sections are written out first (explicitPools), so a pools.<i>.… change
// touches that pool alone and the other pools resolve as they did.
// Invariants: pure apart from the resolve options' readers (the CLI passes the file's readers so
// an hfConfig model or a trace file resolves as it did); the baseline itself is never changed.

import { MAX_NAME_LENGTH, ScenarioError, formatProblem, precisionFallbacks, resolveScenario, type ResolveOptions, type Scenario } from '../scenario/index.ts';
import { withConfig } from '../study/index.ts';

/**
 * The scenario's configuration as a raw scenario, with every pool's sections written out in full
 * (its merged hardware, precision, engine and cost model). A resolved scenario with pools carries
 * pool 0's merged sections at the top level, so a pool that inherited a section would, re-resolved,
 * inherit pool 0's instead of the file's top level; written out, every pool keeps its own, and a
 * change of pools.<i>.precision.kvCache changes that one field of that one pool.
 */
function explicitPools(base: Scenario): Record<string, unknown> {
  const raw = structuredClone(base.config) as unknown as Record<string, unknown>;
  if (base.pools === undefined || base.config.pools === undefined) return raw;
  raw.pools = base.config.pools.map((pool, k) => {
    const c = base.pools![k].scenario.config;
    const h = c.hardware;
    return structuredClone({
      ...pool,
      hardware: { gpu: h.gpu, tp: h.tp, ...(h.pp === undefined ? {} : { pp: h.pp }), numReplicas: h.numReplicas, ...(h.usdPerGpuHour === undefined ? {} : { usdPerGpuHour: h.usdPerGpuHour }) },
      precision: c.precision,
      engine: c.engine,
      costModel: c.costModel,
    });
  });
  return raw;
}

export type PatchResolveOptions = Pick<ResolveOptions, 'readJson' | 'resolveTraceFile'>;

/** The scenario with `changes` applied, or the reason it cannot be. */
export function patchScenario(base: Scenario, remedy: string, changes: Record<string, unknown>, options: PatchResolveOptions = {}): { scenario: Scenario } | { skipped: string } {
  const raw = withConfig(explicitPools(base), changes);
  const suffix = `-${remedy}`;
  raw.name = `${base.name.slice(0, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
  try {
    const scenario = resolveScenario(raw, { file: base.file, ...options });
    const before = new Set(precisionFallbacks(base.gpu, base.config.precision));
    const fallbacks = precisionFallbacks(scenario.gpu, scenario.config.precision).filter((f) => !before.has(f));
    if (fallbacks.length > 0) return { skipped: fallbacks.join('; ') };
    return { scenario };
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return { skipped: e.problems.map((p) => formatProblem(p).replace(/\s*\n\s*/g, ' ')).join('; ') };
  }
}
