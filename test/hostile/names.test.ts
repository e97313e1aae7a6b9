// Hostile scenario names: a name becomes a report folder, so '../x', '..', '/abs', 'a/../../b'
// and NUL must end in exit 2 with nothing written anywhere (the schema's slug rule may reject
// them first at load time; either way: exit 2, an "error:" line, no stack, no file outside).
// The confinement function itself is unit-tested in test/report/write.test.ts (reportFolder).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY, cli, put, tempDir, treeOf } from './fixtures.ts';

const ABSOLUTE = '/tmp/sakiyomi-hostile-absolute-name';
const HOSTILE_NAMES = ['../escape', '..', ABSOLUTE, 'a/../../b', 'nul\\0byte'];

describe('hostile scenario names', () => {
  for (const name of HOSTILE_NAMES) {
    it(`name ${JSON.stringify(name)}: exit 2, one error line, nothing written (default reports/, or several files under --out)`, () => {
      const root = tempDir();
      const cwd = join(root, 'work');
      put(root, 'keep.txt', 'keep');
      put(root, '.placeholder', '');
      const work = tempDir();
      const file = put(work, 'evil.yaml', `name: "${name}"\n${TINY}`);
      const good = put(work, 'good.yaml', `name: good\n${TINY}`);
      const before = treeOf(root);
      for (const args of [[file], [good, file, '--out', join(root, 'out', 'sub')]]) {
        const r = cli(existsSync(cwd) ? cwd : root, 'run', ...args);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(/^error: /);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(r.stderr).not.toContain('\0');
        expect(r.stdout).toBe('');
        expect(treeOf(root)).toEqual(before);
      }
      expect(existsSync(ABSOLUTE)).toBe(false);
    });
  }
});
