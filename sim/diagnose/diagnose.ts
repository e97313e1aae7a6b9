// `diagnose`: the baseline's replications → observations → the bottleneck and the secondary
// constraints (rules.ts) → the candidate remedies (remedies.ts) applied to the scenario (patch.ts)
// → every remedy run on the baseline's replication seeds (common random numbers) and compared
// with it by study's comparisonOf (paired differences, 95% intervals) → ranked (rank.ts).
// Replication 0 of the baseline runs in the calling thread with its request records kept and a
// step probe listening (the TTFT–prompt correlation and the slopes need them); every other run
// goes to one worker pool.
// Invariants: a pure function of (scenario, seeds, resolve options) — runMany returns results in
// job order; seeds are compare's (replicationSeed(base, i), base = options.seed ?? the scenario's
// seed); at most MAX_REMEDIES remedies, so (1 + MAX_REMEDIES) × replications simulations.
// Pools: each pool judged on its own figures (observe-pools.ts, pool-rules.ts), its remedies moved
// into it (pool-remedies.ts); the effects are the cluster's metrics (compare's).

import type { RunResult } from '../metrics/index.ts';
import { runScenario } from '../run.ts';
import type { Scenario } from '../scenario/index.ts';
import { comparisonOf, compareSeeds, createJobRunner } from '../study/index.ts';
import { observe } from './observe.ts';
import { patchScenario, type PatchResolveOptions } from './patch.ts';
import { rankPrescriptions, sloMissed } from './rank.ts';
import { candidateRemedies } from './remedies.ts';
import { poolFindings } from './pool-rules.ts';
import { findings, noBottleneck } from './rules.ts';
import { StepProbe } from './step-probe.ts';
import type { Diagnosis, Remedy, SkippedRemedy } from './types.ts';

export const DEFAULT_DIAGNOSE_REPLICATIONS = 5;

/** What the comparisons of a changing fleet rest on (fleet-remedies.ts). */
function fleetNotes(scenario: Scenario): string[] {
  const notes: string[] = [];
  const { autoscale } = scenario.config.hardware;
  const failures = scenario.config.failures;
  if (autoscale !== undefined) notes.push('autoscaling: decisions follow the arrivals, the same in every remedy (paired); the routing balance is not judged (released replicas would read as idle)');
  if (failures?.events !== undefined && failures.mtbfSeconds === undefined) notes.push('failures at given times: the same in every remedy (paired)');
  if (failures?.mtbfSeconds !== undefined) {
    notes.push(
      autoscale === undefined
        ? 'failures at a rate: each replica\'s failure times come from its own stream over its up-time, the same in every remedy that keeps the fleet; an added replica fails at its own times (unpaired)'
        : 'failures at a rate with autoscaling: a replica\'s failure clock runs while it is held, so a remedy that changes the scaling moves the failures: those effects mix the remedy with other failure times (not paired)',
    );
  }
  return notes;
}

/** Bad arguments to diagnose (autoscaling or failures with pools, fewer than 2 replications): exit 2. */
export class DiagnoseInputError extends Error {}

export interface DiagnoseOptions {
  /** Replications of the baseline and of every remedy (≥ 2; default DEFAULT_DIAGNOSE_REPLICATIONS). */
  replications?: number;
  /** Base seed of the replication seeds (default: the scenario's seed). */
  seed?: number;
  /** Threads, the calling one included. */
  jobs?: number;
  /** Readers for a remedy's re-resolution (an hfConfig model, a trace file), as the scenario was loaded. */
  resolve?: PatchResolveOptions;
  onDone?: (done: number, total: number) => void;
}

/**
 * Why diagnose cannot take this scenario (one line, with what to run instead), or undefined when
 * it can. Autoscaling and failures are diagnosed for a fleet without pools (cold starts, recovery);
 * with pools they are not judged per pool yet (a pool's autoscaler or failures would need their
 * own evidence and pools.<i>. remedies).
 */
export function diagnoseRefusal(scenario: Scenario): string | undefined {
  const pools = scenario.config.pools;
  if (pools === undefined) return undefined;
  const scaled = scenario.config.hardware.autoscale !== undefined || pools.some((p) => p.hardware?.autoscale !== undefined);
  if (!scaled && scenario.config.failures === undefined) return undefined;
  return `diagnose does not judge autoscaling or failures per pool yet (${scenario.name} has pools with ${scaled ? 'autoscaling' : 'failures'}); diagnose the pools as a fixed fleet (without autoscale and failures), or one pool's fleet on its own with them`;
}

export async function diagnoseScenario(scenario: Scenario, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  const refused = diagnoseRefusal(scenario);
  if (refused !== undefined) throw new DiagnoseInputError(refused);
  const replications = options.replications ?? DEFAULT_DIAGNOSE_REPLICATIONS;
  if (!Number.isInteger(replications) || replications < 2) {
    throw new DiagnoseInputError(`--replications must be an integer of at least 2 (got ${replications}): an interval needs two replications`);
  }
  const seeds = compareSeeds(options.seed ?? scenario.config.seed, replications);
  const runner = createJobRunner(options.jobs);
  try {
    // Replication 0 with its records (the per-request evidence); its summary is the same as without.
    const probe = new StepProbe();
    const detail = runScenario(scenario, { seed: seeds[0], keepRequests: true, observe: (inner) => probe.wrap(inner) });
    let done = 1;
    const estimate = replications * 4;
    options.onDone?.(done, estimate);
    const rest = await runner.run(seeds.slice(1).map((seed) => ({ scenario, seed })), () => options.onDone?.(++done, estimate));
    const { requests: _records, ...detailSummary } = detail;
    const baseRuns: RunResult[] = [detailSummary, ...rest];

    const observations = observe(scenario, baseRuns, detail, probe);
    const found = scenario.pools === undefined ? findings(observations) : poolFindings(observations, scenario.pools.map((p) => p.name));
    const bottleneck = found[0] ?? noBottleneck(observations);
    const remedies: Remedy[] = [];
    const scenarios: Scenario[] = [];
    const skipped: SkippedRemedy[] = [];
    for (const remedy of candidateRemedies(scenario, found, observations)) {
      const patched = patchScenario(scenario, remedy.pool === undefined ? remedy.remedy : `${remedy.remedy}-${remedy.pool}`, remedy.changes, options.resolve);
      if ('skipped' in patched) skipped.push({ remedy: remedy.remedy, ...(remedy.pool === undefined ? {} : { pool: remedy.pool }), reason: patched.skipped });
      else {
        remedies.push(remedy);
        scenarios.push(patched.scenario);
      }
    }
    const total = replications * (1 + scenarios.length);
    const jobs = scenarios.flatMap((s) => seeds.map((seed) => ({ scenario: s, seed })));
    const results = await runner.run(jobs, () => options.onDone?.(++done, total));
    const runs = scenarios.map((_, k) => results.slice(k * replications, (k + 1) * replications));
    const comparison = comparisonOf([scenario, ...scenarios], [baseRuns, ...runs], seeds);
    const baseSummaries = baseRuns.map((r) => r.summary);
    const prescriptions = rankPrescriptions(bottleneck.kind, remedies, comparison, baseSummaries, runs.map((rs) => rs.map((r) => r.summary)));
    return {
      scenario: scenario.name,
      replications,
      seeds,
      bottleneck,
      secondary: found.slice(1),
      observations,
      baseline: { usdPer1kOutputTokens: observations.usdPer1kOutputTokens, sloMissed: sloMissed(baseSummaries) },
      prescriptions,
      skipped,
      notes: [
        `evidence: means over ${replications} replications of the baseline; the TTFT-prompt correlation and mean output length from replication 0's request records`,
        'effects: each remedy against the baseline on the same seeds (paired differences, 95% Student t intervals, as sakiyomi compare)',
        ...fleetNotes(scenario),
      ],
    };
  } finally {
    await runner.close();
  }
}
