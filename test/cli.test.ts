import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli.ts';

const ROOT = join(import.meta.dirname, '..');

const cli = runCli;

describe('sakiyomi CLI', () => {
  it('run --json prints the summary contract and writes the report files', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sakiyomi-cli-'));
    const r = await cli('run', join(ROOT, 'scenarios/analytic/md1.yaml'), '--json', '--out', out, '--seed', '3');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(Object.keys(summary)).toEqual(['requests', 'ttftSeconds', 'tpotSeconds', 'itlSeconds', 'e2eSeconds', 'queueSeconds', 'throughput', 'goodput', 'kv', 'cost', 'energy', 'overloaded', 'window', 'throughputWithDrain', 'goodputWithDrain', 'costWithDrain', 'energyWithDrain', 'slo', 'routing', 'windows', 'modelError']);
    expect(Object.keys(summary.ttftSeconds)).toEqual(['mean', 'p50', 'p90', 'p95', 'p99', 'max']);
    expect(readdirSync(out).sort()).toEqual(['latency-cdf.svg', 'latency-cdf.vl.json', 'requests.csv', 'summary.json', 'timeline.svg', 'timeline.vl.json', 'windows.csv', 'windows.svg', 'windows.vl.json']);
  });

  it('run prints a readable table', async () => {
    const r = await cli('run', join(ROOT, 'scenarios/analytic/md1.yaml'), '--no-report');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/scenario md1 \| seed 1/);
    expect(r.stdout).toMatch(/TTFT/);
    expect(r.stdout).toMatch(/dominant/);
  });

  it('run prints the published speculative-decoding figures under a scenario with a speculative section, not in --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-cli-'));
    const plain = 'model: llama-3.1-8b\nhardware: { gpu: h100-sxm }\nworkload:\n  arrival: { kind: max }\n  promptTokens: { kind: fixed, tokens: 64 }\n  outputTokens: { kind: fixed, tokens: 16 }\n  stop: { numRequests: 8 }\n';
    const withSpec = join(dir, 'spec.yaml');
    writeFileSync(withSpec, `${plain}speculative: { method: ngram, numSpeculativeTokens: 3, acceptance: { kind: constant, rate: 0.6 } }\n`);
    const without = join(dir, 'plain.yaml');
    writeFileSync(without, plain);
    const heading = 'published speculative-decoding figures (not simulated)';
    const r = await cli('run', withSpec, '--no-report');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`\n\n${heading}, from data/reference/specdecode_and_quant_accuracy.csv`);
    expect(r.stdout).toContain('| n-gram (prompt lookup) ');
    expect(r.stdout.indexOf(heading)).toBeGreaterThan(r.stdout.indexOf('speculative: ngram'));
    expect((await cli('run', without, '--no-report')).stdout).not.toContain(heading);
    const json = await cli('run', withSpec, '--no-report', '--json');
    expect(json.stdout).not.toContain(heading);
    expect(JSON.parse(json.stdout).speculative.method).toBe('ngram');
  });

  it('bad input exits 2 with the file, the field path and a suggestion, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-cli-'));
    const file = join(dir, 'typo.yaml');
    writeFileSync(file, 'model: llama-3.1-8b\nhardware: { gpu: h300 }\nworkload:\n  arrival: { kind: max }\n  promptTokens: { kind: fixed, tokens: 8 }\n  outputTokens: { kind: fixed, tokens: 8 }\n  stop: { numRequests: 2 }\n');
    const r = await cli('run', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/hardware\.gpu: unknown GPU 'h300'.*did you mean 'h100-sxm', 'h200-sxm' or 'b300'\?/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect((await cli('run', join(dir, 'missing.yaml'))).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('run', file, '--seed', '-1')).code).toBe(2);
  });

  it('an infeasible configuration exits 2 and says why with the numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-cli-'));
    const file = join(dir, 'big.yaml');
    writeFileSync(file, 'model: llama-3.1-405b\nhardware: { gpu: h100-sxm }\nworkload:\n  arrival: { kind: max }\n  promptTokens: { kind: fixed, tokens: 8 }\n  outputTokens: { kind: fixed, tokens: 8 }\n  stop: { numRequests: 2 }\n');
    const r = await cli('run', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/hardware: .*GiB/);
  });

  it('gpus, models and schema list the catalogs and the format', async () => {
    const g = await cli('gpus');
    expect(g.code).toBe(0);
    for (const id of ['a100-sxm-80gb', 'a100-pcie-80gb', 'l40s', 'h100-sxm', 'h200-sxm', 'gh200-96gb', 'b200', 'gb200', 'b300', 'gb300', 'rtx-pro-6000', 'mi300x', 'mi325x']) expect(g.stdout).toContain(id);
    // A format the GPU lacks is "n/a", right-aligned with the numbers of its column.
    expect(g.stdout).toMatch(/\| a100-sxm-80gb +\| ampere +\| +312 \| +n\/a \| +n\/a \| +624 \|/);
    const m = await cli('models', '--json');
    expect(JSON.parse(m.stdout).map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(['llama-3.1-8b', 'llama-3.1-70b', 'llama-3.3-70b', 'llama-3.1-405b', 'mistral-7b', 'llama-2-7b', 'llama-2-70b']));
    const s = await cli('schema');
    expect(JSON.parse(s.stdout).title).toBe('sakiyomi scenario');
  });

  it('the committed JSON Schema is up to date (npm run schema)', async () => {
    const s = await cli('schema');
    const committed = readFileSync(join(ROOT, 'scenarios/scenario.schema.json'), 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(s.stdout));
  });

  it('the installed bin runs as a real process and exits 2 on bad input', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/sakiyomi.mjs'), 'run', 'no/such/file.yaml'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no\/such\/file\.yaml: 1 problem\n {2}cannot read the scenario: no such file/);
  });

  it('--version prints the package.json version', async () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    const r = await cli('--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });

  it('run --json with several files prints [{ scenario, file, summary }], one file keeps the summary object', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-cli-'));
    const tiny = 'model: llama-3.1-8b\nhardware: { gpu: h100-sxm }\nworkload:\n  arrival: { kind: max }\n  promptTokens: { kind: fixed, tokens: 64 }\n  outputTokens: { kind: fixed, tokens: 16 }\n  stop: { numRequests: 8 }\n';
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(a, `name: first\n${tiny}`);
    writeFileSync(b, `name: second\n${tiny}`);
    const r = await cli('run', a, b, '--json', '--no-report');
    expect(r.code).toBe(0);
    const items = JSON.parse(r.stdout);
    expect(items.map((x: { scenario: string; file: string }) => [x.scenario, x.file])).toEqual([['first', a], ['second', b]]);
    expect(Object.keys(items[0])).toEqual(['scenario', 'file', 'summary']);
    expect(items[0].summary.requests.finished).toBe(8);
    expect(JSON.parse((await cli('run', a, '--json', '--no-report')).stdout).requests.finished).toBe(8);
  });

  it('summary.json records the sakiyomi version and the resolved scenario, after the run keys', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sakiyomi-cli-'));
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-cli-'));
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'name: s\nmodel: llama-3.1-8b\nhardware: { gpu: H100-SXM, tp: 2 }\nprecision: { weights: fp8 }\nengine: { maxNumSeqs: 7 }\nworkload:\n  arrival: { kind: max }\n  promptTokens: { kind: fixed, tokens: 64 }\n  outputTokens: { kind: fixed, tokens: 16 }\n  stop: { numRequests: 8 }\nslo: { ttftSeconds: 0.25, tpotSeconds: 0.02 }\n');
    expect((await cli('run', file, '--out', out)).code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(Object.keys(summary)).toEqual(['scenario', 'seed', 'simulatedSeconds', 'events', 'summary', 'replicas', 'notes', 'sakiyomiVersion', 'resolved']);
    expect(summary.sakiyomiVersion).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const { resolved } = summary;
    expect(Object.keys(resolved)).toEqual(['model', 'hardware', 'precision', 'engine', 'costModel', 'router', 'workload', 'slo', 'metrics', 'power', 'simulation']);
    expect(resolved.model).toBe('llama-3.1-8b');
    expect(resolved.hardware).toEqual({ gpu: 'h100-sxm', tp: 2, pp: 1, numReplicas: 1 });
    expect(resolved.precision).toEqual({ weights: 'fp8' });
    expect(resolved.engine).toMatchObject({ preset: 'vllm', blockSize: 16, maxNumSeqs: 7 });
    expect(resolved.workload.stop).toEqual({ numRequests: 8 });
    expect(resolved.slo).toEqual({ ttftSeconds: 0.25, tpotSeconds: 0.02 });
  });

  it('two scenarios with the same name cannot share a report folder: exit 2 before running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-cli-'));
    const tiny = 'name: same\nmodel: llama-3.1-8b\nhardware: { gpu: h100-sxm }\nworkload:\n  arrival: { kind: max }\n  promptTokens: { kind: fixed, tokens: 64 }\n  outputTokens: { kind: fixed, tokens: 16 }\n  stop: { numRequests: 8 }\n';
    writeFileSync(join(dir, 'a.yaml'), tiny);
    writeFileSync(join(dir, 'b.yaml'), tiny);
    const r = await cli('run', join(dir, 'a.yaml'), join(dir, 'b.yaml'), '--out', join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*a\.yaml and .*b\.yaml would both write the report folder .*same; give them different names/);
    expect(r.stdout).toBe('');
  });
});
