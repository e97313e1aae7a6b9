// Public face of the study room: many runs of one question. TEMPORARY index (compare branch):
// the "study" engineer owns this file; at merge, keep study's exports and add the compare lines.
export { replicationSeed } from './seeds.ts';
export { tInterval, type Interval } from './interval.ts';
export { runMany, type SimulationJob } from './run-many.ts';
// compare (owned by the compare branch):
export { configDiff, formatDifference, type ConfigDifference } from './config-diff.ts';
export { COMPARE_METRICS, HEADLINE_METRICS, type Better, type CompareMetric, type MetricUnit } from './compare-metrics.ts';
export { compareMetric, type MetricComparison } from './compare-stats.ts';
export { welchHalfWidth, type WelchTerms } from './compare-welch.ts';
export { metricVerdict } from './compare-verdict.ts';
export {
  COMPARE_CONFIDENCE,
  CompareInputError,
  DEFAULT_COMPARE_REPLICATIONS,
  compareScenarios,
  compareSeeds,
  compareSummaries,
  comparisonOf,
  type CompareOptions,
  type CompareResult,
  type MetricResult,
  type ScenarioComparison,
} from './compare.ts';
