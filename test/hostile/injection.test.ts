// User text reaching an output is escaped for that output: terminal control characters in names
// and values print as \x1b (tables, notes, error messages); journey.csv neutralises formula cells;
// journey.md escapes Markdown/HTML in names and descriptions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY, cli, put, tempDir } from './fixtures.ts';

const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

describe('injection through scenario text', () => {
  it('an unknown GPU id with a terminal escape: exit 2, the message shows \\x1b, no raw control byte', () => {
    const file = put(tempDir(), 'esc.yaml', TINY.replace('gpu: h100-sxm', 'gpu: "h100\\e[2J\\e]0;pwned\\a"'));
    const r = cli(tempDir(), 'run', file, '--no-report');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toContain("unknown GPU 'h100\\x1b[2J\\x1b]0;pwned\\x07'");
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  it('an output path with ESC is echoed escaped on stdout ("wrote …"), the folder itself created as named', () => {
    const dir = tempDir();
    const file = put(dir, 'ok.yaml', `name: tiny\n${TINY}`);
    const out = join(dir, 'r\x1b[31m');
    const r = cli(dir, 'run', file, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('r\\x1b[31m/summary.json');
    expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toMatch(/^\{/);
  });

  it('journey.csv neutralises a formula-like step name; journey.md escapes HTML, code and links', () => {
    const dir = tempDir();
    const file = put(dir, 'f.yaml', `name: -2-3\ndescription: "<img src=x onerror=alert(1)> [click](http://x) \`code\`"\n${TINY}`);
    const r = cli(dir, 'journey', file, '--out', join(dir, 'j'));
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'j', 'journey.csv'), 'utf8').split('\n')[1]).toMatch(/^"'-2-3",A,0,/);
    const md = readFileSync(join(dir, 'j', 'journey.md'), 'utf8');
    expect(md).toContain('## \\-2-3\n\n&lt;img src=x onerror=alert(1)&gt; \\[click\\](http://x) \\`code\\`\n');
    expect(md).not.toContain('<img');
  });
});
