// The bundled command line (bin/build.mjs → sakiyomi.mjs + worker.mjs) runs replications on its
// worker pool from dist/worker.mjs, with the same bytes as the TypeScript sources in-process.
// Built into dist/test-<random>/ (dist/ is git-ignored; node_modules resolves from the repository root).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run.ts';
import { runCli } from '../fixtures/cli.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const OUT = `dist/test-${process.pid}-${Math.floor(Math.random() * 1e9)}`;

afterAll(() => rmSync(join(ROOT, OUT), { recursive: true, force: true }));

describe('the bundle', () => {
  it('dist/sakiyomi.mjs runs --replications --jobs 2 (its pool loads dist/worker.mjs beside it), byte-identical to the sources on 1 thread', async () => {
    const build = spawnSync(process.execPath, [join(ROOT, 'bin/build.mjs'), '--outdir', OUT], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    expect(existsSync(join(ROOT, OUT, 'worker.mjs'))).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-bundle-'));
    const file = join(dir, 'tiny.yaml');
    writeFileSync(file, 'name: tiny\nseed: 2\nmodel: llama-3.1-8b\nhardware: { gpu: h100-sxm }\nworkload:\n  arrival: { kind: poisson, ratePerSecond: 10 }\n  promptTokens: { kind: fixed, tokens: 64 }\n  outputTokens: { kind: fixed, tokens: 16 }\n  stop: { numRequests: 40 }\n');
    const args = ['run', file, '--replications', '3', '--json', '--no-report'];
    const script = `const { main } = await import(${JSON.stringify(join(ROOT, OUT, 'sakiyomi.mjs'))}); process.exitCode = await main(${JSON.stringify([...args, '--jobs', '2'])});`;
    writeFileSync(join(dir, 'run-bundle.mjs'), script);
    const bundled = spawnSync(process.execPath, [join(dir, 'run-bundle.mjs')], { encoding: 'utf8', cwd: ROOT });
    expect(bundled.stderr).toBe('');
    expect(bundled.status).toBe(0);
    const sources = await runCli(...args, '--jobs', '1');
    expect(bundled.stdout).toBe(sources.stdout);
    expect(JSON.parse(bundled.stdout).seeds).toEqual([2, 3, 4]);
  });

  it('dist/worker.mjs, run by a tinypool worker, returns exactly what runScenario returns in-process', async () => {
    expect(existsSync(join(ROOT, OUT, 'worker.mjs'))).toBe(true);
    const scenario = scenarioFrom(withChanges(baseScenario(), { 'workload.stop.numRequests': 30 }));
    const pool = new Tinypool({ filename: pathToFileURL(join(ROOT, OUT, 'worker.mjs')).href, minThreads: 1, maxThreads: 1 });
    try {
      expect(await pool.run(null)).toBeNull();
      const result = await pool.run({ scenario, seed: 9 });
      expect(JSON.stringify(result)).toBe(JSON.stringify(runScenario(scenario, { seed: 9 })));
    } finally {
      await pool.destroy();
    }
  });
});
