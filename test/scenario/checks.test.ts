// resolveScenario's checks (issue 8 items 1, 8, 9, 11): safe names, block sizes per engine,
// context length, every fit check at load, schema and catalog problems reported together.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ScenarioError, ScenarioErrors, loadScenarios, resolveScenario } from '../../sim/scenario/index.ts';
import { baseScenario, withChanges } from '../fixtures/scenarios.ts';
import { resolveErrorOf } from '../fixtures/problems.ts';

const problemsOf = (changes: Record<string, unknown>, file = 'bad.yaml'): string => resolveErrorOf(withChanges(baseScenario(), changes), file);
const resolves = (changes: Record<string, unknown>) => resolveScenario(withChanges(baseScenario(), changes), { file: 'ok.yaml' });

describe('scenario name', () => {
  it('is a safe slug: what was given and what is allowed', () => {
    expect(problemsOf({ name: '../../x' })).toBe(`bad.yaml: 1 problem\n  name: got "../../x"; a name is 1 to 100 letters, digits, '.', '_' or '-', not starting with '.'`);
    for (const bad of ['..', '.hidden', 'a/b', 'a\\b', 'a\0b', '', 'x'.repeat(101), 'a b', '\u001b[31mred']) expect(problemsOf({ name: bad })).toMatch(/^bad\.yaml: 1 problem\n {2}name: got .*; a name is 1 to 100/);
    expect(problemsOf({ name: 'a\0b' })).toContain('got "a\\u0000b"');
    for (const good of ['default', 'chat-70b_h100.v2', 'x'.repeat(100), '-a']) expect(resolves({ name: good }).name).toBe(good);
  });

  it('defaults to the file name made a safe slug', () => {
    const raw = baseScenario();
    delete raw.name;
    expect(resolveScenario(raw, { file: 'dir/my chat (2).yaml' }).name).toBe('my-chat--2-');
    expect(resolveScenario(raw, { file: 'dir/..yaml' }).name).toBe('scenario');
  });
});

describe('engine.blockSize', () => {
  it('accepts only the sizes the preset\'s engine offers, listing them', () => {
    expect(problemsOf({ 'engine.blockSize': 17 })).toBe('bad.yaml: 1 problem\n  engine.blockSize: vllm offers no KV block size of 17 tokens; expected one of 1, 8, 16, 32, 64, 128, 256 (vLLM --block-size)');
    expect(problemsOf({ engine: { preset: 'tensorrt-llm', blockSize: 48 } })).toMatch(/engine\.blockSize: tensorrt-llm offers no KV block size of 48 tokens; expected a power of two/);
    expect(resolves({ engine: { preset: 'tensorrt-llm', blockSize: 256 } }).engine.blockSize).toBe(256);
    expect(resolves({ engine: { preset: 'sglang', blockSize: 17 } }).engine.blockSize).toBe(17);
    for (const b of [1, 8, 16, 32, 64, 128, 256]) expect(resolves({ 'engine.blockSize': b }).engine.blockSize).toBe(b);
  });
});

describe('context length (engine.maxModelLen)', () => {
  it("defaults to the model's max_position_embeddings and may not exceed it", () => {
    expect(resolves({}).engine.maxModelLen).toBe(131072);
    expect(resolves({ 'engine.maxModelLen': 8192 }).engine.maxModelLen).toBe(8192);
    expect(problemsOf({ 'engine.maxModelLen': 200000 })).toBe(
      "bad.yaml: 1 problem\n  engine.maxModelLen: maxModelLen 200000 exceeds the 131072 tokens of llama-3.1-8b's context (max_position_embeddings); vLLM refuses the same; try maxModelLen <= 131072",
    );
  });

  it('refuses a prompt distribution that can only produce prompts of maxModelLen or more', () => {
    expect(problemsOf({ 'workload.promptTokens': { kind: 'fixed', tokens: 200000 } })).toMatch(
      /^bad\.yaml: 1 problem\n {2}workload\.promptTokens: every prompt has at least 200000 tokens, but a prompt must be shorter than maxModelLen 131072/,
    );
    expect(problemsOf({ 'engine.maxModelLen': 1000, 'workload.promptTokens': { kind: 'uniform', minTokens: 1000, maxTokens: 2000 } })).toMatch(/every prompt has at least 1000 tokens/);
    expect(problemsOf({ 'engine.maxModelLen': 1000, 'workload.promptTokens': { kind: 'fixed', tokens: 900 }, 'workload.sharedPrefix': { numGroups: 2, tokens: 100 } })).toMatch(/at least 1000 tokens \(with the shared prefix\)/);
    // Some prompts fit: runs (the longer ones are rejected one by one).
    expect(resolves({ 'engine.maxModelLen': 1000, 'workload.promptTokens': { kind: 'uniform', minTokens: 999, maxTokens: 2000 } }).engine.maxModelLen).toBe(1000);
  });
});

describe('fit checks at load (formerly thrown by runScenario)', () => {
  it('a model that does not fit, blocks that cannot split over pp, n > 1 with static batching, an over-truncated lognormal', () => {
    expect(problemsOf({ model: 'llama-3.1-405b' })).toMatch(/^bad\.yaml: 1 problem\n {2}hardware: /);
    expect(problemsOf({ 'generation': { kind: 'sampling', n: 2 }, 'engine.batching': { kind: 'static', maxBatchSize: 4, batchTimeoutSeconds: 0.1 } })).toMatch(
      /generation: parallel sampling \(n > 1\) and beam search need continuous batching/,
    );
    expect(problemsOf({ 'workload.promptTokens': { kind: 'lognormal', meanTokens: 100000, sigma: 0.1, maxTokens: 10 } })).toMatch(
      /workload\.promptTokens\.maxTokens: maxTokens 10 keeps only 0\.0% of a lognormal with meanTokens 100000 and sigma 0\.1/,
    );
  });
});

describe('every problem of a file at once', () => {
  it("the README's example: unknown GPU 'h300' and arrival kind 'poison' in one error", () => {
    const msg = problemsOf({ 'hardware.gpu': 'h300', 'workload.arrival': { kind: 'poison', ratePerSecond: 1 } });
    expect(msg).toMatch(/^bad\.yaml: 2 problems\n/);
    expect(msg).toMatch(/workload\.arrival\.kind: unknown kind "poison".*did you mean 'poisson'\?/);
    expect(msg).toMatch(/hardware\.gpu: unknown GPU 'h300'.*did you mean/);
  });

  it('a misspelt key gets the right one suggested', () => {
    expect(problemsOf({ 'engine.chunkedPrefill': true })).toBe("bad.yaml: 1 problem\n  engine: unknown field 'chunkedPrefill'; did you mean 'enableChunkedPrefill'?");
  });

  it('with a schema problem, the catalog names and the block size are still checked', () => {
    const msg = problemsOf({ model: 'llama-9', 'engine.blockSize': 17, seed: -1 });
    expect(msg).toMatch(/^bad\.yaml: 3 problems\n/);
    expect(msg).toMatch(/model: unknown model 'llama-9'/);
    expect(msg).toMatch(/engine\.blockSize: vllm offers no KV block size of 17/);
  });
});

describe('loadScenarios', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-loads-'));
  it('loads every file, and reports every failing file in one error', () => {
    const ok = join(dir, 'ok.yaml');
    writeFileSync(ok, stringify(baseScenario()));
    expect(loadScenarios([ok, ok]).map((s) => s.name)).toEqual(['test', 'test']);
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(a, stringify(withChanges(baseScenario(), { 'hardware.gpu': 'h300' })));
    writeFileSync(b, stringify(withChanges(baseScenario(), { 'engine.blockSize': 17 })));
    let error: unknown;
    try {
      loadScenarios([a, ok, b]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioErrors);
    expect(error).toBeInstanceOf(ScenarioError);
    const e = error as ScenarioErrors;
    expect(e.errors.map((x) => x.file)).toEqual([a, b]);
    expect(e.message).toMatch(new RegExp(`^${a}: 1 problem\\n {2}hardware\\.gpu: unknown GPU 'h300'.*\\n${b}: 1 problem\\n {2}engine\\.blockSize: `));
    // One failing file: its own ScenarioError.
    expect(() => loadScenarios([ok, b])).toThrow(/^.*b\.yaml: 1 problem/);
  });
});

describe('chunked prefill off (vLLM SchedulerConfig)', () => {
  it('a step budget below maxModelLen is refused, with the numbers and the ways out', () => {
    expect(problemsOf({ 'engine.enableChunkedPrefill': false, 'engine.maxNumBatchedTokens': 8192 })).toBe(
      'bad.yaml: 1 problem\n  engine.maxNumBatchedTokens: maxNumBatchedTokens 8192 is smaller than maxModelLen 131072 with chunked prefill off; vLLM refuses this (a whole prompt must fit one step); ' +
        'raise engine.maxNumBatchedTokens to 131072, set engine.maxModelLen <= 8192, or leave maxNumBatchedTokens unset (vLLM then uses max(maxModelLen, 2048))',
    );
    expect(resolves({ 'engine.enableChunkedPrefill': false, 'engine.maxNumBatchedTokens': 8192, 'engine.maxModelLen': 8192 }).engine.maxNumBatchedTokens).toBe(8192);
  });

  it('an unset budget defaults to max(maxModelLen, 2048) with chunked prefill off, and to the preset with it on', () => {
    expect(resolves({ 'engine.enableChunkedPrefill': false }).engine.maxNumBatchedTokens).toBe(131072);
    expect(resolves({ 'engine.enableChunkedPrefill': false, 'engine.maxModelLen': 1024 }).engine.maxNumBatchedTokens).toBe(2048);
    expect(resolves({ 'engine.enableChunkedPrefill': true }).engine.maxNumBatchedTokens).toBe(8192);
    // Other presets keep their own budget (their engines' rules are not modelled here).
    expect(resolves({ 'engine.preset': 'sglang', 'engine.enableChunkedPrefill': false }).engine.maxNumBatchedTokens).not.toBe(131072);
  });
});

describe('MAX_NAME_LENGTH', () => {
  it('is the longest name SAFE_NAME admits', async () => {
    const { MAX_NAME_LENGTH, SAFE_NAME } = await import('../../sim/scenario/index.ts');
    expect(SAFE_NAME.test('a'.repeat(MAX_NAME_LENGTH))).toBe(true);
    expect(SAFE_NAME.test('a'.repeat(MAX_NAME_LENGTH + 1))).toBe(false);
  });
});
