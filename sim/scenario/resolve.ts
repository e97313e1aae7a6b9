// From a parsed file (any JSON value) to a Scenario: zod validation, then the names the schema
// leaves open (GPU, model, a Hugging Face config.json) checked against the catalogs, then
// cross-field consistency. Pure: the only file access is through the injected `readJson`.
// Every failure is one ScenarioError listing every problem with its field path.

import type { z } from 'zod';
import { GPUS, MODELS, findGpu, findModel, modelFromHfConfig } from '../hardware/index.ts';
import type { GpuSpec, ModelSpec } from '../hardware/index.ts';
import { resolveEngine, type ResolvedEngine } from './engine-presets.ts';
import { ScenarioError, type Problem } from './errors.ts';
import { knownFieldNames } from './json-schema.ts';
import { checkSpeculative } from './speculative-checks.ts';
import { ScenarioSchema, type ScenarioConfig } from './schema.ts';
import { didYouMean } from './suggest.ts';

export interface Scenario {
  /** Report name: config.name, else the file name without extension. */
  name: string;
  /** Where it came from (for messages). */
  file: string;
  config: ScenarioConfig;
  /** The engine settings in force: the preset's values with the file's overrides. */
  engine: ResolvedEngine;
  model: ModelSpec;
  gpu: GpuSpec;
  /** Speculative decoding's draft model (speculative.method 'draft-model'), else absent. */
  draftModel?: ModelSpec;
}

export interface ResolveOptions {
  /** Shown in messages; its base name is the default scenario name. */
  file: string;
  /** Reads a JSON file referenced by the scenario (path as written, relative to the scenario). */
  readJson?: (path: string) => unknown;
}

export function resolveScenario(raw: unknown, options: ResolveOptions): Scenario {
  const file = options.file;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError(file, [
      { path: '', message: `expected a mapping of fields at the top level, got ${describe(raw)}` },
    ]);
  }
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) throw new ScenarioError(file, parsed.error.issues.map((i) => toProblem(i, raw)));
  const config = parsed.data;
  const problems: Problem[] = [];

  const gpu = findGpu(config.hardware.gpu.toLowerCase());
  if (!gpu) {
    problems.push({
      path: 'hardware.gpu',
      message: `unknown GPU '${config.hardware.gpu}' (\`sakiyomi gpus\` lists them)`,
      suggestion: didYouMean(config.hardware.gpu, GPUS.map((g) => g.id)),
    });
  }

  let model: ModelSpec | undefined;
  if (typeof config.model === 'string') {
    model = findModel(config.model.toLowerCase());
    if (!model) {
      problems.push({
        path: 'model',
        message: `unknown model '${config.model}' (\`sakiyomi models\` lists them; or give { hfConfig: path/to/config.json })`,
        suggestion: didYouMean(config.model, MODELS.map((m) => m.id)),
      });
    }
  } else {
    const ref = config.model;
    let json: unknown;
    try {
      if (!options.readJson) throw new Error('no file access in this context');
      json = options.readJson(ref.hfConfig);
    } catch (e) {
      // readJson's ScenarioError names the file and says why; its message holds no file content.
      const why = e instanceof ScenarioError ? e.problems.map((p) => p.message).join('; ') : `cannot read it: ${(e as Error).message}`;
      problems.push({ path: 'model.hfConfig', message: `'${ref.hfConfig}': ${why}` });
    }
    if (json !== undefined) {
      const id = ref.name ?? folderName(ref.hfConfig);
      const result = modelFromHfConfig(json, id);
      if (result.ok) model = result.model;
      else for (const err of result.errors) problems.push({ path: 'model.hfConfig', message: `${ref.hfConfig}: ${err}` });
    }
  }

  if (model) {
    const tp = config.hardware.tp;
    if (model.numAttentionHeads % tp !== 0) {
      problems.push({
        path: 'hardware.tp',
        message: `tp ${tp} must divide the ${model.numAttentionHeads} attention heads of ${model.id}`,
        suggestion: `try tp = ${divisorsUpTo(model.numAttentionHeads, 8).join(', ')}`,
      });
    }
    const pp = config.hardware.pp;
    if (pp > model.numLayers) {
      problems.push({
        path: 'hardware.pp',
        message: `pp ${pp} exceeds the ${model.numLayers} layers of ${model.id}: every pipeline stage needs at least one layer`,
        suggestion: `try pp <= ${model.numLayers}`,
      });
    }
  }

  const stepOverride = config.costModel.kind === 'roofline' ? config.costModel.stepOverheadSeconds : undefined;
  const engine = resolveEngine(config.engine, stepOverride);
  if (engine.maxNumBatchedTokens < engine.maxNumSeqs) {
    problems.push({
      path: 'engine.maxNumBatchedTokens',
      message: `maxNumBatchedTokens (${engine.maxNumBatchedTokens}) must be >= maxNumSeqs (${engine.maxNumSeqs}): every running request needs one token per step (vLLM enforces the same)`,
    });
  }

  const speculative = checkSpeculative(config, engine, model);
  problems.push(...speculative.problems);

  if (problems.length > 0 || !gpu || !model) throw new ScenarioError(file, problems);
  return { name: config.name ?? baseName(file), file, config, engine, model, gpu, ...(speculative.draftModel ? { draftModel: speculative.draftModel } : {}) };
}

function toProblem(issue: z.core.$ZodIssue, raw: unknown): Problem {
  const path = issue.path.map(String).join('.');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const names = knownFieldNames();
      return {
        path,
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`,
        suggestion: issue.keys.map((k) => didYouMean(k, names)).filter(Boolean).join('; ') || undefined,
      };
    }
    case 'invalid_union': {
      const u = issue as z.core.$ZodIssueInvalidUnion & { options?: unknown[]; discriminator?: string };
      if (u.discriminator && Array.isArray(u.options)) {
        const got = valueAt(raw, issue.path);
        const options = u.options.map(String);
        return {
          path,
          message: `${got === undefined ? 'missing' : `unknown ${u.discriminator} ${show(got)}`}; expected one of ${options.join(', ')}`,
          suggestion: typeof got === 'string' ? didYouMean(got, options) : undefined,
        };
      }
      return { path, message: `does not match any allowed form: ${describe(valueAt(raw, issue.path))}` };
    }
    case 'invalid_value': {
      const got = valueAt(raw, issue.path);
      const options = issue.values.map(String);
      return {
        path,
        message: `got ${show(got)}; expected one of ${options.join(', ')}`,
        suggestion: typeof got === 'string' ? didYouMean(got, options) : undefined,
      };
    }
    case 'invalid_type': {
      const got = valueAt(raw, issue.path);
      return {
        path,
        message: got === undefined ? `required field missing (expected ${issue.expected})` : `expected ${issue.expected}, got ${describe(got)}`,
      };
    }
    case 'too_small':
    case 'too_big': {
      const got = valueAt(raw, issue.path);
      const bound = issue.message.replace(/^Too (small|big): /, '');
      return { path, message: typeof got === 'number' ? `got ${got}; ${bound}` : bound };
    }
    default:
      return { path, message: issue.message.replace(/^Too (small|big): /, '') };
  }
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = raw;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** A value for a message: strings quoted, anything else described (safe for cyclic YAML aliases). */
function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : describe(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${String(v)}`;
}

function baseName(file: string): string {
  const last = file.split(/[\\/]/).pop() ?? file;
  return last.replace(/\.(ya?ml|json)$/i, '') || 'scenario';
}

function folderName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.length >= 2 ? parts[parts.length - 2] : baseName(path);
}

function divisorsUpTo(n: number, max: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= max; d++) if (n % d === 0) out.push(d);
  return out;
}
