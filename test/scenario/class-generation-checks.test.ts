// checkClassGeneration and checkClassGenerationWithPools (sim/scenario/class-generation-checks.ts)
// on parsed configs: every message exactly — a class's samplingOverheadSeconds; a multi-sequence
// class (beam width B, sampling n > 1) with speculative decoding, or with static batching; any
// class's generation with pools — and what passes: no classes, a class without generation,
// sampling n = 1 beside speculative decoding, a greedy class.
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, parseEnginePreset, resolveEngine, type EnginePresetChoice, type ScenarioConfig } from '../../sim/scenario/index.ts';
import { checkClassGeneration, checkClassGenerationWithPools } from '../../sim/scenario/class-generation-checks.ts';
import type { Problem } from '../../sim/scenario/index.ts';
import { baseScenario } from '../fixtures/scenarios.ts';

const SPECULATIVE = { method: 'ngram', numSpeculativeTokens: 3, acceptance: { kind: 'constant', rate: 0.7 } };
const STATIC = { kind: 'static', maxBatchSize: 8, batchTimeoutSeconds: 0.01 };

function config(classes: unknown[] | undefined, extra: Record<string, unknown> = {}): ScenarioConfig {
  const raw: Record<string, any> = { ...baseScenario(), ...extra };
  if (classes !== undefined) raw.workload.classes = classes;
  return ScenarioSchema.parse(raw);
}

const lines = (problems: Problem[]): string[] => problems.map((p) => `${p.path}: ${p.message}${p.suggestion === undefined ? '' : ` | ${p.suggestion}`}`);
const check = (c: ScenarioConfig): string[] => lines(checkClassGeneration(c, resolveEngine(c.engine, parseEnginePreset(c.engine.preset ?? 'vllm') as EnginePresetChoice, undefined, 131072)));

describe('checkClassGeneration', () => {
  it('no classes, a class without generation, a greedy class: no problem', () => {
    expect(check(config(undefined))).toEqual([]);
    expect(check(config([{ name: 'a', share: 1 }, { name: 'b', share: 1, generation: { kind: 'greedy' } }], { speculative: SPECULATIVE, engine: { batching: STATIC } }))).toEqual([]);
  });

  it("a class's samplingOverheadSeconds is refused (one per replica), at its own path", () => {
    expect(check(config([{ name: 'a', share: 1 }, { name: 'b', share: 1, generation: { kind: 'sampling', n: 1, samplingOverheadSeconds: 0.001 } }]))).toEqual([
      "workload.classes.1.generation.samplingOverheadSeconds: the sampling overhead is a per-step cost of the replica's cost model, one per replica (a step mixes classes), so a class cannot carry its own | give samplingOverheadSeconds in the top-level generation, or remove it here",
    ]);
  });

  it('beam search and sampling n > 1 with speculative decoding are refused, naming the width or n and the class; sampling n = 1 passes', () => {
    const classes = [
      { name: 'wide', share: 1, generation: { kind: 'beam', width: 4 } },
      { name: 'many', share: 1, generation: { kind: 'sampling', n: 3 } },
      { name: 'one', share: 1, generation: { kind: 'sampling', n: 1 } },
    ];
    expect(check(config(classes, { speculative: SPECULATIVE }))).toEqual([
      "workload.classes.0.generation: speculative decoding runs one sequence per request; beam search (width 4) cannot be combined with it (vLLM rejects the same) | remove class 'wide's generation, or the top-level speculative section",
      "workload.classes.1.generation: speculative decoding runs one sequence per request; parallel sampling (n 3) cannot be combined with it (vLLM rejects the same) | remove class 'many's generation, or the top-level speculative section",
    ]);
  });

  it('a multi-sequence class with static batching is refused; every problem of a class is reported', () => {
    const classes = [{ name: 'a', share: 1, generation: { kind: 'sampling', n: 2, samplingOverheadSeconds: 0 } }];
    expect(check(config(classes, { engine: { batching: STATIC } }))).toEqual([
      "workload.classes.0.generation.samplingOverheadSeconds: the sampling overhead is a per-step cost of the replica's cost model, one per replica (a step mixes classes), so a class cannot carry its own | give samplingOverheadSeconds in the top-level generation, or remove it here",
      'workload.classes.0.generation: parallel sampling (n > 1) and beam search need continuous batching (engine.batching kind continuous)',
    ]);
    expect(check(config([{ name: 'a', share: 1, generation: { kind: 'sampling', n: 1 } }], { engine: { batching: STATIC } }))).toEqual([]);
  });
});

describe('checkClassGenerationWithPools', () => {
  it('refuses every class that carries a generation (greedy included), none other', () => {
    const classes = [{ name: 'a', share: 1 }, { name: 'b', share: 1, generation: { kind: 'greedy' } }, { name: 'c', share: 1, generation: { kind: 'beam', width: 2 } }];
    const problem = (i: number) =>
      `workload.classes.${i}.generation: per-class generation with pools is not supported: the pool summaries count delivered tokens with one run-wide generation | give the generation at the top level, or drop pools`;
    expect(lines(checkClassGenerationWithPools(config(classes)))).toEqual([problem(1), problem(2)]);
    expect(checkClassGenerationWithPools(config(undefined))).toEqual([]);
  });
});
