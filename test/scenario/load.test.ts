import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadScenario, resolveScenario, ScenarioError, scenarioJsonSchema } from '../../sim/scenario/index.ts';
import { baseScenario, withChanges } from '../fixtures/scenarios.ts';
import { resolveErrorOf } from '../fixtures/problems.ts';

const problemsOf = (raw: unknown): string => resolveErrorOf(raw);

describe('resolveScenario', () => {
  it('a missing model says so and how to write one (not "undefined undefined")', () => {
    const raw = baseScenario();
    delete raw.model;
    expect(problemsOf(raw)).toBe("bad.yaml: 1 problem\n  model: required field missing; e.g. model: llama-3.1-8b (`sakiyomi models`) or model: { hfConfig: path/to/config.json }");
  });


  it('fills defaults and names the scenario after its file', () => {
    const raw = baseScenario();
    delete raw.name;
    const s = resolveScenario(raw, { file: 'dir/my-chat.yaml' });
    expect(s.name).toBe('my-chat');
    expect(s.engine).toEqual({
      preset: 'vllm', blockSize: 16, gpuMemoryUtilization: 0.9, kvCacheFreeMemoryFraction: undefined, maxNumSeqs: 256,
      maxNumBatchedTokens: 8192, enableChunkedPrefill: true, kvAdmission: 'on-demand', stepOverheadSeconds: undefined,
      frontendLatencySeconds: 0, kvLayout: 'paged', batching: { kind: 'continuous' }, preemptionMode: 'recompute', swapSpaceGiB: 4, enablePrefixCaching: true, maxModelLen: 131072,
    });
    expect(s.gpu.id).toBe('h100-sxm');
    expect(s.model.numLayers).toBe(32);
  });

  it('suggests the nearest GPU and model for unknown names', () => {
    expect(problemsOf(withChanges(baseScenario(), { 'hardware.gpu': 'h100' }))).toMatch(/hardware\.gpu: unknown GPU 'h100'.*did you mean 'h100-sxm'\?/);
    expect(problemsOf(withChanges(baseScenario(), { 'hardware.gpu': 'h300-sxm' }))).toBe(
      "bad.yaml: 1 problem\n  hardware.gpu: unknown GPU 'h300-sxm' (`sakiyomi gpus` lists them); did you mean 'h100-sxm' or 'h200-sxm'?",
    );
    expect(problemsOf(withChanges(baseScenario(), { model: 'llama-3.1-8' }))).toMatch(/model: unknown model 'llama-3.1-8'.*did you mean 'llama-3.1-8b'\?/);
  });

  it('names the field path, what was expected and a suggestion for a wrong kind or key', () => {
    const msg = problemsOf(
      withChanges(baseScenario(), {
        'workload.arrival': { kind: 'poison', ratePerSecond: 5 },
        'workload.outputTokens': { kind: 'fixed', token: 100 },
        sloo: { ttftSeconds: 1 },
        'engine.maxNumSeqs': 'many',
      }),
    );
    expect(msg).toMatch(/^bad\.yaml: \d+ problems/);
    expect(msg).toMatch(/workload\.arrival\.kind: unknown kind "poison"; expected one of poisson, gamma, constant, max, closed-loop, schedule, daily, on-off; did you mean 'poisson'\?/);
    expect(msg).toMatch(/workload\.outputTokens: unknown field 'token'; did you mean 'tokens'\?/);
    expect(msg).toMatch(/workload\.outputTokens\.tokens: required field missing \(expected number\)/);
    expect(msg).toMatch(/\n {2}unknown field 'sloo'; did you mean 'slo'\?/);
    expect(msg).toMatch(/engine\.maxNumSeqs: expected number, got the string "many"/);
  });

  it('formatProblem writes one problem as "path: message; suggestion", the line ScenarioError indents', () => {
    expect(formatProblem({ path: 'hardware.gpu', message: "unknown GPU 'h300'", suggestion: "did you mean 'h200-sxm'?" })).toBe("hardware.gpu: unknown GPU 'h300'; did you mean 'h200-sxm'?");
    expect(formatProblem({ path: '', message: 'not a mapping' })).toBe('not a mapping');
    expect(new ScenarioError('f.yaml', [{ path: 'a', message: 'm' }, { path: '', message: 'n', suggestion: 's' }]).message).toBe('f.yaml: 2 problems\n  a: m\n  n; s');
  });

  it('rejects inconsistent settings with the reason', () => {
    expect(problemsOf(withChanges(baseScenario(), { engine: { maxNumSeqs: 512, maxNumBatchedTokens: 256 } }))).toMatch(/engine\.maxNumBatchedTokens: maxNumBatchedTokens \(256\) must be >= maxNumSeqs \(512\)/);
    expect(problemsOf(withChanges(baseScenario(), { 'workload.arrival': { kind: 'max' }, 'workload.stop': { durationSeconds: 5 } }))).toMatch(/needs stop\.numRequests/);
    expect(problemsOf(withChanges(baseScenario(), { 'hardware.tp': 3 }))).toMatch(/hardware\.tp: tp 3 must divide the 32 attention heads.*try tp = 1, 2, 4, 8/);
    expect(problemsOf(withChanges(baseScenario(), { 'workload.stop': {} }))).toMatch(/give stop\.numRequests or stop\.durationSeconds/);
    expect(problemsOf([1, 2])).toMatch(/expected a mapping of fields at the top level, got a list/);
  });
});

describe('engine presets', () => {
  it('fill the engine from the preset and let the file override any field', () => {
    const trt = resolveScenario(withChanges(baseScenario(), { engine: { preset: 'tensorrt-llm', maxNumSeqs: 64 } }), { file: 'x.yaml' }).engine;
    expect(trt).toMatchObject({ preset: 'tensorrt-llm@0.20', blockSize: 32, kvCacheFreeMemoryFraction: 0.9, maxNumSeqs: 64, kvAdmission: 'reserve-full' });
    const sg = resolveScenario(withChanges(baseScenario(), { engine: { preset: 'sglang' } }), { file: 'x.yaml' }).engine;
    expect(sg).toMatchObject({ blockSize: 1, gpuMemoryUtilization: 0.88, kvAdmission: 'on-demand' });
    // Setting gpuMemoryUtilization on a TensorRT-LLM preset switches to vLLM-style sizing.
    const util = resolveScenario(withChanges(baseScenario(), { engine: { preset: 'tensorrt-llm', gpuMemoryUtilization: 0.8 } }), { file: 'x.yaml' }).engine;
    expect(util.kvCacheFreeMemoryFraction).toBeUndefined();
    // costModel.stepOverheadSeconds wins over the preset's.
    const o = resolveScenario(withChanges(baseScenario(), { engine: { preset: 'sglang' }, costModel: { kind: 'roofline', stepOverheadSeconds: 0.002 } }), { file: 'x.yaml' }).engine;
    expect(o.stepOverheadSeconds).toBe(0.002);
  });
});

describe('loadScenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-load-'));

  it('reads YAML and JSON, and a model from a Hugging Face config.json next to the file', () => {
    const config = { hidden_size: 2048, num_hidden_layers: 16, num_attention_heads: 32, num_key_value_heads: 8, intermediate_size: 8192, vocab_size: 128256, tie_word_embeddings: true, max_position_embeddings: 131072 };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const raw = withChanges(baseScenario(), { model: { hfConfig: 'config.json', name: 'llama-3.2-1b' } });
    writeFileSync(join(dir, 'tiny.json'), JSON.stringify(raw));
    const s = loadScenario(join(dir, 'tiny.json'));
    expect(s.model.id).toBe('llama-3.2-1b');
    expect(s.model.numLayers).toBe(16);
    writeFileSync(join(dir, 'chat.yaml'), 'model: llama-3.1-8b\nhardware: { gpu: h100-sxm }\nworkload:\n  arrival: { kind: max }\n  promptTokens: { kind: fixed, tokens: 10 }\n  outputTokens: { kind: fixed, tokens: 10 }\n  stop: { numRequests: 3 }\n');
    expect(loadScenario(join(dir, 'chat.yaml')).name).toBe('chat');
  });

  it('reports a missing file, bad YAML with its line, and a broken config.json as ScenarioErrors', () => {
    expect(() => loadScenario(join(dir, 'nope.yaml'))).toThrow(/nope\.yaml: 1 problem\n {2}cannot read the scenario: no such file/);
    writeFileSync(join(dir, 'broken.yaml'), 'model: llama-3.1-8b\nhardware: [gpu: h100\n');
    expect(() => loadScenario(join(dir, 'broken.yaml'))).toThrow(/not valid YAML at line \d+, column \d+/);
    writeFileSync(join(dir, 'cyclic.yaml'), 'model: &m\n  hfConfig: *m\nhardware: { gpu: h100-sxm }\n');
    expect(() => loadScenario(join(dir, 'cyclic.yaml'))).toThrow(ScenarioError);
    writeFileSync(join(dir, 'dup.yaml'), 'seed: 1\nseed: 2\n');
    expect(() => loadScenario(join(dir, 'dup.yaml'))).toThrow(ScenarioError);
    writeFileSync(join(dir, 'bad-config.json'), '{"hidden_size": 10}');
    writeFileSync(join(dir, 'uses-bad.yaml'), `model: { hfConfig: bad-config.json }\nhardware: { gpu: h100-sxm }\nworkload:\n  arrival: { kind: max }\n  promptTokens: { kind: fixed, tokens: 10 }\n  outputTokens: { kind: fixed, tokens: 10 }\n  stop: { numRequests: 3 }\n`);
    expect(() => loadScenario(join(dir, 'uses-bad.yaml'))).toThrow(/model\.hfConfig: bad-config\.json: .*num_hidden_layers/);
  });
});

describe('scenarioJsonSchema', () => {
  it('describes the format for editors, with descriptions and the kind-tagged variants', () => {
    const schema = scenarioJsonSchema() as any;
    expect(schema.$schema).toMatch(/json-schema/);
    expect(schema.required).toEqual(expect.arrayContaining(['model', 'workload']));
    // hardware, or pools (each pool then names its gpu).
    expect(schema.anyOf).toEqual([{ required: ['hardware'] }, { required: ['pools'] }]);
    const text = JSON.stringify(schema);
    for (const kind of ['poisson', 'gamma', 'constant', 'max', 'closed-loop', 'lognormal', 'empirical', 'least-outstanding']) expect(text).toContain(`"${kind}"`);
    expect(text).toContain('Mean arrival rate (requests/s)');
  });
});
