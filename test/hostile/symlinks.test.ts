// Symlinks planted in an output folder are never followed: a report folder whose summary.json
// and requests.csv point at files outside is replaced as a whole (the links removed, their
// targets untouched); a journey folder likewise.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY, cli, put, tempDir, treeOf } from './fixtures.ts';

describe('symlinks planted in the output folder', () => {
  it('run --out: the links are replaced by real files, their targets untouched, nothing else written', () => {
    const root = tempDir();
    put(root, 'victim.txt', 'victim');
    mkdirSync(join(root, 'out'));
    symlinkSync('../victim.txt', join(root, 'out', 'summary.json'));
    symlinkSync(join(root, 'victim.txt'), join(root, 'out', 'requests.csv'));
    const file = put(tempDir(), 'tiny.yaml', `name: tiny\n${TINY}`);
    const r = cli(root, 'run', file, '--out', join(root, 'out'));
    expect(r.code, r.stderr).toBe(0);
    const tree = treeOf(root);
    expect(tree['victim.txt']).toBe('file victim');
    expect(tree['out/summary.json']).toMatch(/^file \{\n {2}"scenario": "tiny"/);
    expect(tree['out/requests.csv']).toMatch(/^file id,arrived_at_s,/);
    expect(Object.keys(tree).filter((p) => !p.startsWith('out/'))).toEqual(['out', 'victim.txt']);
  });

  it('journey --out: a planted journey.md link is replaced, its target untouched', () => {
    const root = tempDir();
    put(root, 'victim.txt', 'victim');
    mkdirSync(join(root, 'j'));
    symlinkSync('../victim.txt', join(root, 'j', 'journey.md'));
    const file = put(tempDir(), 'tiny.yaml', `name: tiny\n${TINY}`);
    const r = cli(root, 'journey', file, '--out', join(root, 'j'));
    expect(r.code, r.stderr).toBe(0);
    const tree = treeOf(root);
    expect(tree['victim.txt']).toBe('file victim');
    expect(tree['j/journey.md']).toMatch(/^file # Journey/);
    expect(Object.keys(tree).sort()).toEqual(['j', 'j/journey.csv', 'j/journey.json', 'j/journey.md', 'victim.txt']);
  });
});
