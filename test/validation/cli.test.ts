import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'measurements.csv');

const cli = runCli;

describe('sakiyomi validate', () => {
  it('--json prints { rows, summary, skipped } and exits 0 even with skipped rows', async () => {
    const r = await cli('validate', FIXTURE, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['rows', 'summary', 'skipped']);
    expect(report.rows).toHaveLength(2);
    expect(report.rows[0]).toMatchObject({ line: 4, metric: 'output_tokens_per_s', measured: 20000 });
    expect(Object.keys(report.summary)).toEqual(['count', 'mape', 'medianApe', 'meanError', 'skipped', 'simulations', 'coverage80', 'groups']);
    expect(report.summary).toMatchObject({ count: 2, skipped: 4, simulations: 1 });
    expect(report.skipped.map((s: { line: number }) => s.line)).toEqual([7, 8, 9, 10]);
    expect(r.stderr).toBe(''); // no progress when stderr is not a TTY
  });

  it('--jobs 2 runs the simulations ahead on two threads and prints the same report as --jobs 1, a run-time failure included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-validate-jobs-'));
    const csv = join(dir, 'm.csv');
    writeFileSync(
      csv,
      [
        'model,gpu,tp,weight_dtype,isl,osl,load,num_requests,metric,value,dataset',
        'llama-3.1-8b,h100-sxm,1,fp8,128,64,qps:4,60,ttft_mean_ms,20,',
        'llama-3.1-8b,h100-sxm,1,fp8,200,100,qps:4,60,itl_mean_ms,8,azure-conv-2023',
        'llama-3.1-8b,h100-sxm,1,fp8,128,64,max,40,output_tokens_per_s,3000,',
        // 9M-token mean prompts scale the trace's longest row past 10M: a ScenarioError at run time, in a worker.
        'llama-3.1-8b,h100-sxm,1,fp8,9000000,100,qps:4,20,ttft_mean_ms,20,azure-conv-2023',
      ].join('\n'),
    );
    const one = await cli('validate', csv, '--json', '--jobs', '1');
    const two = await cli('validate', csv, '--json', '--jobs', '2');
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(one.stdout);
    expect(report.summary).toMatchObject({ count: 3, skipped: 1, simulations: 17 });
    expect(report.skipped[0].reason).toMatch(/^workload\.trace\.rescale\.promptMeanTokens: 9000000 scales every length/);
  });

  it('prints the tables by default', async () => {
    const r = await cli('validate', FIXTURE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| line \| source\s+\| model/);
    expect(r.stdout).toMatch(/skipped 4 rows:/);
    expect(r.stdout).toMatch(/compared 2 rows \(1 simulation\), skipped 4: MAPE \d+\.\d%/);
  });

  it('a malformed file exits 2 naming the file and the line, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-validate-'));
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'model,gpu,tp,weight_dtype,isl,osl,load,metric,value\n# ok\nllama-3.1-8b,h100-sxm,1,fp8,8,8,max,ttft_mean_ms\n');
    const r = await cli('validate', ragged);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${ragged}: line 3: the row has 8 fields, the header has 9\n`);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expect((await cli('validate', empty, '--json')).code).toBe(2);
    const missing = await cli('validate', join(dir, 'missing.csv'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: .*missing\.csv: 1 problem\n  cannot read the measurements CSV: no such file\n$/);
    expect((await cli('validate')).code).toBe(2);
    const unknownBy = await cli('validate', ragged, '--by', 'metric,gpuu');
    expect(unknownBy.code).toBe(2);
    const emptyBy = await cli('validate', ragged, '--by', 'gpu,,metric');
    expect(emptyBy.code).toBe(2);
    expect(emptyBy.stderr).toMatch(/^error: --by: an empty dimension in 'gpu,,metric'/);
    expect(unknownBy.stderr).toBe(`error: --by: unknown dimension 'gpuu'; did you mean 'gpu'? (known: gpu, model, weight_dtype, kv_dtype, engine, tp, pp, isl, osl, load, metric, source, harness, dataset)\n`);
  });
});
