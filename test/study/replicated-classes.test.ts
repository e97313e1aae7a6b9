// `sakiyomi run --replications 3` on the bundled classed scenario (scenarios/endpoints-8b-h100.yaml,
// four classes), end to end through main(): each class's numbers are intervals, its SLO verdicts
// are judged on them (not replication 0's single-run verdicts), summary.windows is replication 0's
// rows (as windows.csv), and the report carries the class CDF chart and requests.csv's class column.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sloVerdict, type SloVerdict } from '../../sim/metrics/index.ts';
import { runCli } from '../fixtures/cli.ts';

const FILE = join(import.meta.dirname, '..', '..', 'scenarios', 'endpoints-8b-h100.yaml');
const CLASSES = ['chat', 'code-completion', 'agent-tools', 'summarise'];

describe('run --replications with declared classes', () => {
  it('re-judges each class\'s SLO on its replicated interval and keeps replication 0\'s windows', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sakiyomi-rep-classes-')), 'report');
    const r = await runCli('run', FILE, '--replications', '3', '--jobs', '1', '--json', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const classes = json.summary.classes;
    expect(Object.keys(classes)).toEqual(CLASSES);
    for (const name of CLASSES) {
      const verdicts: SloVerdict[] = classes[name].slo.verdicts;
      // summarise sets only per-request thresholds (ttftSeconds, tpotSeconds): no targets, no verdicts.
      expect(verdicts.length, name).toBe(name === 'summarise' ? 0 : name === 'chat' ? 2 : 1);
      for (const v of verdicts) {
        // Each verdict reads its class's replicated metric: value = the interval's mean, bounds = its bounds.
        const field = { ttft: 'ttftSeconds', tpot: 'tpotSeconds', e2e: 'e2eSeconds' }[v.metric as 'ttft' | 'tpot' | 'e2e'];
        const m = field === undefined ? classes[name].goodput.fractionMeetingSlo : classes[name][field][v.percentile];
        expect(m.n).toBe(3);
        expect(v.value).toBe(m.mean);
        expect([v.ciLow, v.ciHigh]).toEqual([m.ciLow, m.ciHigh]);
        expect(v.ciLow).not.toBeNull();
        expect(v.verdict).toBe(sloVerdict(v, { value: m.mean, ciLow: m.ciLow, ciHigh: m.ciHigh }).verdict);
      }
    }
    // summary.windows: replication 0's rows, the same as the single run with the base seed and as windows.csv.
    const plain = JSON.parse((await runCli('run', FILE, '--seed', '1', '--json', '--no-report')).stdout);
    expect(json.summary.windows).toEqual(plain.windows);
    expect(json.summary.classes.chat.ttftSeconds.p95.values[0]).toBe(plain.classes.chat.ttftSeconds.p95);
    expect(json.notes[0]).toMatch(/^requests\.csv, windows\.csv, summary\.windows and the charts are replication 0's \(seed 1\)/);
    expect(readFileSync(join(out, 'windows.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(1 + plain.windows.length);
    // The report: the class CDF chart and requests.csv with the class column (streamed by replication 0).
    expect(readdirSync(out)).toContain('class-cdf.svg');
    expect(readdirSync(out)).toContain('class-cdf.vl.json');
    const csv = readFileSync(join(out, 'requests.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0].endsWith(',e2e_s,class')).toBe(true);
    expect(new Set(csv.slice(1).map((l) => l.split(',').at(-1)))).toEqual(new Set(CLASSES));
    expect(csv.length - 1).toBe(plain.requests.arrived);
    // The console: each class with targets gets its verdict table after the fleet's.
    const text = (await runCli('run', FILE, '--replications', '3', '--jobs', '1', '--no-report')).stdout;
    expect(text).toMatch(/class chat: SLO targets \(95% intervals\):\n/);
    expect(text).toMatch(/class agent-tools: SLO targets/);
    expect(text).not.toMatch(/class summarise:/);
    expect(text).toContain("note: requests.csv, windows.csv, the charts and these notes are replication 0's");
  });
});
