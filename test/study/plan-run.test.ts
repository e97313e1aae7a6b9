// runPlan: every configuration once, on one pool, the same result whatever --jobs; the results
// file resumes (a partial last line cut, done configurations not simulated again) to the same
// result byte for byte; another plan's file is refused.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlan, runPlan } from '../../sim/study/index.ts';
import { PLAN_TEXT, planFile } from './plan-fixture.ts';

describe('runPlan', () => {
  it('runs every configuration (skipped ones without a simulation) and gives the same bytes with --jobs 1 and 3', async () => {
    const plan = loadPlan(planFile().file);
    const one = await runPlan(plan, { jobs: 1 });
    expect(one.configurations.map((c) => [c.index, c.status])).toEqual([[0, 'ok'], [1, 'ok'], [2, 'ok'], [3, 'ok'], [4, 'skipped'], [5, 'skipped']]);
    // Skipped configurations take no simulation; the total is the sum over configurations.
    expect(one.configurations.filter((c) => c.status === 'skipped').map((c) => c.simulations)).toEqual([0, 0]);
    expect(one.simulations).toBe(one.configurations.reduce((n, c) => n + c.simulations, 0));
    expect(one.simulations).toBeGreaterThan(4 * 2);
    const three = await runPlan(plan, { jobs: 3 });
    expect(JSON.stringify(three)).toBe(JSON.stringify(one));
  }, 20_000);

  it('resumes from its results file: a torn last line is cut, done configurations are not run again, the result is identical', async () => {
    const { dir, file } = planFile();
    const plan = loadPlan(file);
    const jsonl = join(dir, 'r.jsonl');
    const clean = await runPlan(plan, { jobs: 2, jsonlPath: jsonl });
    const lines = readFileSync(jsonl, 'utf8').split('\n');
    expect(lines).toHaveLength(1 + 6 + 1); // header, 6 configurations, '' after the last newline
    // As if killed while writing the fourth configuration's line.
    const kept = lines.slice(0, 4).join('\n') + '\n';
    writeFileSync(jsonl, kept + lines[4].slice(0, 25));
    const progress: [number, number, number][] = [];
    const resumed = await runPlan(plan, { jobs: 2, jsonlPath: jsonl, onProgress: (d, t, s) => progress.push([d, t, s]) });
    expect(JSON.stringify(resumed)).toBe(JSON.stringify(clean));
    expect(progress[0][0]).toBe(3); // three configurations done before it started
    const after = readFileSync(jsonl, 'utf8').split('\n');
    expect(after).toHaveLength(8);
    expect(new Set(after.slice(1, 7).map((l) => JSON.parse(l).key)).size).toBe(6);
    // Everything done: nothing runs, same result.
    const again: number[] = [];
    expect(JSON.stringify(await runPlan(plan, { jsonlPath: jsonl, onProgress: (_d, _t, s) => again.push(s) }))).toBe(JSON.stringify(clean));
    expect(again).toEqual([clean.simulations]);
  }, 20_000);

  it('refuses to resume from the results file of a changed plan', async () => {
    const { dir, file } = planFile();
    const jsonl = join(dir, 'r.jsonl');
    const small = planFile(PLAN_TEXT.replace('[h100-sxm, h200-sxm, nosuch-gpu]', '[h100-sxm]'));
    await runPlan(loadPlan(small.file), { jsonlPath: jsonl });
    const before = readFileSync(jsonl, 'utf8');
    await expect(runPlan(loadPlan(file), { jsonlPath: jsonl })).rejects.toThrow(/holds results of a different plan \(tiny-plan, 2 configurations.*this plan: tiny-plan, 6 configurations.*the plan file changed since/);
    expect(readFileSync(jsonl, 'utf8')).toBe(before);
  });
});
