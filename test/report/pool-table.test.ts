// The console's per-pool table: one row per pool with its hardware, price and figures; nothing
// without pools (the console of a run without pools is unchanged). An autoscaled pool shows what
// it held on average over the window (by hand: one replica throughout, a second from 10 s); a
// disaggregated decode pool shows '—' for the requests credited to its prefill pool, and the
// roles table says what each pool did (prefills, decodes and their figures).
import { describe, expect, it } from 'vitest';
import { formatPoolStageTable, formatPoolTable, formatRunSummary } from '../../sim/report/index.ts';
import { runScenario } from '../../sim/run.ts';
import { baseScenario, handTimelineDisagg, scenarioFrom } from '../fixtures/scenarios.ts';

describe('formatPoolTable', () => {
  it('prints a row per pool, and a pool column in the replica table', () => {
    const raw = {
      ...baseScenario(),
      costModel: { kind: 'constant', stepSeconds: 0.5 },
      workload: { arrival: { kind: 'max' }, promptTokens: { kind: 'fixed', tokens: 100 }, outputTokens: { kind: 'fixed', tokens: 4 }, stop: { numRequests: 6 } },
      pools: [
        { name: 'a', hardware: { numReplicas: 2, usdPerGpuHour: 2 } },
        { name: 'b', hardware: { gpu: 'b200', tp: 2, usdPerGpuHour: 5 } },
      ],
    };
    const result = runScenario(scenarioFrom(raw));
    const table = formatPoolTable(result.summary);
    const rows = table.split('\n').filter((l) => /^\| [ab] /.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^\| a +\| h100-sxm +\| +1×1 \| +2 \| +\$4\.00 \| +100\.0% \| +4 \|/);
    expect(rows[1]).toMatch(/^\| b +\| b200 +\| +2×1 \| +1 \| +\$10\.00 \| +100\.0% \| +2 \|/);
    const text = formatRunSummary(result);
    expect(text).toContain(table);
    expect(text).toMatch(/\| replica \| pool \| gpu /);
  });

  it('is empty without pools', () => {
    const result = runScenario(scenarioFrom(baseScenario()));
    expect(formatPoolTable(result.summary)).toBe('');
    expect(formatRunSummary(result)).not.toMatch(/\| pool /);
  });

  it.each([1, 2])('shows an autoscaled pool\'s mean replicas and dollars per hour HELD over the window, of those built (by hand; tp %i)', (tp) => {
    const raw = {
      ...baseScenario(),
      costModel: { kind: 'constant', stepSeconds: 0.01 },
      engine: { maxNumSeqs: 1, maxNumBatchedTokens: 1024 },
      router: { kind: 'least-outstanding' },
      workload: { arrival: { kind: 'poisson', ratePerSecond: 5 }, promptTokens: { kind: 'fixed', tokens: 16 }, outputTokens: { kind: 'fixed', tokens: 10 }, stop: { durationSeconds: 40 } },
      pools: [
        { name: 'fixed', hardware: { gpu: 'h100-sxm', numReplicas: 1, usdPerGpuHour: 2 } },
        {
          name: 'elastic',
          hardware: { gpu: 'h100-sxm', tp, numReplicas: 1, usdPerGpuHour: 3, autoscale: { policy: 'schedule', minReplicas: 1, maxReplicas: 2, coldStartSeconds: 5, schedule: [{ atSeconds: 10, replicas: 2 }] } },
        },
      ],
    };
    const s = runScenario(scenarioFrom(raw)).summary;
    const { startSeconds: w0, endSeconds: w1 } = s.window;
    expect(w0).toBeLessThan(10);
    // Held: replica 1 over the window, replica 2 from 10 s (its cold start counts as held).
    const meanHeld = (w1 - w0 + (w1 - 10)) / (w1 - w0);
    expect(meanHeld).toBeGreaterThan(1.5);
    const rows = formatPoolTable(s).split('\n');
    const elastic = rows.find((l) => l.startsWith('| elastic '))!;
    const cells = elastic.split('|').map((c) => c.trim());
    expect(cells[4]).toBe(`${meanHeld.toFixed(2)} of 2`);
    expect(cells[5]).toBe(`$${(meanHeld * 3 * tp).toFixed(2)}`); // tp GPUs per replica at $3 each
    // The fixed pool is as before: its count and its price per hour.
    const fixed = rows.find((l) => l.startsWith('| fixed '))!.split('|').map((c) => c.trim());
    expect(fixed[4]).toBe('1');
    expect(fixed[5]).toBe('$2.00');
    expect(rows.at(-1)).toMatch(/^"x of n" replicas and \$\/hour: held on average over the measurement window/);
  });

  it("disaggregated: the decode pool's request columns are '—' and the roles table gives each pool's stage (by hand)", () => {
    // Constant 0.5 s steps, 2 requests at t = 0 of 100 + 4 tokens, 0.4 s serialisation + 0.2 s
    // latency (test/cluster/disagg-accounting.test.ts): prefills done at 0.5 s (both), decode
    // TPOT 0.5 and 1.6/3 s, TTFT 1.1 and 1.5 s.
    const raw = handTimelineDisagg();
    const result = runScenario(scenarioFrom(raw));
    const table = formatPoolTable(result.summary);
    const d = table.split('\n').find((l) => l.startsWith('| d '))!.split('|').map((c) => c.trim());
    expect(d.slice(7, 14)).toEqual(['—', '—', '—', '—', '—', '—', '—']);
    expect(d[14]).toMatch(/^\$/);
    const roles = formatPoolStageTable(result.summary);
    const row = (name: string): string[] => roles.split('\n').find((l) => l.startsWith(`| ${name} `))!.split('|').map((c) => c.trim());
    expect(row('p').slice(1, 11)).toEqual(['p', 'prefill', '2', '500.0 ms', '500.0 ms', `${((100 * 1.0) / 2.6).toFixed(1)}%`, '—', '—', '—', '—']);
    const dr = row('d');
    expect(dr.slice(1, 8)).toEqual(['d', 'decode', '—', '—', '—', '—', '2']);
    // TPOT on the decode pool: 0.5 and 0.5333 s (R-7 p50 = their mean 0.5167 s).
    expect(dr[8]).toBe('516.7 ms');
    expect(formatRunSummary(result)).toContain(roles);
    // Without disaggregation there is no roles table.
    expect(formatPoolStageTable(runScenario(scenarioFrom({ ...raw, disaggregation: undefined, pools: [{ name: 'a', hardware: {} }] })).summary)).toBe('');
  });
});
