import { describe, expect, it } from 'vitest';
import { REQUESTS_CSV_HEADER, requestRow, requestsCsvChunks, requestsCsvHeader } from '../../sim/report/index.ts';
import { emptyColumns } from '../../sim/metrics/index.ts';
import { FAKE_REQUESTS, syntheticRequests } from './fake-run.ts';

describe('requestsCsvChunks(columns)', () => {
  it('writes the header, then one exact line per request with NaN as an empty field', () => {
    expect([...requestsCsvChunks(FAKE_REQUESTS)].join('')).toBe(
      [
        'id,arrived_at_s,scheduled_at_s,first_token_at_s,finished_at_s,prompt_tokens,output_tokens,preemptions,replica,status,measured,ttft_s,tpot_s,e2e_s',
        '0,0.5,0.625,0.75,1.75,100,5,0,0,finished,1,0.25,0.25,1.25',
        '1,1,1.25,1.5,3.5,200,9,1,0,finished,1,0.5,0.25,2.5',
        '2,2,,,,5000,0,0,-1,rejected,1,,,',
        '3,3,3.5,4,,50,3,0,0,unfinished,1,1,,',
        '',
      ].join('\n'),
    );
  });

  it('yields the header alone as the first chunk, then chunks of at most rowsPerChunk rows', () => {
    const chunks = [...requestsCsvChunks(FAKE_REQUESTS, 3)];
    expect(chunks[0]).toBe(`${REQUESTS_CSV_HEADER}\n`);
    expect(chunks.slice(1).map((c) => c.split('\n').length - 1)).toEqual([3, 1]);
  });

  it('gives the same bytes for any chunk size', () => {
    const rows = syntheticRequests(1000);
    expect([...requestsCsvChunks(rows, 7)].join('')).toBe([...requestsCsvChunks(rows)].join(''));
  });

  it('yields only the header for no requests', () => {
    expect([...requestsCsvChunks(syntheticRequests(0))]).toEqual([`${REQUESTS_CSV_HEADER}\n`]);
  });

  it('streams a million requests in 10,000-row chunks', () => {
    // A million rejected requests arriving every 0.25 s: short fields keep the test fast.
    const n = 1_000_000;
    const rows = emptyColumns(n);
    rows.arrivedAt = Float64Array.from({ length: n }, (_, i) => i / 4);
    for (const key of ['scheduledAt', 'firstTokenAt', 'finishedAt'] as const) rows[key].fill(NaN);
    rows.status.fill(2);
    rows.measured.fill(1);
    let chunks = 0;
    let lines = 0;
    let longest = 0;
    for (const chunk of requestsCsvChunks(rows)) {
      chunks++;
      lines += chunk.split('\n').length - 1;
      longest = Math.max(longest, chunk.length);
    }
    expect(chunks).toBe(101);
    expect(lines).toBe(1_000_001);
    expect(longest).toBeLessThan(2_000_000);
  });

  it('with class names, adds a last `class` column naming each row by its classIndex; without, the header is unchanged', () => {
    const rows = structuredClone(FAKE_REQUESTS);
    rows.classIndex.set([1, 0, 2, 1]);
    const lines = [...requestsCsvChunks(rows, 3, ['chat', 'code-completion', 'summarise'])].join('').split('\n');
    expect(lines[0]).toBe(`${REQUESTS_CSV_HEADER},class`);
    expect(lines.slice(1, -1).map((l) => l.split(',').at(-1))).toEqual(['code-completion', 'chat', 'summarise', 'code-completion']);
    // The other columns are byte-identical to the classless file's.
    expect(lines.slice(1, -1).map((l) => l.slice(0, l.lastIndexOf(',')))).toEqual([...requestsCsvChunks(rows)].join('').split('\n').slice(1, -1));
    expect(requestsCsvHeader()).toBe(REQUESTS_CSV_HEADER);
    expect(requestsCsvHeader([])).toBe(`${REQUESTS_CSV_HEADER},class`);
  });

  it('neutralises a class name that a spreadsheet would read as a formula (csvCell)', () => {
    const rows = structuredClone(FAKE_REQUESTS);
    rows.classIndex.set([0, 1, 0, 1]);
    const last = [...requestsCsvChunks(rows, 10, ['-1-1', 'ok'])].join('').split('\n').slice(1, -1).map((l) => l.slice(l.lastIndexOf('"\'') >= 0 ? l.indexOf('"\'') : l.lastIndexOf(',') + 1));
    expect(last).toEqual([`"'-1-1"`, 'ok', `"'-1-1"`, 'ok']);
  });

  it('refuses a class index without a name (an internal error, never a silent empty cell)', () => {
    const rows = structuredClone(FAKE_REQUESTS);
    rows.classIndex[2] = 5;
    expect(() => [...requestsCsvChunks(rows, 10, ['a', 'b'])]).toThrow(/request 2 has class index 5, but 2 classes are named/);
    expect(requestRow({ id: 0, arrivedAt: 0, scheduledAt: NaN, firstTokenAt: NaN, finishedAt: NaN, numPromptTokens: 1, numOutputTokens: 0, numPreemptions: 0, replica: -1, status: 2, measured: 0, classIndex: 1 }, ['a', 'b'])).toBe('0,0,,,,1,0,0,-1,rejected,0,,,,b');
  });

  it('rejects a chunk size that is not a positive integer', () => {
    expect(() => requestsCsvChunks(FAKE_REQUESTS, 0).next()).toThrow(RangeError);
  });
});
