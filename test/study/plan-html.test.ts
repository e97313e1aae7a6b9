// `sakiyomi plan --html`: index.html beside plan.json with the ranked table and both charts
// (latency vs offered load, cost vs latency with the Pareto frontier), the CSP, no script.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.ts';
import { planFile } from './plan-fixture.ts';

describe('sakiyomi plan --html', () => {
  it('writes index.html with the table and the two charts', async () => {
    const { dir, file } = planFile();
    const out = join(dir, 'report');
    const r = await runCli('plan', file, '--jobs', '2', '--html', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['cost.svg', 'cost.vl.json', 'index.html', 'load.svg', 'load.vl.json', 'plan.json']);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<h1 id="scenario-name">plan tiny-plan</h1>');
    expect(html).toContain('Content-Security-Policy');
    expect([...html.matchAll(/<img class="chart"/g)]).toHaveLength(2);
    expect(html).not.toMatch(/<script/i);
  }, 30_000);
});
