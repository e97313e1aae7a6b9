// Public face of the study room: many simulations of one question. Today: replications on a
// worker-thread pool (runMany, runReplications), their Student t intervals and the replicated
// summary, the seed rule. compare (paired differences on common random numbers) builds on these.
// Invariants: the only room that starts threads (run-many.ts); every result is a deterministic
// function of (scenarios, seeds), whatever the number of threads.

export { MAX_SEED, SEED_RULE, isExactSeed, parseSeedText, replicationSeed } from './seeds.ts';
export { relativeHalfWidth, tInterval, tQuantile, type Interval } from './interval.ts';
export { createJobRunner, defaultJobs, runMany, type JobRunner, type RunManyOptions } from './run-many.ts';
export { requestsCsvOptions, runJob, type SimulationJob } from './run-job.ts';
export { replicatedMetric, replicatedSummary, type Replicated, type ReplicatedMetric, type ReplicatedSummary } from './replicated-summary.ts';
export { DEFAULT_PRECISION_METRICS, precisionChecks, precisionMet, precisionMetricsOf, summaryValue, type PrecisionCheck } from './precision.ts';
export {
  DEFAULT_MAX_REPLICATIONS,
  DEFAULT_PRECISION_START,
  runReplications,
  type ReplicatedRun,
  type ReplicationOptions,
  type ReplicationRecord,
  type StopReason,
} from './replications.ts';
export { SEED_RULE_TEXT, replicatedFile } from './replicated-file.ts';
export { replicatedSloVerdicts } from './replicated-slo.ts';
// compare: paired differences on common random numbers.
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
// plan files and sweeps: the configurations of `sakiyomi plan`.
export type { ConfigValues, Plan, PlanOptions, PlanPoint, PlanResult, PointResult, RatePoint, ScreenOptions } from './plan-types.ts';
export { expandSweep, parseSweep, rangeValues, withConfig } from './sweep.ts';
export { NO_SLO_TARGETS, loadPlan, planFromRaw } from './plan-file.ts';
// plan: a sweep's configurations, each searched (max rate under the SLO, fewest replicas), on one
// pool; results streamed to a resumable JSON-lines file; shards and their merge.
export { runPlan, type RunPlanOptions } from './plan-run.ts';
export { parseShardText, shardPoints, type Shard } from './plan-shard.ts';
export { mergePlanResults, mergeResultFiles } from './plan-merge.ts';
export {
  PLAN_RESULTS_FORMAT,
  PlanResultsError,
  asWritten,
  checkResumable,
  jsonLine,
  parseResultsText,
  planHash,
  planResultsHeader,
  type ParsedResults,
  type PlanResultsHeader,
} from './plan-jsonl.ts';
// plan search: per configuration the max rate under the SLO, the fewest replicas for a target,
// the figures at the operating point; the Pareto frontiers and the best configuration.
export { arrivalRate, probeRate, scenarioAt, type Probe, type ProbeContext } from './rate-probe.ts';
export { capacityBound, closedFormCapacity, saturatedScenario, type CapacityBound } from './capacity-bound.ts';
export { MAX_DOUBLINGS, MAX_HALVINGS, searchMaxRate, stepFactor, type MaxRateOptions, type MaxRateSearch } from './max-rate.ts';
export { searchMinReplicas, type MinReplicasOptions, type MinReplicasSearch } from './min-replicas.ts';
export { planPoint, type PointSearchOptions, type SearchStart } from './plan-point.ts';
export { activeScreen, nearFrontier, screenSearchOptions, screenedOut, searchStartOf } from './plan-screen.ts';
export { capacityParetoFlags, paretoFlags, pickBest } from './pareto.ts';
