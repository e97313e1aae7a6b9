// Hostile inputs through the command line: every bad file ends in exit 2 with a one-line-per-
// problem message (no stack trace, no hang), whatever it is — a device, a huge file, a file
// pointing at /etc/passwd, a name meant to escape the output folder.
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.ts';
import { baseScenario, withChanges } from '../fixtures/scenarios.ts';
import { resolveScenario } from '../../sim/scenario/index.ts';
import { runScenario } from '../fixtures/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-hostile-'));

function write(name: string, raw: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof raw === 'string' ? raw : stringify(raw));
  return path;
}

async function badInput(...files: string[]): Promise<string> {
  const r = await runCli('run', ...files, '--no-report');
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(r.code).toBe(2);
  return r.stderr;
}

describe('hostile scenario files (exit 2, clear message)', () => {
  it('a scenario symlinked to /dev/zero fails fast: not a regular file', async () => {
    const path = join(dir, 'zero.yaml');
    symlinkSync('/dev/zero', path);
    expect(await badInput(path)).toBe(`error: ${path}: 1 problem\n  cannot read the scenario: not a regular file (a character device)\n`);
  });

  it('a 50 MB scenario is refused by its size, with the cap stated', async () => {
    const path = write('huge.yaml', `# ${'x'.repeat(50 * 2 ** 20)}\n`);
    expect(await badInput(path)).toBe(`error: ${path}: 1 problem\n  cannot read the scenario: 50.0 MiB is over the 1 MiB limit for a scenario\n`);
  });

  it('a JSON scenario with a UTF-8 BOM is accepted', async () => {
    const path = write('bom.json', `\uFEFF${JSON.stringify(withChanges(baseScenario(), { 'workload.stop': { numRequests: 3 } }))}`);
    const r = await runCli('run', path, '--no-report', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('hfConfig pointing at /etc/passwd: refused as not .json; a .json link to it: the position, never its content', async () => {
    const direct = write('passwd.yaml', withChanges(baseScenario(), { model: { hfConfig: '/etc/passwd' } }));
    expect(await badInput(direct)).toBe(`error: ${direct}: 1 problem\n  model.hfConfig: '/etc/passwd': a Hugging Face config must be a .json file (config.json)\n`);
    symlinkSync('/etc/passwd', join(dir, 'passwd.json'));
    const linked = write('linked.yaml', withChanges(baseScenario(), { model: { hfConfig: 'passwd.json' } }));
    const msg = await badInput(linked);
    expect(msg).toBe(`error: ${linked}: 1 problem\n  model.hfConfig: 'passwd.json': the Hugging Face config is not valid JSON: syntax error at line 1, column 1\n`);
    expect(msg).not.toMatch(/root/);
  });

  it('hfConfig that is a directory or a device is not a regular file', async () => {
    symlinkSync('/dev/zero', join(dir, 'zero.json'));
    const path = write('zero-config.yaml', withChanges(baseScenario(), { model: { hfConfig: 'zero.json' } }));
    expect(await badInput(path)).toMatch(/model\.hfConfig: 'zero\.json': cannot read the Hugging Face config: not a regular file \(a character device\)\n$/);
  });
});

describe('context length at run time (engine.maxModelLen)', () => {
  const run = (changes: Record<string, unknown>) => runScenario(resolveScenario(withChanges(baseScenario(), { 'workload.stop': { numRequests: 40 }, ...changes }), { file: 'ctx.yaml' }));

  it('200k-token prompts on Llama-3.1-8B (131072) are rejected and counted with the reason', () => {
    const r = run({ 'workload.promptTokens': { kind: 'uniform', minTokens: 1000, maxTokens: 400000 }, 'workload.outputTokens': { kind: 'fixed', tokens: 10 } });
    const columns = r.requests;
    let tooLong = 0;
    for (let i = 0; i < columns.count; i++) if (columns.numPromptTokens[i] >= 131072) tooLong++;
    expect(tooLong).toBeGreaterThan(0);
    expect(r.summary.requests.rejected).toBe(tooLong);
    expect(r.notes).toContain(`rejected ${tooLong} request(s): the prompt has maxModelLen (131072) tokens or more, leaving no room for an output token (vLLM rejects the same)`);
  });

  it('a prompt of exactly maxModelLen is rejected; one token less generates exactly one token', () => {
    const r = run({ 'engine.maxModelLen': 1000, 'workload.promptTokens': { kind: 'empirical', tokens: [999, 1000] }, 'workload.outputTokens': { kind: 'fixed', tokens: 50 } });
    const c = r.requests;
    for (let i = 0; i < c.count; i++) {
      if (c.numPromptTokens[i] === 1000) expect(c.status[i]).toBe(2);
      else expect([c.status[i], c.numOutputTokens[i]]).toEqual([1, 1]);
    }
  });

  it('generation stops at maxModelLen: output capped at maxModelLen − prompt, counted in a note', () => {
    const r = run({ 'engine.maxModelLen': 1000, 'workload.promptTokens': { kind: 'fixed', tokens: 900 }, 'workload.outputTokens': { kind: 'fixed', tokens: 200 } });
    expect(r.summary.requests.finished).toBe(40);
    expect(Array.from(r.requests.numOutputTokens.subarray(0, 40))).toEqual(new Array(40).fill(100));
    expect(r.notes).toContain('40 request(s) stopped at maxModelLen (1000 tokens of prompt + output): their output was cut there');
  });
});

describe('validate that compares nothing (exit 2, says why)', () => {
  const HEADER = 'source,engine,model,gpu,num_gpus,tp,pp,weight_dtype,kv_dtype,isl,osl,load,num_requests,metric,value';
  it('header only', async () => {
    const path = write('empty.csv', `${HEADER}\n`);
    const r = await runCli('validate', path);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `error: ${path}: line 1: nothing to compare: the file has no data rows (only a header, comments or blank lines)\n`]);
  });
  it('every row skipped (an unknown metric)', async () => {
    const path = write('skipped.csv', `${HEADER}\na,,llama-3.1-8b,h100-sxm,,1,,fp8,,8,8,max,,ttft_mean,5\n`);
    const r = await runCli('validate', path);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*skipped\.csv: line 2: nothing compared: read 1 data row, skipped all 1 \(line 2: metric "ttft_mean" is not produced; did you mean 'ttft_mean_ms'\?\)\n$/);
  });
});

describe('every check before any simulation (exit 2)', () => {
  it('a name meant to escape the output folder, or holding a NUL, is refused at load', async () => {
    const escape = write('escape.yaml', withChanges(baseScenario(), { name: '../../x' }));
    expect(await badInput(escape)).toBe(`error: ${escape}: 1 problem\n  name: got "../../x"; a name is 1 to 100 letters, digits, '.', '_' or '-', not starting with '.'\n`);
    const nul = write('nul.json', JSON.stringify(withChanges(baseScenario(), { name: 'a\0b' })));
    expect(await badInput(nul)).toMatch(/name: got "a\\u0000b"; a name is/);
  });

  it('blockSize 17 fails before the good file before it runs (nothing on stdout)', async () => {
    const good = write('good.yaml', withChanges(baseScenario(), { 'workload.stop': { numRequests: 3 } }));
    const block = write('block.yaml', withChanges(baseScenario(), { 'engine.blockSize': 17 }));
    const msg = await badInput(good, block);
    expect(msg).toBe(`error: ${block}: 1 problem\n  engine.blockSize: vllm offers no KV block size of 17 tokens; expected one of 1, 8, 16, 32, 64, 128, 256 (vLLM --block-size)\n`);
  });

  it('several bad files: every file\'s problems in one message, before any run', async () => {
    const good = write('good2.yaml', withChanges(baseScenario(), { 'workload.stop': { numRequests: 3 } }));
    const block = write('block2.yaml', withChanges(baseScenario(), { 'engine.blockSize': 17 }));
    const gpu = write('gpu2.yaml', withChanges(baseScenario(), { 'hardware.gpu': 'h300' }));
    const msg = await badInput(block, good, gpu);
    expect(msg).toMatch(new RegExp(`^error: ${block}: 1 problem\\n {2}engine\\.blockSize: vllm offers no KV block size of 17 tokens.*\\n${gpu}: 1 problem\\n {2}hardware\\.gpu: unknown GPU 'h300'`));
  });

  it("the README's two-problem file: unknown GPU 'h300' and arrival kind 'poison' in one message", async () => {
    const two = write('two.yaml', withChanges(baseScenario(), { 'hardware.gpu': 'h300', 'workload.arrival': { kind: 'poison', ratePerSecond: 1 } }));
    const msg = await badInput(two);
    expect(msg).toMatch(new RegExp(`^error: ${two}: 2 problems\\n`));
    expect(msg).toMatch(/unknown kind "poison"/);
    expect(msg).toMatch(/unknown GPU 'h300'/);
  });

  it('200k-token prompts that can never fit Llama-3.1-8B are a scenario error at load', async () => {
    const path = write('long.yaml', withChanges(baseScenario(), { 'workload.promptTokens': { kind: 'fixed', tokens: 200000 } }));
    expect(await badInput(path)).toMatch(/^error: .*long\.yaml: 1 problem\n {2}workload\.promptTokens: every prompt has at least 200000 tokens, but a prompt must be shorter than maxModelLen 131072/);
  });
});
