import { describe, expect, it } from 'vitest';
import { formatMarkdownTable, formatTable } from '../../sim/report/index.ts';

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

describe('formatMarkdownTable(headers, rows)', () => {
  it('writes a Markdown table, aligned like formatTable, escaping "|" and line breaks in cells', () => {
    expect(formatMarkdownTable(['name', 'latency'], [['a|b', '12.3 ms'], ['c\nd', 'n/a']])).toBe(
      ['| name | latency |', '| --- | ---: |', '| a\\|b | 12.3 ms |', '| c d | n/a |'].join('\n'),
    );
    expect(formatMarkdownTable(['x', 'y'], [['1', '2']], { align: ['left', 'left'] })).toBe('| x | y |\n| --- | --- |\n| 1 | 2 |');
  });
});
