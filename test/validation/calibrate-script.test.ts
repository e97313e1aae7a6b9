// bench/calibrate.ts and bench/residuals.ts end bad input the CLI's way: "error: <message>", exit 2,
// no stack, nothing written — before any simulation runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../sim/package-root.ts';

function script(name: string, args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [join(packageRoot(), 'bin', 'run-ts.mjs'), join(packageRoot(), 'bench', name), ...args], { encoding: 'utf8', cwd: packageRoot() });
  return { status: r.status, stderr: r.stderr };
}

describe('calibrate and residuals scripts: bad input', () => {
  it.each([
    [['--fixed', ','], /^error: --fixed ",": an empty knob name/],
    [['--fixed', 'nosuch'], /^error: --fixed nosuch: not a shared knob/],
    [['/nonexistent/measurements.csv'], /^error: \/nonexistent\/measurements\.csv: no such file\n$/],
  ])('calibrate %j: exit 2, one error line', (args, message) => {
    const r = script('calibrate.ts', args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('residuals with a missing file: exit 2, one error line, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'residuals-'));
    const r = script('residuals.ts', ['/nonexistent/measurements.csv', '--out', join(dir, 'out.ts')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: /nonexistent/measurements.csv: no such file\n');
    expect(readdirSync(dir)).toEqual([]);
  });
});
