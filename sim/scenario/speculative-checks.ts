// Cross-field checks of the `speculative` section that the schema alone cannot make: the draft
// model exists (with a suggestion) and shares the target's vocabulary, its heads split over tp,
// and the rest of the scenario is one speculative decoding can run with.
// Returns the draft's ModelSpec (method 'draft-model') and every problem found, with field paths.

import { MODELS, findModel, type ModelSpec } from '../hardware/index.ts';
import type { Problem } from './errors.ts';
import type { ScenarioConfig } from './schema.ts';
import type { ResolvedEngine } from './engine-presets.ts';
import { didYouMean } from './suggest.ts';

export function checkSpeculative(config: ScenarioConfig, engine: ResolvedEngine, target: ModelSpec | undefined): { draftModel?: ModelSpec; problems: Problem[] } {
  const spec = config.speculative;
  const problems: Problem[] = [];
  if (spec === undefined) return { problems };
  let draftModel: ModelSpec | undefined;
  if (spec.method === 'draft-model' && spec.draftModel !== undefined) {
    draftModel = findModel(spec.draftModel.toLowerCase());
    if (draftModel === undefined) {
      problems.push({
        path: 'speculative.draftModel',
        message: `unknown draft model '${spec.draftModel}' (\`sakiyomi models\` lists them)`,
        suggestion: didYouMean(spec.draftModel, MODELS.map((m) => m.id)),
      });
    } else if (target !== undefined) {
      if (draftModel.vocabSize !== target.vocabSize) {
        problems.push({
          path: 'speculative.draftModel',
          message: `draft ${draftModel.id} has a vocabulary of ${draftModel.vocabSize} tokens but the target ${target.id} has ${target.vocabSize}: draft and target must share a tokenizer for the target to verify the draft's tokens`,
          suggestion: sameVocabulary(target),
        });
      }
      const tp = config.hardware.tp;
      if (draftModel.numAttentionHeads % tp !== 0) {
        problems.push({
          path: 'speculative.draftModel',
          message: `the draft runs at the target's tp ${tp}, which must divide its ${draftModel.numAttentionHeads} attention heads`,
        });
      }
    }
  }
  const gen = config.generation;
  if (gen !== undefined && ((gen.kind === 'sampling' && gen.n > 1) || gen.kind === 'beam')) {
    problems.push({
      path: 'generation',
      message: `speculative decoding runs one sequence per request; ${gen.kind === 'beam' ? `beam search (width ${gen.width})` : `parallel sampling (n ${gen.n})`} cannot be combined with it (vLLM rejects the same)`,
    });
  }
  if (engine.batching.kind === 'static') {
    problems.push({ path: 'engine.batching', message: 'speculative decoding needs continuous batching (requests advance by different numbers of tokens per step)' });
  }
  if (config.hardware.pp > 1) {
    problems.push({ path: 'hardware.pp', message: `speculative decoding is modelled at pp = 1 only, not pp=${config.hardware.pp}` });
  }
  return { draftModel, problems };
}

function sameVocabulary(target: ModelSpec): string | undefined {
  const ids = MODELS.filter((m) => m.vocabSize === target.vocabSize && m.id !== target.id && m.numLayers * m.hiddenSize < target.numLayers * target.hiddenSize).map((m) => m.id);
  return ids.length === 0 ? undefined : `models sharing ${target.id}'s vocabulary: ${ids.join(', ')}`;
}
