// --out that cannot hold a report: an existing file, an empty string, a path under a file, a
// place even root cannot write (/proc), a symlink — exit 2 with a one-line message, checked
// BEFORE simulating: with a heavy scenario first, nothing is simulated or printed (a run before
// the check would print its table, or take minutes), and nothing is written.
// NOTE: chmod is no test of "not writable" here: the suite may run as root, which ignores it.
import { join } from 'node:path';
import { symlinkSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEAVY, TINY, cli, put, tempDir, treeOf } from './fixtures.ts';

function setup() {
  const root = tempDir();
  put(root, 'a-file', 'precious');
  mkdirSync(join(root, 'real'));
  symlinkSync('real', join(root, 'link'));
  const work = tempDir();
  const heavy = put(work, 'heavy.yaml', `name: heavy\n${HEAVY}`);
  const tiny = put(work, 'tiny.yaml', `name: tiny\n${TINY}`);
  return { root, heavy, tiny };
}

describe('--out that cannot be written, checked before simulating', () => {
  it.each([
    ['an existing file', (root: string) => join(root, 'a-file'), /^error: the report folder .*a-file is an existing file; expected a folder/],
    ['empty', () => '', /^error: --out is empty; expected a path/],
    ['a path under a file', (root: string) => join(root, 'a-file', 'sub'), /^error: cannot create the report folder .*a part of the path is a file, not a folder \((ENOTDIR|EEXIST)\)/],
    ['a symlink', (root: string) => join(root, 'link'), /^error: the report folder .*link is a symbolic link/],
    ['under /proc (refused even to root)', () => '/proc/sakiyomi-hostile/out', /^error: cannot create the report folder \/proc\/sakiyomi-hostile\/out: /],
  ])('run --out %s: exit 2, one line, nothing simulated, nothing written', (_, outOf, message) => {
    const { root, heavy, tiny } = setup();
    const before = treeOf(root);
    const r = cli(root, 'run', heavy, '--out', outOf(root));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(treeOf(root)).toEqual(before);
  });

  it('run with several scenarios and --out a file (the parent of their folders): exit 2 before the first runs', () => {
    const { root, heavy, tiny } = setup();
    const before = treeOf(root);
    const r = cli(root, 'run', tiny, heavy, '--out', join(root, 'a-file'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot create the report folder .*a-file\/tiny: a part of the path is a file/);
    expect(r.stdout).toBe('');
    expect(treeOf(root)).toEqual(before);
  });

  it('journey --out a file, empty, or under a file: exit 2 before any step runs', () => {
    const { root, heavy } = setup();
    const before = treeOf(root);
    for (const [out, message] of [
      [join(root, 'a-file'), /^error: the journey folder .*a-file is an existing file/],
      ['', /^error: --out is empty/],
      [join(root, 'a-file', 'j'), /^error: cannot create the journey folder /],
    ] as const) {
      const r = cli(root, 'journey', heavy, '--out', out);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(treeOf(root)).toEqual(before);
  });

  it('schema --out a folder, empty, or under a file: exit 2, one line; a symlink target is replaced, not followed', () => {
    const { root } = setup();
    const before = treeOf(root);
    for (const [out, message] of [
      [join(root, 'real'), /^error: the output file .*real is a folder; expected a file path/],
      ['', /^error: --out is empty/],
      [join(root, 'a-file', 's.json'), /^error: cannot create the output file /],
      ['/proc/sakiyomi-hostile/s.json', /^error: cannot create the output file /],
    ] as const) {
      const r = cli(root, 'schema', '--out', out);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(treeOf(root)).toEqual(before);
    symlinkSync('a-file', join(root, 'schema.json'));
    expect(cli(root, 'schema', '--out', join(root, 'schema.json')).code).toBe(0);
    expect(treeOf(root)['a-file']).toBe('file precious');
    expect(treeOf(root)['schema.json']).toMatch(/^file \{/);
  });
});
