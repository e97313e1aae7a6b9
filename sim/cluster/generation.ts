// The generation strategy of every request (scenario `generation`, default greedy): how many
// sequences each request decodes in lock-step, the factor on its drawn output length, the extra
// per-step sampling cost, and the line the run's notes say about it.
//   greedy          1 sequence.
//   sampling n      n sequences share the prompt's KV blocks; output tokens count all n.
//   beam width B    B decode rows per step; output lengths × the length-penalty factor; output
//                   tokens count the 1 returned sequence.
// Per class (workload.classes[i].generation): classGenerations gives each class's settings by
// classIndex — its own generation, else the top-level one — or null when no class has its own
// (then the run-wide settings apply as before). A class's sampling overhead is refused at load
// (the per-step cost stays the top-level one).
// NOTE: beam search is modelled by its cost (B rows per step, copy-on-write prompt blocks), not
// its search: no beam is pruned early.

import type { ScenarioConfig } from '../scenario/index.ts';

export type GenerationConfig = NonNullable<ScenarioConfig['generation']>;

export interface GenerationSettings {
  readonly kind: GenerationConfig['kind'];
  /** Sequences per request decoded in lock-step (sampling n, beam width B; 1 for greedy). */
  readonly numSeqs: number;
  /** Factor on each drawn output length (beam search's length penalty; 1 otherwise). */
  readonly outputLengthFactor: number;
  /** Extra seconds per step for sampling n sequences (rides on the step overhead). */
  readonly samplingOverheadSeconds: number;
}

export function generationSettings(gen: GenerationConfig | undefined): GenerationSettings {
  const g = gen ?? { kind: 'greedy' as const };
  return {
    kind: g.kind,
    numSeqs: g.kind === 'sampling' ? g.n : g.kind === 'beam' ? g.width : 1,
    outputLengthFactor: g.kind === 'beam' ? (g.lengthPenaltyFactor ?? 1) : 1,
    samplingOverheadSeconds: g.kind === 'sampling' ? (g.samplingOverheadSeconds ?? 0) : 0,
  };
}

/** The run's note on a non-greedy strategy (null for greedy). */
export function generationNote(gen: GenerationConfig | undefined, costModelKind: ScenarioConfig['costModel']['kind']): string | null {
  if (gen === undefined || gen.kind === 'greedy') return null;
  const { samplingOverheadSeconds, outputLengthFactor } = generationSettings(gen);
  return gen.kind === 'sampling'
    ? `generation: sampling, n ${gen.n} (${gen.n} sequences per request share the prompt's KV blocks; output tokens count all ${gen.n} completions)` +
        (samplingOverheadSeconds > 0 ? `, +${samplingOverheadSeconds} s sampling overhead per step${costModelKind === 'constant' ? ' (ignored by the constant cost model)' : ''}` : '')
    : `generation: beam search, width ${gen.width} (${gen.width} decode tokens per request per step, prompt blocks shared copy-on-write; output tokens count the 1 returned sequence)` +
        (outputLengthFactor !== 1 ? `, output lengths × ${outputLengthFactor} (length penalty)` : '');
}

/**
 * Each class's generation settings by classIndex (its own `generation`, else the top-level one),
 * or null when the scenario declares no class with its own generation.
 */
export function classGenerations(config: ScenarioConfig): GenerationSettings[] | null {
  const classes = config.workload.classes;
  if (classes === undefined || !classes.some((c) => c.generation !== undefined)) return null;
  return classes.map((c) => generationSettings(c.generation ?? config.generation));
}

/** What measure() needs of a strategy: null for greedy, else its kind, sequences decoded and sequences delivered (sampling n: n; beam: 1). */
export function generationMetrics(g: GenerationSettings): { kind: 'sampling' | 'beam'; numSeqs: number; deliveredSeqs: number } | null {
  return g.kind === 'greedy' ? null : { kind: g.kind, numSeqs: g.numSeqs, deliveredSeqs: g.kind === 'sampling' ? g.numSeqs : 1 };
}
