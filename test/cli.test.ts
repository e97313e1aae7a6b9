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
    expect(Object.keys(summary)).toEqual(['requests', 'ttftSeconds', 'tpotSeconds', 'itlSeconds', 'e2eSeconds', 'queueSeconds', 'throughput', 'goodput', 'kv', 'cost', 'energy', 'overloaded']);
    expect(Object.keys(summary.ttftSeconds)).toEqual(['mean', 'p50', 'p90', 'p95', 'p99', 'max']);
    expect(readdirSync(out).sort()).toEqual(['latency-cdf.svg', 'latency-cdf.vl.json', 'requests.csv', 'summary.json', 'timeline.svg', 'timeline.vl.json']);
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
});
