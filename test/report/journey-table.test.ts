import { describe, expect, it } from 'vitest';
import {
  JOURNEY_CSV_HEADER,
  formatJourneyTable,
  journeyCells,
  journeyCsv,
  journeyMarkdown,
  journeyRows,
  journeyTrafficNotes,
  precisionLabel,
  type JourneyStep,
} from '../../sim/report/index.ts';
import { fakeRunResult } from './fake-run.ts';

const chat = { arrival: { kind: 'poisson', ratePerSecond: 2 }, stop: { numRequests: 10 } };

/** Three steps: two on the same traffic (the second overloaded, on 2 replicas of 4 × 2 B200s), a third on other traffic. */
function steps(): JourneyStep[] {
  const base = fakeRunResult();
  const big = fakeRunResult({ overloaded: true });
  big.replicas = [0, 1].map((index) => ({ ...base.replicas[0], index, gpu: 'b200', tp: 4, pp: 2 }));
  big.notes = [];
  const other = fakeRunResult();
  other.summary.kv.prefixCacheHitRate = 0.47;
  return [
    { name: '01-base', description: 'Starting point.', precision: { weights: 'fp8' }, workload: chat, result: base },
    { name: '02-hybrid', description: 'Changed: attention | MLP split.', precision: { weights: 'nvfp4', attentionWeights: 'fp8' }, workload: structuredClone(chat), result: big },
    { name: '03-short', description: '', precision: { weights: 'fp8', attentionWeights: 'fp8' }, workload: { ...chat, arrival: { kind: 'poisson', ratePerSecond: 3 } }, result: other },
  ];
}

describe('precisionLabel(precision)', () => {
  it('names the weight format, and the attention projections\' only when they differ', () => {
    expect(precisionLabel({ weights: 'fp16' })).toBe('fp16');
    expect(precisionLabel({ weights: 'fp8', attentionWeights: 'fp8' })).toBe('fp8');
    expect(precisionLabel({ weights: 'nvfp4', attentionWeights: 'fp8' })).toBe('nvfp4, attn fp8');
  });
});

describe('journeyRows(steps)', () => {
  const rows = journeyRows(steps());

  it('keeps the summary numbers at full precision, one row per step in order', () => {
    expect(rows.map((r) => r.step)).toEqual(['01-base', '02-hybrid', '03-short']);
    const { description, notes, ...numbers } = rows[0];
    expect(numbers).toEqual({
      step: '01-base',
      traffic: 'A',
      seed: 42,
      gpu: 'H100-SXM',
      gpuCount: 2,
      precision: 'fp8',
      p95TtftSeconds: 0.25,
      p95TpotSeconds: 0.025,
      outputTokensPerSecond: 987.75,
      totalTokensPerSecond: 12345.6 + 987.75,
      meanKvUsage: 0.456,
      preemptions: 3,
      fractionMeetingSlo: 0.9,
      prefixCacheHitRate: NaN,
      usdPer1kTokens: 0.000456,
      usdPer1kOutputTokens: 0.0123,
      joulesPerOutputToken: 1.5,
      requestsFinished: 2,
      requestsUnfinished: 1,
      overloaded: false,
    });
    expect(description).toBe('Starting point.');
    expect(notes).toEqual(['fp4 weights unsupported on H100-SXM; fell back to fp8']);
    expect(rows[2].prefixCacheHitRate).toBe(0.47);
  });

  it('counts every GPU of the fleet: tp × pp per replica', () => {
    expect(rows[1].gpu).toBe('b200');
    expect(rows[1].gpuCount).toBe(16);
  });

  it('labels steps by traffic: equal workload and seed share a letter', () => {
    expect(rows.map((r) => r.traffic)).toEqual(['A', 'A', 'B']);
    const reseeded = steps();
    reseeded[1].result.seed = 43;
    expect(journeyRows(reseeded).map((r) => r.traffic)).toEqual(['A', 'B', 'C']);
  });

  it('says which steps share traffic only when they do not all', () => {
    expect(journeyTrafficNotes(rows)).toEqual([
      'the steps do not all see the same traffic; compare rows only within one traffic group:',
      'traffic A: 01-base, 02-hybrid',
      'traffic B: 03-short',
    ]);
    expect(journeyTrafficNotes(rows.slice(0, 2))).toEqual([]);
  });
});

describe('journey formats', () => {
  const rows = journeyRows(steps());

  it('journeyCells formats each quantity with its unit', () => {
    expect(journeyCells(rows[0])).toEqual([
      '01-base', 'H100-SXM × 2', 'fp8', 'A', '250.0 ms', '25.0 ms', '987.8', '45.6%', '3', '90.0%', '$0.000456', '1.50', 'no',
    ]);
    expect(journeyCells(rows[1]).at(-1)).toBe('OVERLOADED');
  });

  it('formatJourneyTable prints one row per step, text left and quantities right, then the legend and traffic groups', () => {
    const lines = formatJourneyTable(rows).split('\n');
    expect(lines[1]).toBe(
      '| step      | GPUs         | precision       | traffic | p95 TTFT | p95 TPOT | out tok/s | KV mean | preempt | SLO met |  $/1k tok | J/out tok | overloaded |',
    );
    expect(lines[3]).toBe(
      '| 01-base   | H100-SXM × 2 | fp8             | A       | 250.0 ms |  25.0 ms |     987.8 |   45.6% |       3 |   90.0% | $0.000456 |      1.50 | no         |',
    );
    expect(lines[4]).toBe(
      '| 02-hybrid | b200 × 16    | nvfp4, attn fp8 | A       | 250.0 ms |  25.0 ms |     987.8 |   45.6% |       3 |   90.0% | $0.000456 |      1.50 | OVERLOADED |',
    );
    expect(lines[7]).toMatch(/^traffic: steps with the same letter ran the same workload and seed; out tok\/s: output tokens/);
    expect(lines.slice(-3)).toEqual([
      'the steps do not all see the same traffic; compare rows only within one traffic group:',
      'traffic A: 01-base, 02-hybrid',
      'traffic B: 03-short',
    ]);
  });

  it('journeyMarkdown writes the table with aligned columns, then each step\'s description and notes', () => {
    const md = journeyMarkdown(rows);
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Journey');
    expect(md).toContain(
      '| step | GPUs | precision | traffic | p95 TTFT | p95 TPOT | out tok/s | KV mean | preempt | SLO met | $/1k tok | J/out tok | overloaded |\n' +
        '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n' +
        '| 01-base | H100-SXM × 2 | fp8 | A | 250.0 ms | 25.0 ms | 987.8 | 45.6% | 3 | 90.0% | $0.000456 | 1.50 | no |\n',
    );
    expect(md).toContain('- traffic B: 03-short\n');
    expect(md).toContain(
      '## 01-base\n\nStarting point.\n\n2 requests finished, 1 unfinished.\n\nRun notes:\n\n- fp4 weights unsupported on H100-SXM; fell back to fp8\n',
    );
    expect(md).toContain('## 02-hybrid\n\nChanged: attention \\| MLP split.\n\n2 requests finished, 1 unfinished.\n');
    expect(md).toContain('## 03-short\n\nPrefix-cache hit rate 47.0%; 2 requests finished, 1 unfinished.\n');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('journeyMarkdown escapes a "|" inside a table cell', () => {
    const [row] = journeyRows([{ ...steps()[0], name: 'a|b' }]);
    expect(journeyMarkdown([row])).toContain('| a\\|b | H100-SXM × 2 |');
  });

  it('journeyCsv keeps full precision, leaves NaN empty and quotes a field with a comma', () => {
    expect(journeyCsv(rows).split('\n')).toEqual([
      JOURNEY_CSV_HEADER,
      '01-base,A,42,H100-SXM,2,fp8,0.25,0.025,987.75,13333.35,0.456,3,0.9,,0.000456,0.0123,1.5,2,1,false',
      '02-hybrid,A,42,b200,16,"nvfp4, attn fp8",0.25,0.025,987.75,13333.35,0.456,3,0.9,,0.000456,0.0123,1.5,2,1,true',
      '03-short,B,42,H100-SXM,2,fp8,0.25,0.025,987.75,13333.35,0.456,3,0.9,0.47,0.000456,0.0123,1.5,2,1,false',
      '',
    ]);
    expect(JOURNEY_CSV_HEADER.split(',')).toEqual([
      'step', 'traffic', 'seed', 'gpu', 'gpu_count', 'precision', 'p95_ttft_s', 'p95_tpot_s', 'output_tokens_per_s', 'total_tokens_per_s',
      'mean_kv_usage', 'preemptions', 'fraction_meeting_slo', 'prefix_cache_hit_rate', 'usd_per_1k_tokens', 'usd_per_1k_output_tokens',
      'joules_per_output_token', 'requests_finished', 'requests_unfinished', 'overloaded',
    ]);
  });
});
