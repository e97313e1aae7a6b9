// Checks of workload.classes[i].generation (a class's own generation strategy) that need more
// than the schema sees, made at load so that a scenario that resolves can run:
//   samplingOverheadSeconds  refused on a class: it is a per-step cost added by the replica's cost
//                            model, one per replica, and a step mixes classes;
//   pools                    refused with per-class generation (checkClassGenerationWithPools, called
//                            by pools.ts, where each pool resolves without its `pools`): the pool
//                            summaries turn record tokens into delivered tokens with one run-wide factor;
//   speculative, static batching: a non-greedy class is refused as the top-level generation is
//                            (speculative decoding runs one sequence per request; n > 1 needs
//                            continuous batching).
// Invariants: pure; every problem names its field path.

import type { Problem } from './errors.ts';
import type { ResolvedEngine } from './engine-presets.ts';
import type { GenerationConfig, ScenarioConfig } from './schema.ts';

/** Whether a generation strategy decodes more than one sequence per request. */
function multiSequence(g: GenerationConfig): boolean {
  return (g.kind === 'sampling' && g.n > 1) || g.kind === 'beam';
}

export function checkClassGeneration(config: ScenarioConfig, engine: ResolvedEngine): Problem[] {
  const classes = config.workload.classes;
  if (classes === undefined) return [];
  const problems: Problem[] = [];
  classes.forEach((c, i) => {
    const g = c.generation;
    if (g === undefined) return;
    const at = `workload.classes.${i}.generation`;
    if (g.kind === 'sampling' && g.samplingOverheadSeconds !== undefined) {
      problems.push({
        path: `${at}.samplingOverheadSeconds`,
        message: "the sampling overhead is a per-step cost of the replica's cost model, one per replica (a step mixes classes), so a class cannot carry its own",
        suggestion: 'give samplingOverheadSeconds in the top-level generation, or remove it here',
      });
    }
    if (multiSequence(g) && config.speculative !== undefined) {
      problems.push({
        path: at,
        message: `speculative decoding runs one sequence per request; ${g.kind === 'beam' ? `beam search (width ${g.width})` : `parallel sampling (n ${(g as { n: number }).n})`} cannot be combined with it (vLLM rejects the same)`,
        suggestion: `remove class '${c.name}'s generation, or the top-level speculative section`,
      });
    }
    if (multiSequence(g) && engine.batching.kind === 'static') {
      problems.push({ path: at, message: 'parallel sampling (n > 1) and beam search need continuous batching (engine.batching kind continuous)' });
    }
  });
  return problems;
}

/** With pools: every class that carries its own generation is refused (see the file comment). */
export function checkClassGenerationWithPools(config: ScenarioConfig): Problem[] {
  const problems: Problem[] = [];
  config.workload.classes?.forEach((c, i) => {
    if (c.generation === undefined) return;
    problems.push({
      path: `workload.classes.${i}.generation`,
      message: 'per-class generation with pools is not supported: the pool summaries count delivered tokens with one run-wide generation',
      suggestion: 'give the generation at the top level, or drop pools',
    });
  });
  return problems;
}
