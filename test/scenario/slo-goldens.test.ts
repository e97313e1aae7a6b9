// The SLO verdicts add one key to a run's summary and change nothing else: every bundled scenario
// (none sets targets) gets `slo: { verdicts: [] }`, and its summary.json without that key is the
// committed reports/<name>/summary.json without it, byte for byte. Holds before and after the
// reports are regenerated with the new key (both sides drop it).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryProvenance } from '../../sim/provenance.ts';
import { summaryFile } from '../../sim/report/index.ts';
import { runScenario } from '../../sim/run.ts';
import { loadScenario } from '../../sim/scenario/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const yamlIn = (dir: string) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(ROOT, dir, f));
const withoutSlo = (file: { summary: Record<string, unknown> }): string => {
  const { slo: _, ...summary } = file.summary;
  return `${JSON.stringify({ ...file, summary }, null, 2)}\n`;
};

describe('bundled scenarios under the SLO verdicts', () => {
  for (const path of [...yamlIn('scenarios'), ...yamlIn('scenarios/analytic')]) {
    it(`${path.slice(ROOT.length + 1)}: slo.verdicts is [] and nothing else of summary.json changes`, () => {
      const scenario = loadScenario(path);
      const fresh = summaryFile(runScenario(scenario), summaryProvenance(scenario)) as unknown as { summary: Record<string, unknown> };
      expect(fresh.summary.slo).toEqual({ verdicts: [] });
      const committed = JSON.parse(readFileSync(join(ROOT, 'reports', scenario.name, 'summary.json'), 'utf8'));
      expect(withoutSlo(fresh) === withoutSlo(committed)).toBe(true);
    });
  }
});
