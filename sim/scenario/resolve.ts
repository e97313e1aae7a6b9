// From a parsed file (any JSON value) to a Scenario: zod validation, then the names the schema
// leaves open (GPU, model, a Hugging Face config.json) checked against the catalogs, then
// cross-field consistency, then "does it fit" (fit-checks.ts) and the workload's own checks
// (workload-checks.ts), so a Scenario that resolves can run. Pure: the only file access is
// through the injected `readJson`. Every failure is one ScenarioError listing every problem with
// its field path; schema problems come with the catalog-name problems of the same file.
// The default name (no `name` field) is the file's base name made a safe slug (other characters
// become '-'), since it names the report folder as `name` does.

import type { z } from 'zod';
import { GPUS, MODELS, findGpu, findModel, modelFromHfConfig } from '../hardware/index.ts';
import type { GpuSpec, ModelSpec } from '../hardware/index.ts';
import { engineOf, resolveEngine, type ResolvedEngine } from './engine-presets.ts';
import { parseEnginePreset } from './engine-releases.ts';
import { checkBlockSize, checkFit } from './fit-checks.ts';
import { checkWorkload } from './workload-checks.ts';
import { checkClasses } from './classes-checks.ts';
import { checkAvailability } from './availability-checks.ts';
import { checkPoolRouting } from './router-pools-checks.ts';
import { checkClassGeneration } from './class-generation-checks.ts';
import { ScenarioError, type Problem } from './errors.ts';
import { knownFieldOwners } from './json-schema.ts';
import { checkSpeculative } from './speculative-checks.ts';
import { ScenarioSchema, type ScenarioConfig } from './schema.ts';
import { sloTypeHint, sloUnknownKeyProblem } from './slo-schema.ts';
import { didYouMean } from './suggest.ts';
import { disaggLinkTypeHint } from './disagg-checks.ts';
import { resolvePools } from './pools.ts';

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
  /** workload.trace.file resolved against the scenario's folder (an absolute path), when a trace is given. */
  traceFile?: string;
  /**
   * With a `pools` section: each pool resolved as a scenario of its own (the top level with the
   * pool's overrides merged in, pools.ts), in file order. The Scenario itself is then pool 0's,
   * with config.pools kept, so single-pool consumers read pool 0. Absent without pools.
   */
  pools?: readonly PoolScenario[];
}

/** One pool of a scenario with pools: its name and the merged scenario it resolves to. */
export interface PoolScenario {
  readonly name: string;
  readonly scenario: Scenario;
}

export interface ResolveOptions {
  /** Shown in messages; its base name is the default scenario name. */
  file: string;
  /** Internal (pools.ts): resolving one pool merged into the top level; pool routing is checked once, over all pools. */
  withinPool?: boolean;
  /** Reads a JSON file referenced by the scenario (path as written, relative to the scenario). */
  readJson?: (path: string) => unknown;
  /** Resolves a trace file named by the scenario (relative to it) to an absolute path, throwing when it is not a readable regular file. */
  resolveTraceFile?: (path: string) => string;
}

export function resolveScenario(raw: unknown, options: ResolveOptions): Scenario {
  const file = options.file;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError(file, [
      { path: '', message: `expected a mapping of fields at the top level, got ${describe(raw)}` },
    ]);
  }
  if ((raw as Record<string, unknown>).disaggregation !== undefined && (raw as Record<string, unknown>).pools === undefined) {
    throw new ScenarioError(file, [
      { path: 'disaggregation', message: 'disaggregation needs pools with roles: at least one pool with role prefill and one with role decode', suggestion: 'add pools: [{name: prefill, role: prefill}, {name: decode, role: decode}]' },
    ]);
  }
  if ((raw as Record<string, unknown>).pools !== undefined) return resolvePools(raw as Record<string, unknown>, options, resolveOne, (i, r) => toProblem(i, r));
  return resolveOne(raw, options);
}

/** A scenario without pools (or one merged pool): the checks in the order of the file comment. */
function resolveOne(raw: unknown, options: ResolveOptions): Scenario {
  const file = options.file;
  // Schema problems and catalog names are reported together: a file with an unknown GPU and an
  // unknown arrival kind hears of both at once. Cross-field checks need a valid file.
  const parsed = ScenarioSchema.safeParse(raw);
  const problems: Problem[] = parsed.success ? [] : parsed.error.issues.map((i) => toProblem(i, raw));
  const gpuName = parsed.success ? parsed.data.hardware.gpu : valueAt(raw, ['hardware', 'gpu']);
  const gpu = typeof gpuName === 'string' && gpuName !== '' ? checkGpu(gpuName, problems) : undefined;
  const modelRef = parsed.success ? parsed.data.model : rawModelRef(valueAt(raw, ['model']));
  const model = modelRef === undefined ? undefined : checkModel(modelRef, options, problems);
  if (!parsed.success) {
    const preset = valueAt(raw, ['engine', 'preset']) ?? 'vllm';
    const blockSize = valueAt(raw, ['engine', 'blockSize']);
    const choice = typeof preset === 'string' ? parseEnginePreset(preset) : undefined;
    if (choice !== undefined && 'path' in choice) problems.push(choice);
    else if (choice !== undefined && Number.isInteger(blockSize) && (blockSize as number) > 0) {
      const p = checkBlockSize(choice.ref, blockSize as number);
      if (p) problems.push(p);
    }
    throw new ScenarioError(file, problems);
  }
  const config = parsed.data;

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
  const choice = parseEnginePreset(config.engine.preset);
  // Every later check reads the engine's rules: an unknown preset ends the checks here.
  if ('path' in choice) throw new ScenarioError(file, [...problems, choice]);
  const engine = resolveEngine(config.engine, choice, stepOverride, model?.maxPositionEmbeddings ?? Infinity);
  if (engine.maxNumBatchedTokens < engine.maxNumSeqs) {
    problems.push({
      path: 'engine.maxNumBatchedTokens',
      message: `maxNumBatchedTokens (${engine.maxNumBatchedTokens}) must be >= maxNumSeqs (${engine.maxNumSeqs}): every running request needs one token per step (vLLM enforces the same)`,
    });
  }
  if (engine.batchSizeTuning === true && engineOf(engine) !== 'tensorrt-llm') {
    problems.push({ path: 'engine.batchSizeTuning', message: `the dynamic batch-size tuner is TensorRT-LLM's; the ${engineOf(engine)} preset has none`, suggestion: "remove batchSizeTuning, or use preset 'tensorrt-llm'" });
  }
  if (engine.batchSizeTuning === true && (config.hardware.pp ?? 1) > 1) {
    problems.push({ path: 'engine.batchSizeTuning', message: `the tuner sizes one pool of KV blocks; with pp ${config.hardware.pp} the replica runs as ${config.hardware.pp} virtual engines, each with a share of the pool`, suggestion: 'remove batchSizeTuning, or use pp 1' });
  }
  if (engine.batchSizeTuning === true && engine.batching.kind === 'static') {
    problems.push({ path: 'engine.batchSizeTuning', message: "the tuner caps an in-flight batcher's batch; static batching forms batches of engine.batching.maxBatchSize", suggestion: 'remove batchSizeTuning or engine.batching' });
  }
  const blockProblem = checkBlockSize(engine.preset, engine.blockSize);
  if (blockProblem) problems.push(blockProblem);

  const speculative = checkSpeculative(config, engine, model);
  problems.push(...speculative.problems);
  problems.push(...checkWorkload(config, model ? engine.maxModelLen : undefined));
  problems.push(...checkClasses(config, engine, model ? engine.maxModelLen : undefined));
  problems.push(...checkAvailability(config, options.withinPool === true));
  if (options.withinPool !== true) problems.push(...checkPoolRouting(config));
  problems.push(...checkClassGeneration(config, engine));
  if (model && gpu && !blockProblem) problems.push(...checkFit(config, engine, model, gpu, speculative.draftModel));

  const traceFile = config.workload.trace === undefined ? undefined : checkTraceFile(config.workload.trace.file, options, problems);
  if (problems.length > 0 || !gpu || !model) throw new ScenarioError(file, problems);
  return {
    name: config.name ?? defaultName(file),
    file,
    config,
    engine,
    model,
    gpu,
    ...(speculative.draftModel ? { draftModel: speculative.draftModel } : {}),
    ...(traceFile !== undefined ? { traceFile } : {}),
  };
}

/** The trace file's absolute path, or a problem at workload.trace.file when it cannot be read. */
function checkTraceFile(path: string, options: ResolveOptions, problems: Problem[]): string | undefined {
  try {
    if (!options.resolveTraceFile) throw new Error('no file access in this context');
    return options.resolveTraceFile(path);
  } catch (e) {
    problems.push({ path: 'workload.trace.file', message: `'${path}': ${(e as Error).message}`, suggestion: 'the path is relative to the scenario file' });
    return undefined;
  }
}

function checkGpu(name: string, problems: Problem[]): GpuSpec | undefined {
  const gpu = findGpu(name.toLowerCase());
  if (!gpu) {
    problems.push({
      path: 'hardware.gpu',
      message: `unknown GPU '${name}' (\`sakiyomi gpus\` lists them)`,
      suggestion: didYouMean(name, GPUS.map((g) => g.id)),
    });
  }
  return gpu;
}

/** The model reference of a file that failed the schema, when its `model` field is usable on its own. */
function rawModelRef(v: unknown): ScenarioConfig['model'] | undefined {
  if (typeof v === 'string' && v !== '') return v;
  if (v !== null && typeof v === 'object' && typeof (v as { hfConfig?: unknown }).hfConfig === 'string' && (v as { hfConfig: string }).hfConfig !== '') {
    const name = (v as { name?: unknown }).name;
    return { hfConfig: (v as { hfConfig: string }).hfConfig, ...(typeof name === 'string' && name !== '' ? { name } : {}) };
  }
  return undefined;
}

function checkModel(ref: ScenarioConfig['model'], options: ResolveOptions, problems: Problem[]): ModelSpec | undefined {
  if (typeof ref === 'string') {
    const model = findModel(ref.toLowerCase());
    if (!model) {
      problems.push({
        path: 'model',
        message: `unknown model '${ref}' (\`sakiyomi models\` lists them; or give { hfConfig: path/to/config.json })`,
        suggestion: didYouMean(ref, MODELS.map((m) => m.id)),
      });
    }
    return model;
  }
  let json: unknown;
  try {
    if (!options.readJson) throw new Error('no file access in this context');
    json = options.readJson(ref.hfConfig);
  } catch (e) {
    // readJson's ScenarioError names the file and says why; its message holds no file content.
    const why = e instanceof ScenarioError ? e.problems.map((p) => p.message).join('; ') : `cannot read it: ${(e as Error).message}`;
    problems.push({ path: 'model.hfConfig', message: `'${ref.hfConfig}': ${why}` });
    return undefined;
  }
  const result = modelFromHfConfig(json, ref.name ?? folderName(ref.hfConfig));
  if (result.ok) return result.model;
  for (const err of result.errors) problems.push({ path: 'model.hfConfig', message: `${ref.hfConfig}: ${err}` });
  return undefined;
}

function toProblem(issue: z.core.$ZodIssue, raw: unknown): Problem {
  const path = issue.path.map(String).join('.');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const slo = sloUnknownKeyProblem(issue.path, issue.keys);
      if (slo !== undefined) return slo;
      const owners = knownFieldOwners();
      const names = [...owners.keys()];
      // The section the key was given in, without array indices ('pools.0' → 'pools').
      const given = issue.path.filter((p) => typeof p !== 'number').map(String).join('.');
      // A key the format knows, in the wrong section: say where it belongs rather than "did you mean"
      // itself — relative to the section it was given in when it belongs below it.
      const hint = (k: string): string | undefined => {
        const where = owners.get(k);
        if (where === undefined || where.includes(given)) return didYouMean(k, names);
        const below = given === '' ? where : where.filter((w) => w.startsWith(`${given}.`)).map((w) => w.slice(given.length + 1));
        const shown = below.length > 0 ? below : where;
        const places = shown.map((w) => (w === '' ? 'the top level' : `'${w}'`));
        const example = shown.find((w) => w !== '' && !w.includes('.'));
        return `'${k}' belongs under ${places.join(' or ')}${example === undefined ? '' : ` (e.g. ${example}: { ${k}: … })`}`;
      };
      return {
        path,
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`,
        suggestion: issue.keys.map(hint).filter(Boolean).join('; ') || undefined,
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
      const got = valueAt(raw, issue.path);
      if (got === undefined) {
        return { path, message: 'required field missing', suggestion: path === 'model' ? "e.g. model: llama-3.1-8b (`sakiyomi models`) or model: { hfConfig: path/to/config.json }" : undefined };
      }
      return { path, message: `does not match any allowed form: ${describe(got)}` };
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
      const link = disaggLinkTypeHint(issue.path);
      // A number refused as a number is NaN or ±Infinity (YAML's .nan, .inf).
      const expected = link?.expected ?? (issue.expected === 'number' && typeof got === 'number' ? 'a finite number' : issue.expected);
      return {
        path,
        message: got === undefined ? `required field missing (expected ${issue.expected})` : `expected ${expected}, got ${describe(got)}`,
        suggestion: sloTypeHint(issue.path) ?? link?.suggestion,
      };
    }
    case 'too_small':
    case 'too_big': {
      const got = valueAt(raw, issue.path);
      const bound = issue.message.replace(/^Too (small|big): /, '');
      return { path, message: typeof got === 'number' ? `got ${got}; ${bound}` : bound };
    }
    case 'invalid_format': {
      const got = valueAt(raw, issue.path);
      return { path, message: `got ${typeof got === 'string' ? quote(got) : describe(got)}; ${issue.message}` };
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

/** A string for a message: JSON-quoted (control characters escaped), at most 40 characters shown. */
function quote(v: string): string {
  return v.length > 40 ? `${JSON.stringify(v.slice(0, 40)).slice(0, -1)}…" (${v.length} characters)` : JSON.stringify(v);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
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

/** The file's base name as a safe report name: other characters become '-', leading dots go, at most 100 characters. */
function defaultName(file: string): string {
  const slug = baseName(file).replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '').slice(0, 100);
  return slug === '' ? 'scenario' : slug;
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
