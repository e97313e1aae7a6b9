// Golden tests: every bundled scenario parses and runs; its summary matches the reviewed
// snapshot (test/golden/__snapshots__); and the committed report under reports/<name>/
// regenerates byte-identical (regenerate with `npm run reports`, review, commit).
// scenarios/journey/ is not a bundled scenario of its own: `sakiyomi journey` tabulates its steps
// into reports/journey/, and test/scenario/journey.test.ts checks that they load and share traffic.
// scenarios/plans/ holds plan files, not scenarios: they get the header check only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { runCli } from '../fixtures/cli.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryFile, writeReport } from '../../sim/report/index.ts';
import { offeredRateOf } from '../../sim/workload/index.ts';
import { summaryProvenance } from '../../sim/provenance.ts';
import { runScenario } from '../../sim/run.ts';
import { loadScenario } from '../../sim/scenario/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function scenarioFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return scenarioFiles(p);
      return /\.ya?ml$/.test(name) ? [p] : [];
    })
    .sort();
}

const JOURNEY = join(ROOT, 'scenarios', 'journey');
// scenarios/plans/ holds plan files (a scenario plus sweep: and plan:), run by `sakiyomi plan`.
const PLANS = join(ROOT, 'scenarios', 'plans');
const allFiles = scenarioFiles(join(ROOT, 'scenarios'));
const files = allFiles.filter((f) => !f.startsWith(JOURNEY) && !f.startsWith(PLANS));

describe('bundled scenarios', () => {
  it('there are several, each with a header comment saying what it shows', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of allFiles) expect(readFileSync(f, 'utf8'), f).toMatch(/^#[^\n]*\n(#[^\n]*\n)*#.*(What it shows|A known answer)/m);
  });

  for (const file of files) {
    it(`${basename(file)} runs, matches its reviewed summary and regenerates its report byte-identical`, async () => {
      const scenario = loadScenario(file);
      // keepRequests: writeReport writes requests.csv from the kept records, in the order the
      // requests left the run — the same bytes the CLI streams.
      const result = runScenario(scenario, { keepRequests: true });
      expect(summaryFile(result, summaryProvenance(scenario))).toMatchSnapshot();
      const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-golden-'));
      // The offered-rate line of the windows chart, as `sakiyomi run` draws it.
      const offeredRate = offeredRateOf(scenario.config.workload);
      const written = await writeReport(result, dir, summaryProvenance(scenario), offeredRate === undefined ? {} : { offeredRate });
      for (const path of written) {
        const committed = join(ROOT, 'reports', scenario.name, basename(path));
        expect(readFileSync(path, 'utf8') === readFileSync(committed, 'utf8'), `${committed} differs from a fresh run: npm run reports`).toBe(true);
      }
    });
  }

  it('reports/journey/ regenerates byte-identical from scenarios/journey/ (npm run journey)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sakiyomi-journey-golden-'));
    const r = await runCli('journey', '--out', out);
    expect(r.code).toBe(0);
    for (const name of ['journey.md', 'journey.csv', 'journey.json']) {
      const committed = join(ROOT, 'reports', 'journey', name);
      expect(readFileSync(join(out, name), 'utf8') === readFileSync(committed, 'utf8'), `${committed} differs from a fresh run: npm run journey`).toBe(true);
    }
  });

  it('reports/ holds a folder for each scenario and nothing stale', () => {
    const names = files.map((f) => loadScenario(f).name).sort();
    const folders = readdirSync(join(ROOT, 'reports')).filter((n) => n !== 'journey' && statSync(join(ROOT, 'reports', n)).isDirectory()).sort();
    expect(folders).toEqual(names);
  });
});
