// The scenario room: the file format (zod schema, the only definition), its JSON Schema, the
// loader and the resolver that checks names against the catalogs with suggestions.
export * from './schema.ts';
export { MAX_SCHEDULE_POINTS, TIME_VARYING_KINDS, type DailyArrivalConfig, type OnOffArrivalConfig, type ScheduleArrivalConfig, type TimeVaryingArrivalConfig } from './arrival-schedule-schema.ts';
export { dailyScale, profileCumulative, profileRateAt, rateProfileOf, timeVaryingCumulative, timeVaryingRateAt, type RateProfile, type RateSegment } from './arrival-profile.ts';
export { ScenarioError, ScenarioErrors, formatProblem, formatProblems, type Problem } from './errors.ts';
export { BLOCK_SIZES, ENGINE_PRESETS, SCHEDULING_POLICIES, engineOf, resolveEngine, type EnginePresetId, type EnginePresetRef, type KvAdmission, type KvLayout, type ResolvedEngine } from './engine-presets.ts';
export { CLASS_NAME_RULE, MAX_CLASSES } from './classes-schema.ts';
export { DEFAULT_CLASS_NAME, requestClassesOf, speculativeClassOf, type RequestClass, type RequestClasses } from './classes.ts';
export { resolveScenario, type PoolScenario, type Scenario, type ResolveOptions } from './resolve.ts';
export { MAX_POOLS, POOL_NAME_RULE } from './pools-schema.ts';
export { hfConfigReader, loadScenario, loadScenarios, parseText, traceFileResolver } from './load.ts';
export { MAX_HF_CONFIG_BYTES, MAX_MEASUREMENTS_BYTES, MAX_SCENARIO_BYTES, readInputFile, type ReadInputOptions } from './read-input.ts';
export { scenarioJsonSchema, knownFieldNames } from './json-schema.ts';
export { ENGINE_IDS, ENGINE_RELEASES, compareReleases, engineIdOf, parseEnginePreset, releaseNumber, type EngineRelease, type EnginePresetChoice } from './engine-releases.ts';
export { didYouMean } from './suggest.ts';
export { allowedPoolsOf } from './router-pools-checks.ts';
export { MIN_TRUNCATED_MASS, minDraw } from './workload-checks.ts';
export { replicaKvCapacity } from './fit-checks.ts';
export { trtllmBenchLimits, trtllmBenchSettings, trtllmBenchTunesBatchSize, type TrtllmBenchSettings } from './trtllm-bench-settings.ts';
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
export { AutoscaleSchema, DEFAULT_STORAGE_GBPS, type AutoscaleConfig } from './autoscale-schema.ts';
export { FailuresSchema, type FailuresConfig } from './failures-schema.ts';
export { builtReplicas } from './availability-checks.ts';
