import { describe, expect, it } from 'vitest';
import { formatTable } from '../../sim/report/index.ts';

describe('formatTable(headers, rows)', () => {
  it('draws a plain ASCII table, right-aligning numeric columns and their headers', () => {
    const text = formatTable(
      ['name', 'count', 'latency'],
      [
        ['a', 1, '12.3 ms'],
        ['bbb', 1234, 'n/a'],
      ],
    );
    expect(text).toBe(
      [
        '+------+-------+---------+',
        '| name | count | latency |',
        '+------+-------+---------+',
        '| a    |     1 | 12.3 ms |',
        '| bbb  |  1234 |     n/a |',
        '+------+-------+---------+',
      ].join('\n'),
    );
  });

  it('contains no ANSI escape codes', () => {
    expect(formatTable(['x'], [[1]])).not.toMatch(/\u001b/);
  });

  it('lets options.align override the detected alignment', () => {
    const text = formatTable(['id', 'n'], [['x', 1]], { align: ['right', 'left'] });
    expect(text.split('\n')[3]).toBe('|  x | 1 |');
  });

  it('draws a header-only table for no rows', () => {
    expect(formatTable(['a'], [])).toBe(['+---+', '| a |', '+---+'].join('\n'));
  });
});
