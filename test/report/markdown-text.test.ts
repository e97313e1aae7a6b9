import { describe, expect, it } from 'vitest';
import { escapeMarkdown, journeyMarkdown, journeyRows } from '../../sim/report/index.ts';
import { fakeRunResult } from './fake-run.ts';

describe('escapeMarkdown(text)', () => {
  it('turns HTML into entities and escapes code spans, links and pipes', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)> & `rm` [a](b) | c')).toBe(
      '&lt;img src=x onerror=alert(1)&gt; &amp; \\`rm\\` \\[a\\](b) \\| c',
    );
  });

  it('folds line breaks into spaces and escapes a leading heading or list marker', () => {
    expect(escapeMarkdown('a\n# b\r\nc')).toBe('a # b c');
    expect(escapeMarkdown('# title')).toBe('\\# title');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('back\\slash')).toBe('back\\\\slash');
  });

  it('leaves pipes to the table formatter with { pipes: false }', () => {
    expect(escapeMarkdown('a|b', { pipes: false })).toBe('a|b');
  });
});

describe('journey.md with hostile names and descriptions', () => {
  it('a name cannot add a heading, a row or HTML', () => {
    const md = journeyMarkdown(
      journeyRows([{ name: 'x|y\n# pwn', description: '<script>alert(1)</script>\n\n## fake', precision: { weights: 'fp8' }, workload: {}, result: fakeRunResult() }]),
    );
    expect(md).not.toMatch(/<script>/);
    expect(md).not.toMatch(/^# pwn/m);
    expect(md).not.toMatch(/^## fake/m);
    expect(md).toContain('| x\\|y # pwn |');
    expect(md).toContain('## x\\|y # pwn\n\n&lt;script&gt;alert(1)&lt;/script&gt;  ## fake\n');
  });
});
