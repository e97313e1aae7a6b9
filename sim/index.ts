// sakiyomi's public API: what a library user imports.
//   const scenario = loadScenario('scenarios/default.yaml');
//   const result = runScenario(scenario, { seed: 1 });
//   result.summary.ttftSeconds.p99
export { loadScenario, resolveScenario, ScenarioError, ScenarioSchema, scenarioJsonSchema } from './scenario/index.ts';
export type { Scenario, ScenarioConfig, ScenarioInput, Problem } from './scenario/index.ts';
export { runScenario, type RunOptions } from './run.ts';
export type { RunResult, Summary, LatencyStats, ReplicaReport, TimeSeriesPoint, RequestColumns } from './metrics/index.ts';
export { GPUS, MODELS, findGpu, findModel } from './hardware/index.ts';
export type { GpuSpec, ModelSpec, StepBreakdown, CostModel } from './hardware/index.ts';
export type { SchedulerOutput } from './step/index.ts';
