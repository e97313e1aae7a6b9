// `sakiyomi plan` and `merge` end to end: the --json contract and the report folder; 3 shards +
// merge give one run's plan.json byte for byte; a plan killed with SIGKILL mid-way (a child
// process) and restarted with the same arguments ends with the uninterrupted run's plan.json;
// bad input is one line and exit 2.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli.ts';
import { PLAN_TEXT, planFile } from './study/plan-fixture.ts';

const ROOT = join(import.meta.dirname, '..');

describe('sakiyomi plan', () => {
  it('plan --json prints the PlanResult contract; the report folder holds plan.json (the same object) and the charts; results.jsonl sits beside it', async () => {
    const { dir, file } = planFile();
    const out = join(dir, 'report');
    const r = await runCli('plan', file, '--jobs', '2', '--json', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['configurations', 'best', 'simulations']);
    expect(json.configurations).toHaveLength(6);
    expect(json.configurations[0]).toMatchObject({ index: 0, config: { 'hardware.gpu': 'h100-sxm', 'hardware.tp': 1 }, status: 'ok', pareto: expect.any(Boolean) });
    expect(json.configurations[4]).toMatchObject({ config: { 'hardware.gpu': 'nosuch-gpu', 'hardware.tp': 1 }, status: 'skipped', reason: expect.stringContaining('nosuch-gpu'), pareto: false });
    expect(json.simulations).toBe(json.configurations.reduce((n: number, c: { simulations: number }) => n + c.simulations, 0));
    expect(readdirSync(out).sort()).toEqual(['cost.svg', 'cost.vl.json', 'load.svg', 'load.vl.json', 'plan.json']);
    expect(JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8'))).toEqual(json);
    expect(readFileSync(`${out}.results.jsonl`, 'utf8').trimEnd().split('\n')).toHaveLength(7);
  }, 20_000);

  it('the console table ranks by cost, lists the skipped with their reason, names the best and the runners-up, and counts the simulations', async () => {
    const { file } = planFile();
    const r = await runCli('plan', file, '--jobs', '2', '--no-report', '--results', join(planFile().dir, 'r.jsonl'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^plan tiny-plan\n/);
    expect(r.stdout).toMatch(/\| 1 \| gpu=h\d00-sxm tp=\d \|/);
    expect(r.stdout).toMatch(/skipped \(2\):\n {2}gpu=nosuch-gpu tp=1: .*nosuch-gpu/);
    expect(r.stdout).toMatch(/\nbest: gpu=h\d00-sxm tp=\d \(\$[0-9.]+ per 1k output tokens, max rate (>= )?[0-9,.]+\/s( \(met at every rate tried\))?\)(; runners-up .* cost \+[0-9.]+%)?\n/);
    expect(r.stdout).toMatch(/\nsimulations: \d+\n/);
  }, 20_000);

  it('3 shards (--shard 0/3, 1/3, 2/3) + merge write the plan.json of one run, byte for byte', async () => {
    const { dir, file } = planFile();
    const whole = await runCli('plan', file, '--jobs', '2', '--json', '--out', join(dir, 'one'));
    expect(whole.code).toBe(0);
    const shards = [];
    for (const i of [0, 1, 2]) {
      const r = await runCli('plan', file, '--jobs', '1', '--json', '--shard', `${i}/3`, '--out', join(dir, 'one-sharded'));
      expect(r.code).toBe(0);
      shards.push(join(dir, `one-sharded.shard-${i}-of-3.results.jsonl`));
    }
    expect(existsSync(join(dir, 'one-sharded'))).toBe(false); // a shard writes no report
    const merged = await runCli('merge', shards[2], shards[0], shards[1], '--json', '--out', join(dir, 'merged'));
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(whole.stdout);
    for (const name of ['plan.json', 'load.vl.json', 'cost.vl.json']) expect(readFileSync(join(dir, 'merged', name), 'utf8'), name).toBe(readFileSync(join(dir, 'one', name), 'utf8'));
    // merge --html writes the page a sharded plan cannot (static here: the same as plan --html --static-charts).
    const page = await runCli('merge', ...shards, '--json', '--html', '--static-charts', '--out', join(dir, 'merged-page'));
    expect(page.code).toBe(0);
    const wholePage = await runCli('plan', file, '--jobs', '2', '--json', '--html', '--static-charts', '--out', join(dir, 'one-page'));
    expect(wholePage.code).toBe(0);
    expect(readFileSync(join(dir, 'merged-page', 'index.html'), 'utf8')).toBe(readFileSync(join(dir, 'one-page', 'index.html'), 'utf8'));
    // A missing shard is named, not merged into a wrong answer.
    const partial = await runCli('merge', shards[0], shards[1], '--no-report');
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/^error: the results files hold 4 of the plan's 6 configurations \(missing indices 2, 5\); a shard has not finished/);
  }, 30_000);

  it('a plan killed with SIGKILL mid-way and restarted with the same arguments loses and duplicates nothing: plan.json equals the uninterrupted run\'s', async () => {
    // Heavier points, so the kill lands between configurations' lines.
    const text = PLAN_TEXT.replace('numRequests: 40', 'numRequests: 400').replace('[h100-sxm, h200-sxm, nosuch-gpu]', '[h100-sxm, h200-sxm, a100-80gb-sxm, nosuch-gpu]');
    const { dir, file } = planFile(text);
    const out = join(dir, 'killed');
    const results = `${out}.results.jsonl`;
    const args = ['plan', file, '--jobs', '2', '--out', out];
    const linesAtKill = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'sakiyomi.mjs'), ...args], { cwd: ROOT, env: { ...process.env, SAKIYOMI_DEV: '1' }, stdio: 'ignore' });
      let lines = 0;
      const poll = setInterval(() => {
        lines = existsSync(results) ? readFileSync(results, 'utf8').split('\n').length - 1 : 0;
        if (lines >= 2) {
          clearInterval(poll);
          child.kill('SIGKILL');
        }
      }, 10);
      child.on('error', reject);
      child.on('close', () => {
        clearInterval(poll);
        resolve(lines);
      });
    });
    expect(linesAtKill).toBeGreaterThanOrEqual(2);
    expect(linesAtKill).toBeLessThan(1 + 8); // killed before the last configuration
    expect(existsSync(join(out, 'plan.json'))).toBe(false);
    const resumed = await runCli(...args);
    expect(resumed.code).toBe(0);
    const clean = await runCli('plan', file, '--jobs', '1', '--out', join(dir, 'clean'));
    expect(clean.code).toBe(0);
    expect(readFileSync(join(out, 'plan.json'), 'utf8')).toBe(readFileSync(join(dir, 'clean', 'plan.json'), 'utf8'));
    const keys = readFileSync(results, 'utf8').trimEnd().split('\n').slice(1).map((l) => JSON.parse(l).key);
    expect(keys).toHaveLength(8);
    expect(new Set(keys).size).toBe(8);
  }, 60_000);

  it('bad input: a changed plan against an old results file, a bad --shard, a missing results file, another plan\'s shards — one line, exit 2', async () => {
    const { dir, file } = planFile();
    const jsonl = join(dir, 'r.jsonl');
    expect((await runCli('plan', planFile(PLAN_TEXT.replace('[1, 2]', '[1]')).file, '--no-report', '--results', jsonl)).code).toBe(0);
    const changed = await runCli('plan', file, '--no-report', '--results', jsonl);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/^error: .*r\.jsonl holds results of a different plan .*delete the results file to start afresh, or give another with --results\n$/);
    const inside = await runCli('plan', file, '--out', join(dir, 'rep'), '--results', join(dir, 'rep', 'r.jsonl'));
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/^error: the results file .*r\.jsonl is inside the report folder .*rep, which is replaced whole when the plan finishes/);
    const shard = await runCli('plan', file, '--shard', '3/3');
    expect(shard.code).toBe(2);
    expect(shard.stderr).toContain('expected i/n with 0 ≤ i < n');
    const missing = await runCli('merge', join(dir, 'nope.jsonl'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: cannot read the results file .*nope\.jsonl: no such file/);
    writeFileSync(join(dir, 'torn.jsonl'), '{"format":"sakiyomi-plan-results/1"');
    const torn = await runCli('merge', join(dir, 'torn.jsonl'));
    expect(torn.code).toBe(2);
    expect(torn.stderr).toMatch(/^error: .*torn\.jsonl: no header line/);
  }, 20_000);
});
