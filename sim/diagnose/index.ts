// Public face of the diagnose room: bottleneck evidence from a baseline's replications (observe,
// rules), candidate remedies (remedies, patch), each simulated with study's compare machinery on
// common random numbers and ranked (rank). `Diagnosis` is the plain data the CLI prints
// (report/diagnose-table.ts), writes (diagnose.json) and the HTML report reads.
export type { BottleneckKind, Diagnosis, Effect, Evidence, Finding, Observations, Prescription, Remedy, SkippedRemedy, Tier } from './types.ts';
export { DEFAULT_DIAGNOSE_REPLICATIONS, DiagnoseInputError, diagnoseRefusal, diagnoseScenario, type DiagnoseOptions } from './diagnose.ts';
export { observe } from './observe.ts';
export { decodeSlopeObservations, ttftPromptCorrelation, ttftPromptFit, ttftSlopeObservations } from './slopes.ts';
export { LineFold, type LineFit } from './line-fit.ts';
export { StepProbe } from './step-probe.ts';
export { SUPPORT_BONUS, findings, noBottleneck } from './rules.ts';
export { MAX_REMEDIES, candidateRemedies, otherGpu } from './remedies.ts';
export { patchScenario, type PatchResolveOptions } from './patch.ts';
export { PRIMARY_METRICS, rankPrescriptions, sloMissed } from './rank.ts';
export * as THRESHOLDS from './thresholds.ts';
