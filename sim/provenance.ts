// What a run simulated, for summary.json: the sakiyomi version and the resolved scenario — the
// model and GPU ids, tp/pp/replicas, precision, the engine settings in force (preset values with
// the file's overrides), cost model, router, workload, generation, speculative decoding, SLO,
// metrics, power and simulation sections, defaults filled in by the schema. With pools, the
// hardware, precision, engine and cost model are recorded per pool (`pools`, each merged) instead.
// Invariants: a pure function of the Scenario; key order fixed here (then the schema's order
// inside each section), so summary.json stays byte-identical across runs.
// NOTE: the scenario's name, seed and file path are left out: summary.json already has
// `scenario` and `seed` (the seed actually used, after --seed), and a file path is machine-specific.

import { sakiyomiVersion } from './package-root.ts';
import type { Scenario } from './scenario/index.ts';

/** The resolved scenario as recorded in summary.json's `resolved` key. */
export function resolvedScenarioRecord(scenario: Scenario): Record<string, unknown> {
  const { config } = scenario;
  return {
    model: scenario.model.id,
    ...(typeof config.model === 'string' ? {} : { modelSource: config.model }),
    ...(scenario.draftModel === undefined ? {} : { draftModel: scenario.draftModel.id }),
    ...(scenario.pools === undefined ? oneKind(scenario) : { pools: scenario.pools.map((p) => ({ name: p.name, ...oneKind(p.scenario) })) }),
    router: config.router,
    workload: config.workload,
    ...(config.generation === undefined ? {} : { generation: config.generation }),
    ...(config.speculative === undefined ? {} : { speculative: config.speculative }),
    slo: config.slo,
    metrics: config.metrics,
    power: config.power,
    simulation: config.simulation,
  };
}

/** What one replica kind is made of: the scenario's, or (with pools, in `pools`) each pool's merged one. */
function oneKind(scenario: Scenario): Record<string, unknown> {
  const { config } = scenario;
  return {
    hardware: { ...config.hardware, gpu: scenario.gpu.id },
    precision: config.precision,
    engine: scenario.engine,
    costModel: config.costModel,
  };
}

/** summary.json's provenance keys for a scenario: { sakiyomiVersion, resolved }. */
export function summaryProvenance(scenario: Scenario): { sakiyomiVersion: string; resolved: Record<string, unknown> } {
  return { sakiyomiVersion: sakiyomiVersion(), resolved: resolvedScenarioRecord(scenario) };
}
