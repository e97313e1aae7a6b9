// Flag conflicts through the CLI's main(): an option that would be silently ignored exits 2 with
// one line naming what it needs, before any simulation or file; the same option where it applies
// still runs (exit 0). No report folder is written (every case uses --no-report or fails first).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli.ts';
import { planFile } from './study/plan-fixture.ts';

const SCENARIO = 'name: tiny\nseed: 5\nmodel: llama-3.1-8b\nhardware: { gpu: h100-sxm }\nworkload:\n  arrival: { kind: poisson, ratePerSecond: 10 }\n  promptTokens: { kind: fixed, tokens: 64 }\n  outputTokens: { kind: fixed, tokens: 16 }\n  stop: { numRequests: 20 }\n';
const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-flags-'));

function scenarioFile(name: string, text = SCENARIO): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function refused(args: string[], message: string): Promise<void> {
  const r = await runCli(...args);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`error: ${message}\n`);
  expect(r.code).toBe(2);
}

describe('flag conflicts exit 2 before anything runs', () => {
  const tiny = scenarioFile('tiny.yaml');

  it('run --trace-max-steps without --trace', async () => {
    await refused(['run', tiny, '--no-report', '--trace-max-steps', '5'], '--trace-max-steps caps the step events of the trace that --trace writes; give --trace too (e.g. --trace run.trace.json)');
  });

  it('run --trace-max-steps with --trace writes the trace with that cap', async () => {
    const trace = join(dir, 'capped.trace.json');
    const r = await runCli('run', tiny, '--no-report', '--json', '--trace', trace, '--trace-max-steps', '3');
    expect(r.code).toBe(0);
    // At most 3 step events kept ('X' events on replica tracks), the rest counted as dropped.
    const file = JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: { ph: string; cat?: string }[]; metadata: { stepsDropped: number } };
    expect(file.traceEvents.filter((e) => e.ph === 'X').length).toBe(3);
    expect(file.metadata.stepsDropped).toBeGreaterThan(0);
  });

  it('run --trace to a folder path, a path ending with a separator or under a file: exit 2 before simulating, nothing written', async () => {
    const folder = mkdtempSync(join(dir, 'tracefolder-'));
    await refused(['run', tiny, '--no-report', '--trace', folder], `the output file ${folder} is a folder; expected a file path`);
    await refused(['run', tiny, '--no-report', '--trace', join(dir, 'sub') + '/'], `the output file ${join(dir, 'sub')}/ ends with a path separator; expected a file path (e.g. ${join(dir, 'sub')}.json)`);
    expect(existsSync(join(dir, 'sub'))).toBe(false);
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'x');
    const r = await runCli('run', tiny, '--no-report', '--trace', join(file, 'x.json'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('run, compare and plan --html with --no-report', async () => {
    const message = '--html writes index.html into the report folder, which --no-report turns off; drop one of them';
    await refused(['run', tiny, '--html', '--no-report'], message);
    await refused(['compare', tiny, tiny, '--html', '--no-report'], message);
    const plan = planFile();
    await refused(['plan', plan.file, '--html', '--no-report', '--results', join(plan.dir, 'r.jsonl')], message);
  });

  it('run, compare, diagnose and merge --out with --no-report: the folder would never be written', async () => {
    const message = '--out names the report folder, which --no-report turns off; drop one of them';
    const out = join(dir, 'never');
    await refused(['run', tiny, '--no-report', '--out', out], message);
    await refused(['run', tiny, '--no-report', '--out', out, '--trace', join(dir, 'never.trace.json')], message);
    await refused(['compare', tiny, tiny, '--no-report', '--out', out], message);
    await refused(['diagnose', tiny, '--no-report', '--out', out], message);
    await refused(['merge', join(dir, 'none.results.jsonl'), '--no-report', '--out', out], message);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, 'never.trace.json'))).toBe(false);
  });

  it('plan --out with --results and --no-report or --shard (it names nothing written); without --results it places the results file', async () => {
    const plan = planFile();
    const results = join(plan.dir, 'r.jsonl');
    const out = join(plan.dir, 'rep');
    await refused(['plan', plan.file, '--no-report', '--out', out, '--results', results], '--out names the report folder, which --no-report turns off, and --results names the results file; drop --out');
    await refused(['plan', plan.file, '--shard', '0/2', '--out', out, '--results', results], '--out names the report folder, which a shard does not write (`sakiyomi merge` does), and --results names the results file; drop --out');
    expect(existsSync(results)).toBe(false);
    // --no-report --out alone: --out still says where the results file goes (<out>.results.jsonl); no folder.
    const r = await runCli('plan', plan.file, '--no-report', '--json', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(`${out}.results.jsonl`)).toBe(true);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('run, compare and plan --static-charts without --html (or with --no-report)', async () => {
    const message = '--static-charts chooses the charts of the HTML page: give --html too, and no --no-report';
    await refused(['run', tiny, '--static-charts', '--no-report'], message);
    await refused(['compare', tiny, tiny, '--static-charts', '--no-report'], message);
    const plan = planFile();
    const results = join(plan.dir, 'r.jsonl');
    await refused(['plan', plan.file, '--static-charts', '--no-report', '--results', results], message);
    expect(existsSync(results)).toBe(false);
  });

  it('plan --html with --shard (a shard writes no report folder)', async () => {
    const { dir: planDir, file } = planFile();
    await refused(['plan', file, '--html', '--shard', '0/2', '--results', join(planDir, 'r.jsonl')], "--html writes index.html into the report folder, which a shard does not write (`sakiyomi merge --html` writes the plan's report and page from the shards' results); drop --html");
  });

  it('run --jobs when every run is one replication; with simulation.replications in the file it runs', async () => {
    const message = "--jobs sets the threads that run replications (and --diagnose's simulations), and every run here is one replication; give --replications 2 or more (or simulation.replications in the file), or drop --jobs";
    await refused(['run', tiny, '--no-report', '--jobs', '2'], message);
    await refused(['run', tiny, '--no-report', '--jobs', '2', '--replications', '1'], message);
    const replicated = scenarioFile('replicated.yaml', `${SCENARIO}simulation: { replications: 2 }\n`);
    await refused(['run', tiny, replicated, '--no-report', '--json', '--jobs', '1', '--replications', '1'], message);
    const r = await runCli('run', tiny, replicated, '--no-report', '--json', '--jobs', '1');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[1].summary.seeds).toEqual([5, 6]);
  });
});
