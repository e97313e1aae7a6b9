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
