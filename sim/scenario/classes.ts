// Request classes (endpoints): the list every room reads by index. A request's class is
// RequestSpec.classIndex (workload) → Request.classIndex (scheduler) → RequestRecord.classIndex
// (metrics); this file maps an index to the class's name, scheduling priority and SLO.
// Invariants: at least one class; names are unique; index 0 is the first class. A scenario that
// declares no classes has exactly one, named DEFAULT_CLASS_NAME, with priority 0 and the
// scenario's SLO; its summary reports no per-class section (`declared` is false). A scenario with
// workload.classes has those, in file order (classes-schema.ts defines the section).

import type { ScenarioConfig, SloConfig } from './schema.ts';

export const DEFAULT_CLASS_NAME = 'default';

export interface RequestClass {
  name: string;
  /** vLLM's priority policy: lower values are scheduled first (ties by arrival). 0 by default. */
  priority: number;
  /** The class's SLO (per-request thresholds and targets): its own, else the scenario's. */
  slo: SloConfig;
}

export interface RequestClasses {
  classes: RequestClass[];
  /** The scenario declared its classes (workload.classes, or endpoints from a trace). */
  declared: boolean;
}

/**
 * The classes of a scenario, by index: workload.classes in file order (declared), each with its
 * priority (default 0) and its SLO — its own `slo`, resolved by the same SloSchema as the
 * scenario's (thresholds from its targets, else the defaults), else the scenario's `slo`.
 */
export function requestClassesOf(config: ScenarioConfig): RequestClasses {
  const declared = config.workload.classes;
  if (declared === undefined) return { classes: [{ name: DEFAULT_CLASS_NAME, priority: 0, slo: config.slo }], declared: false };
  return { classes: declared.map((c) => ({ name: c.name, priority: c.priority, slo: c.slo ?? config.slo })), declared: true };
}

/**
 * Per-class speculative acceptance by workload class (speculative.acceptance kind 'per-class'
 * whose class names are workload.classes names): for each workload class, by classIndex, the
 * index of the acceptance class of the same name; a request then takes its endpoint's α and the
 * acceptance weights are unused. Null when the names do not overlap (or no classes are
 * declared): acceptance classes are then drawn by weight, independent of the endpoints, as
 * before. A partial overlap is refused at resolve time (classes-checks.ts).
 */
export function speculativeClassOf(config: ScenarioConfig): number[] | null {
  const declared = config.workload.classes;
  const acceptance = config.speculative?.acceptance;
  if (declared === undefined || acceptance?.kind !== 'per-class') return null;
  const byName = new Map(acceptance.classes.map((c, i) => [c.name, i]));
  if (!declared.some((c) => byName.has(c.name))) return null;
  return declared.map((c) => byName.get(c.name) ?? -1);
}
