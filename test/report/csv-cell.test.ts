import { describe, expect, it } from 'vitest';
import { csvCell, journeyCsv, journeyRows } from '../../sim/report/index.ts';
import { fakeRunResult } from './fake-run.ts';

describe('csvCell(text)', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', `"'+1"`],
    ['-1', `"'-1"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tx', `"'\tx"`],
    ['\rx', `"'\rx"`],
  ])('neutralises formula-like %j with a leading quote, always quoted', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  it('quotes per RFC 4180 only when needed, and leaves plain text alone', () => {
    expect(csvCell('plain-name_1.0')).toBe('plain-name_1.0');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('')).toBe('');
  });
});

describe('journey.csv with hostile step names', () => {
  it('neutralises a formula step name; numeric columns stay numbers', () => {
    const rows = journeyRows([{ name: '=cmd|calc', description: '', precision: { weights: 'fp8' }, workload: {}, result: fakeRunResult() }]);
    const line = journeyCsv(rows).split('\n')[1];
    expect(line.startsWith(`"'=cmd|calc",A,42,`)).toBe(true);
  });
});
