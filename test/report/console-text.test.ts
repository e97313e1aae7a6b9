import { describe, expect, it } from 'vitest';
import { escapeControl } from '../../sim/report/index.ts';

describe('escapeControl(text)', () => {
  it('shows ESC, NUL, CR, tab, DEL and C1 controls as \\xNN and keeps line feeds', () => {
    expect(escapeControl('a\x1b[2Jb\x00c\rd\te\x7ff\x9bg\nh')).toBe('a\\x1b[2Jb\\x00c\\x0dd\\x09e\\x7ff\\x9bg\nh');
  });

  it('leaves printable text, including non-ASCII, unchanged', () => {
    expect(escapeControl('先読み × 4 | $0.1')).toBe('先読み × 4 | $0.1');
  });
});
