// The result of a plan from its configurations' results, however they were obtained: one run,
// a resumed run, or the results files of its shards. runPlan ends with this function too, so
// "3 shards + merge" and "one run" produce the same PlanResult by construction.
// Invariants: duplicates (the same key twice: a shard rerun, a file given twice) count once —
// the first one; configurations come in plan order (index); pareto flags (cost, p95 TTFT, p95
// TPOT: `pareto`; GPUs against max rate: `paretoCapacity`), best and the
// simulation count are computed over that list only, so they do not depend on the finishing
// order or the number of files.
// mergeResultFiles checks the files first: one plan (one hash), and every configuration present.

import { capacityParetoFlags, paretoFlags, pickBest } from './pareto.ts';
import { PlanResultsError, type ParsedResults } from './plan-jsonl.ts';
import type { PlanResult, PointResult } from './plan-types.ts';

export function mergePlanResults(lines: readonly PointResult[]): PlanResult {
  const byKey = new Map<string, PointResult>();
  for (const r of lines) if (!byKey.has(r.key)) byKey.set(r.key, r);
  const sorted = [...byKey.values()].sort((a, b) => a.index - b.index);
  const flags = paretoFlags(sorted);
  const capacity = capacityParetoFlags(sorted);
  const configurations = sorted.map((r, i) => ({ ...r, pareto: flags[i], paretoCapacity: capacity[i] }));
  const best = pickBest(configurations);
  const simulations = configurations.reduce((sum, r) => sum + r.simulations, 0);
  return { configurations, ...(best === undefined ? {} : { best }), simulations };
}

/** Merges parsed results files of one plan; PlanResultsError when they belong to different plans or configurations are missing. */
export function mergeResultFiles(files: readonly { file: string; parsed: ParsedResults }[]): PlanResult {
  if (files.length === 0) throw new PlanResultsError('merge needs at least one results file');
  const first = files[0];
  for (const f of files.slice(1)) {
    if (f.parsed.header.hash !== first.parsed.header.hash) {
      throw new PlanResultsError(
        `${f.file} holds results of a different plan than ${first.file} (${f.parsed.header.plan} hash ${f.parsed.header.hash.slice(0, 12)} vs ${first.parsed.header.plan} hash ${first.parsed.header.hash.slice(0, 12)}); merge only the shards of one plan file`,
      );
    }
  }
  const result = mergePlanResults(files.flatMap((f) => f.parsed.results));
  const expected = first.parsed.header.configurations;
  if (result.configurations.length !== expected) {
    const have = new Set(result.configurations.map((c) => c.index));
    const missing = Array.from({ length: expected }, (_, i) => i).filter((i) => !have.has(i));
    const shown = missing.slice(0, 5).join(', ');
    throw new PlanResultsError(
      `the results files hold ${result.configurations.length} of the plan's ${expected} configurations (missing indices ${shown}${missing.length > 5 ? ', …' : ''}); ` +
        'a shard has not finished or its file was not given: rerun it (it resumes) and merge again',
    );
  }
  return result;
}
