import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../fixtures/run.ts';
import { ScenarioError, type Scenario } from '../../sim/scenario/index.ts';
import { METRIC_NAMES, RANDOM_ROW_REPLICATIONS, ValidationInputError, formatValidationReport, metricExtractor, validateMeasurements, validationJobs, type Runner } from '../../sim/validation/index.ts';
import { fakeResult } from './fake-result.ts';

const FIXTURE = readFileSync(join(import.meta.dirname, 'fixtures', 'measurements.csv'), 'utf8');
const HEADER = 'source,engine,model,gpu,num_gpus,tp,pp,weight_dtype,kv_dtype,isl,osl,load,num_requests,metric,value';

function counting(run: Runner): Runner & { calls: Scenario[]; seeds: number[] } {
  const calls: Scenario[] = [];
  const seeds: number[] = [];
  return Object.assign((s: Scenario, seed: number) => (calls.push(s), seeds.push(seed), run(s, seed)), { calls, seeds });
}

describe('validateMeasurements on the fixture (real simulator)', () => {
  const run = counting((s, seed) => runScenario(s, { seed }));
  const report = validateMeasurements(FIXTURE, run);

  it('two metrics of one benchmark run share one simulation', () => {
    expect(run.calls).toHaveLength(1);
    expect(report.summary.simulations).toBe(1);
    expect(report.rows.map((r) => [r.line, r.metric])).toEqual([
      [4, 'output_tokens_per_s'],
      [6, 'ttft_mean_ms'],
    ]);
  });

  it('each compared row repeats its columns and adds measured, predicted and the signed relative error', () => {
    const [tput, ttft] = report.rows;
    expect(Object.keys(tput)).toEqual(['line', ...HEADER.split(','), 'measured', 'predicted', 'error', 'interval']);
    expect(tput).toMatchObject({ source: 'fixture', gpu: 'h100-sxm', value: '20000', measured: 20000 });
    expect(tput.error).toBeCloseTo((tput.predicted - 20000) / 20000, 12);
    expect(tput.predicted).toBeGreaterThan(0);
    expect(ttft.predicted).toBeGreaterThan(0);
  });

  it('skips an unknown GPU, an unknown model, an unknown metric and num_gpus ≠ tp × pp, each with its reason, in file order', () => {
    expect(report.skipped.map((s) => [s.line, s.reason])).toEqual([
      [7, expect.stringMatching(/^hardware\.gpu: unknown GPU 'h999-sxm'/)],
      [8, expect.stringMatching(/^model: unknown model 'llama-9-8b'/)],
      [9, 'metric "goodput_per_s" is not produced'],
      [10, 'num_gpus 8 is not tp × pp = 4'],
    ]);
    expect(report.skipped[0]).toMatchObject({ line: 7, gpu: 'h999-sxm', metric: 'output_tokens_per_s' });
    expect(report.summary).toMatchObject({ count: 2, skipped: 4 });
  });
});

describe('validateMeasurements arithmetic (fake runner)', () => {
  // Predictions by GPU: h100 → 110 tok/s and 90 ms TTFT; h200 → 150 tok/s and 100 ms.
  const csv = [
    HEADER,
    'a,tensorrt-llm,llama-3.1-8b,h100-sxm,1,1,1,fp8,fp8,128,128,max,,output_tokens_per_s,100', // +0.1
    'a,tensorrt-llm,llama-3.1-8b,h100-sxm,1,1,1,fp8,fp8,128,128,max,,ttft_mean_ms,100', // −0.1
    'a,tensorrt-llm,llama-3.1-8b,h200-sxm,1,1,1,fp8,fp8,128,128,max,,output_tokens_per_s,100', // +0.5
    'a,tensorrt-llm,llama-3.1-8b,h200-sxm,1,1,1,fp8,fp8,128,128,max,,ttft_mean_ms,80', // +0.25
    'b,tensorrt-llm,llama-3.1-8b,h100-sxm,1,1,1,bf16,bf16,128,128,max,,output_tokens_per_s,220', // −0.5
  ].join('\n');
  const run = counting((s) =>
    s.gpu.id === 'h100-sxm' ? fakeResult({ outputTokensPerSecond: 110, ttftMeanSeconds: 0.09 }) : fakeResult({ outputTokensPerSecond: 150, ttftMeanSeconds: 0.1 }),
  );
  const progress: [number, number][] = [];
  const report = validateMeasurements(csv, run, { onProgress: (done, total) => progress.push([done, total]) });

  it('errors are (predicted − measured) / measured, as fractions', () => {
    expect(report.rows.map((r) => r.predicted)).toEqual([110, expect.closeTo(90, 9), 150, 100, 110]);
    const errors = report.rows.map((r) => r.error);
    [0.1, -0.1, 0.5, 0.25, -0.5].forEach((e, i) => expect(errors[i]).toBeCloseTo(e, 12));
  });

  it('MAPE is the mean |error|, the median APE the middle |error|, as fractions', () => {
    const s = report.summary;
    expect(s.count).toBe(5);
    expect(s.mape).toBeCloseTo(1.45 / 5, 12);
    expect(s.medianApe).toBeCloseTo(0.25, 12);
    expect(s.meanError).toBeCloseTo(0.25 / 5, 12);
    expect(s.simulations).toBe(3);
    expect(run.calls).toHaveLength(3);
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('groups by gpu, weight_dtype, engine, metric and source, in that order, with exact MAPE', () => {
    const g = report.summary.groups.map((x) => [x.key, x.count, Number(x.mape.toFixed(12)), Number(x.meanError.toFixed(12))]);
    const r = (x: number) => Number(x.toFixed(12));
    expect(g).toEqual([
      ['gpu=h100-sxm', 3, r(0.7 / 3), r(-0.5 / 3)],
      ['gpu=h200-sxm', 2, 0.375, 0.375],
      ['weight_dtype=bf16', 1, 0.5, -0.5],
      ['weight_dtype=fp8', 4, r(0.95 / 4), r(0.75 / 4)],
      ['engine=tensorrt-llm', 5, r(1.45 / 5), r(0.25 / 5)],
      ['metric=output_tokens_per_s', 3, r(1.1 / 3), r(0.1 / 3)],
      ['metric=ttft_mean_ms', 2, 0.175, 0.075],
      ['source=a', 4, r(0.95 / 4), r(0.75 / 4)],
      ['source=b', 1, 0.5, -0.5],
    ]);
  });

  it('by crosses dimensions after the default groups; load groups by its kind', () => {
    const crossed = validateMeasurements(csv, run, { by: ['metric', 'gpu'] }).summary.groups.slice(9);
    const r = (x: number) => Number(x.toFixed(12));
    expect(crossed.map((x) => [x.key, x.count, r(x.mape), r(x.meanError)])).toEqual([
      ['metric=output_tokens_per_s gpu=h100-sxm', 2, 0.3, -0.2],
      ['metric=output_tokens_per_s gpu=h200-sxm', 1, 0.5, 0.5],
      ['metric=ttft_mean_ms gpu=h100-sxm', 1, 0.1, -0.1],
      ['metric=ttft_mean_ms gpu=h200-sxm', 1, 0.25, 0.25],
    ]);
    // A single default dimension adds no second copy of its groups; a blank harness is server.
    expect(validateMeasurements(csv, run, { by: ['gpu'] }).summary.groups).toHaveLength(9);
    expect(validateMeasurements(csv, run, { by: ['harness'] }).summary.groups.slice(9).map((x) => [x.key, x.count])).toEqual([['harness=server', 5]]);
    const byLoad = validateMeasurements(csv.replace(',128,128,max,,ttft_mean_ms,100', ',128,128,qps:4,,ttft_mean_ms,100'), run, { by: ['load'] }).summary.groups.slice(9);
    expect(byLoad.map((x) => [x.key, x.count])).toEqual([
      ['load=max', 4],
      ['load=qps', 1],
    ]);
  });

  it('the median of an even count is the mean of the two middle values', () => {
    const even = validateMeasurements(csv.split('\n').slice(0, 5).join('\n'), run);
    expect(even.summary.medianApe).toBeCloseTo((0.1 + 0.25) / 2, 12);
  });

  it('a table with no data rows is bad input, not a MAPE of 0', () => {
    expect(() => validateMeasurements(HEADER, run, { file: 'm.csv' })).toThrow(
      new ValidationInputError('m.csv', 1, 'nothing to compare: the file has no data rows (only a header, comments or blank lines)'),
    );
    expect(() => validateMeasurements(`${HEADER}\n# a comment\n\n`, run)).toThrow(/^measurements: line 1: nothing to compare/);
  });

  it('a ScenarioError from the runner skips that simulation\'s rows with its message; other errors propagate', () => {
    const failing: Runner = (s) => {
      if (s.gpu.id === 'h200-sxm') throw new ScenarioError(s.file, [{ path: 'hardware', message: 'the weights do not fit' }]);
      return fakeResult({ outputTokensPerSecond: 110, ttftMeanSeconds: 0.09 });
    };
    const rep = validateMeasurements(csv, failing);
    expect(rep.rows.map((r) => r.line)).toEqual([2, 3, 6]);
    expect(rep.skipped.map((s) => [s.line, s.reason])).toEqual([
      [4, 'hardware: the weights do not fit'],
      [5, 'hardware: the weights do not fit'],
    ]);
    expect(() => validateMeasurements(csv, () => { throw new TypeError('bug'); })).toThrow(TypeError);
  });

  it('a run where nothing finished skips its rows instead of reporting a 100% error (and with every row skipped, says so)', () => {
    expect(() => validateMeasurements(csv, () => fakeResult({ finished: 0 }), { file: 'm.csv' })).toThrow(
      /^m\.csv: line 2: nothing compared: read 5 data rows, skipped all 5 \(line 2: the simulation produced no output_tokens_per_s \(no request finished\); line 3: .*; line 4: .*; and 2 more\)$/,
    );
  });

  it('a non-positive or non-numeric value is skipped, and a misspelt metric gets a suggestion', () => {
    const bad = [HEADER, 'a,,llama-3.1-8b,h100-sxm,,1,,fp8,,8,8,max,,ttft_mean_ms,0', 'a,,llama-3.1-8b,h100-sxm,,1,,fp8,,8,8,max,,ttft_mean_ms,n/a', 'a,,llama-3.1-8b,h100-sxm,,1,,fp8,,8,8,max,,ttft_mean,5'].join('\n');
    const good = 'a,,llama-3.1-8b,h100-sxm,,1,,fp8,,8,8,max,,ttft_mean_ms,5';
    expect(() => validateMeasurements(bad, run)).toThrow(/nothing compared: read 3 data rows, skipped all 3 \(line 2: value must be a positive number, got "0"; line 3: /);
    expect(validateMeasurements(`${bad}\n${good}`, run).skipped.map((s) => s.reason)).toEqual([
      'value must be a positive number, got "0"',
      'value must be a positive number, got "n/a"',
      'metric "ttft_mean" is not produced; did you mean \'ttft_mean_ms\'?',
    ]);
  });

  it('the table shows every row when there are few, the groups, the skipped rows and the overall line', () => {
    const text = formatValidationReport(report);
    expect(text).toMatch(/\|\s+2 \| a\s+\| llama-3.1-8b \| h100-sxm \|\s+1 \| fp8\s+\| 128\/128 \| max\s+\| output_tokens_per_s \|\s+100.0 \|\s+110.0 \| \+10.0% \|/);
    expect(text).toMatch(/\| gpu=h200-sxm\s+\|\s+2 \| 37.5% \|\s+\+37.5% \|/);
    expect(text.split('\n').at(-1)).toBe('compared 5 rows (3 simulations), skipped 0: MAPE 29.0%, median APE 25.0%, mean error +5.0% (error = (predicted − measured) / measured)');
    const withSkips = formatValidationReport(validateMeasurements(FIXTURE, () => fakeResult({ outputTokensPerSecond: 1, ttftMeanSeconds: 1 })));
    expect(withSkips).toMatch(/skipped 4 rows:/);
    expect(withSkips).toMatch(/num_gpus 8 is not tp × pp = 4/);
  });

  it('the table lists rows only on request when there are more than 60', () => {
    const many = [HEADER, ...Array.from({ length: 61 }, () => 'a,tensorrt-llm,llama-3.1-8b,h100-sxm,1,1,1,fp8,fp8,128,128,max,,output_tokens_per_s,100')].join('\n');
    const rep = validateMeasurements(many, run);
    expect(formatValidationReport(rep)).toMatch(/^61 rows compared \(--rows prints each one\)/);
    expect(formatValidationReport(rep, { rows: true }).split('\n').filter((l) => l.includes('output_tokens_per_s'))).toHaveLength(61 + 1);
  });
});

describe('metricExtractor', () => {
  it('reads the README metrics from the summary, latencies in ms', () => {
    const s = fakeResult({ outputTokensPerSecond: 1234, ttftMeanSeconds: 0.25, itlMeanSeconds: 0.012 }).summary;
    s.ttftSeconds.p99 = 0.5;
    s.tpotSeconds.mean = 0.011;
    s.tpotSeconds.p99 = 0.02;
    expect(metricExtractor('output_tokens_per_s')!(s)).toBe(1234);
    expect(metricExtractor('ttft_mean_ms')!(s)).toBe(250);
    expect(metricExtractor('ttft_p99_ms')!(s)).toBe(500);
    expect(metricExtractor('itl_mean_ms')!(s)).toBe(12);
    expect(metricExtractor('tpot_mean_ms')!(s)).toBe(11);
    expect(metricExtractor('tpot_p99_ms')!(s)).toBe(20);
    expect(metricExtractor('goodput')).toBeUndefined();
    expect(metricExtractor('toString')).toBeUndefined();
    expect(METRIC_NAMES).toEqual(expect.arrayContaining(['output_tokens_per_s', 'ttft_mean_ms', 'ttft_p99_ms', 'itl_mean_ms', 'tpot_mean_ms', 'tpot_p99_ms', 'e2e_p50_ms']));
  });

  it('for a max row the throughput window is the whole run: output tokens / last finish', () => {
    const csv = [HEADER, 'a,vllm,llama-3.1-8b,h100-sxm,1,1,1,bf16,bf16,64,32,max,50,output_tokens_per_s,1000'].join('\n');
    let last = 0;
    const rep = validateMeasurements(csv, (s) => {
      const r = runScenario(s);
      for (let i = 0; i < r.requests.count; i++) last = Math.max(last, r.requests.finishedAt[i]);
      return r;
    });
    expect(rep.rows[0].predicted).toBeCloseTo((50 * 32) / last, 9);
  });
});

describe('validateMeasurements with a dataset column', () => {
  const csv = [
    `${HEADER},dataset`,
    'a,tensorrt-llm,llama-3.1-8b,h100-sxm,1,1,1,fp8,fp8,202,214,qps:4,500,output_tokens_per_s,100,azure-conv-2023',
    'a,tensorrt-llm,llama-3.1-8b,h100-sxm,1,1,1,fp8,fp8,202,214,qps:4,500,output_tokens_per_s,100,',
  ].join('\n');
  const run = counting(() => fakeResult({ outputTokensPerSecond: 100, ttftMeanSeconds: 0.1 }));

  it("hands the dataset's trace to the runner through options.resolveTraceFile, beside the fixed-length row", () => {
    const report = validateMeasurements(csv, run, { resolveTraceFile: (p) => `/bundle/${p}` });
    expect(report.rows.map((r) => r.line)).toEqual([2, 3]);
    const trace = '/bundle/data/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv';
    expect(run.calls.map((s) => s.traceFile ?? null)).toEqual([...Array(RANDOM_ROW_REPLICATIONS).fill(trace), ...Array(RANDOM_ROW_REPLICATIONS).fill(null)]);
    // The table says a dataset row's lengths are means.
    const table = formatValidationReport(report, { rows: true });
    expect(table).toContain('| 202/214 mean (azure-conv-2023) |');
    expect(table).toMatch(/\| 202\/214 +\| qps:4/);
  });

  it('groups --by dataset, a blank dataset as fixed', () => {
    const report = validateMeasurements(csv, run, { resolveTraceFile: (p) => `/bundle/${p}`, by: ['dataset'] });
    expect(report.summary.groups.slice(-2).map((g) => [g.key, g.count])).toEqual([['dataset=azure-conv-2023', 1], ['dataset=fixed', 1]]);
  });

  it('skips a row whose simulation rejected requests (a dataset tail beyond the context), with the counts', () => {
    // The dataset row's runs each turn 1 of 100 requests away; the fixed-length row's none.
    const rejecting = counting((s) => fakeResult({ outputTokensPerSecond: 100, ttftMeanSeconds: 0.1, finished: 99, rejected: s.traceFile === undefined ? 0 : 1 }));
    const report = validateMeasurements(csv, rejecting, { resolveTraceFile: (p) => `/bundle/${p}` });
    expect(report.skipped.map((s) => [s.line, s.reason])).toEqual([[2, 'the simulation rejected 8 of 800 requests (the first replication: see the run notes): its benchmark is not the row\'s']]);
    expect(report.rows.map((r) => r.line)).toEqual([3]);
  });

  it('without a resolver, skips the dataset row with the reason', () => {
    const report = validateMeasurements(csv, counting(() => fakeResult({ outputTokensPerSecond: 100, ttftMeanSeconds: 0.1 })));
    expect(report.skipped.map((s) => [s.line, s.reason])).toEqual([[2, expect.stringMatching(/^workload\.trace\.file: .*no file access in this context/)]]);
  });
});

describe('validateMeasurements replications of random rows', () => {
  // Throughput 100 + seed: the prediction of a random row is the mean over seeds 1 … R.
  const bySeed = counting((_, seed) => fakeResult({ outputTokensPerSecond: 100 + seed, ttftMeanSeconds: 0.1 }));
  const csv = [
    HEADER,
    'a,tensorrt-llm,llama-3.1-8b,h100-sxm,1,1,1,fp8,fp8,128,128,qps:4,500,output_tokens_per_s,100',
    'a,tensorrt-llm,llama-3.1-8b,h100-sxm,1,1,1,fp8,fp8,128,128,qps:4,500,ttft_mean_ms,100',
    'a,tensorrt-llm,llama-3.1-8b,h100-sxm,1,1,1,fp8,fp8,128,128,max,500,output_tokens_per_s,100',
    'a,tensorrt-llm,llama-3.1-8b,h100-sxm,1,1,1,fp8,fp8,128,128,concurrency:8,,output_tokens_per_s,100',
  ].join('\n');
  const report = validateMeasurements(csv, bySeed);

  it('validationJobs lists exactly the (scenario, seed) pairs validateMeasurements asks its runner for, in its order', () => {
    const jobs = validationJobs(csv).map((j) => `${j.scenario.name}|${j.seed}`);
    const asked = bySeed.calls.map((s, i) => `${s.name}|${bySeed.seeds[i]}`);
    expect(jobs).toEqual(asked);
    expect(jobs).toEqual([...Array.from({ length: 8 }, (_, i) => `line-2|${i + 1}`), 'line-4|1', 'line-5|1']);
  });

  it('a Poisson row runs on seeds 1 … R (its metrics sharing them) and predicts their mean; fixed lengths at max or concurrency run once', () => {
    const R = RANDOM_ROW_REPLICATIONS;
    expect(R).toBe(8);
    expect(bySeed.seeds).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 1, 1]);
    expect(report.rows.map((r) => r.predicted)).toEqual([104.5, expect.closeTo(100, 9), 101, 101]);
    expect(report.summary.simulations).toBe(R + 2);
  });
});
