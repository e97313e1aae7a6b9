// The scenario room: the file format (zod schema, the only definition), its JSON Schema, the
// loader and the resolver that checks names against the catalogs with suggestions.
export * from './schema.ts';
export { ScenarioError, ScenarioErrors, formatProblem, formatProblems, type Problem } from './errors.ts';
export { BLOCK_SIZES, ENGINE_PRESETS, resolveEngine, type EnginePresetId, type KvAdmission, type KvLayout, type ResolvedEngine } from './engine-presets.ts';
export { DEFAULT_CLASS_NAME, requestClassesOf, type RequestClass, type RequestClasses } from './classes.ts';
export { resolveScenario, type Scenario, type ResolveOptions } from './resolve.ts';
export { hfConfigReader, loadScenario, loadScenarios, parseText, traceFileResolver } from './load.ts';
export { MAX_HF_CONFIG_BYTES, MAX_MEASUREMENTS_BYTES, MAX_SCENARIO_BYTES, readInputFile, type ReadInputOptions } from './read-input.ts';
export { scenarioJsonSchema, knownFieldNames } from './json-schema.ts';
export { didYouMean } from './suggest.ts';
export { MIN_TRUNCATED_MASS, minDraw } from './workload-checks.ts';
export { replicaKvCapacity } from './fit-checks.ts';
export {
  AxisSchema,
  MAX_CONFIGURATIONS,
  MAX_RANGE_STEPS,
  PlanSectionSchema,
  RangeSchema,
  SweepSchema,
  ZipSchema,
  precisionFallbacks,
  scenarioFieldPaths,
  type AxisSection,
  type PlanSection,
  type RangeSection,
  type SweepSection,
} from './plan-schema.ts';
