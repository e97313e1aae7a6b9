// The console's per-pool table: one row per pool with its hardware, price and figures; nothing
// without pools (the console of a run without pools is unchanged).
import { describe, expect, it } from 'vitest';
import { formatPoolTable, formatRunSummary } from '../../sim/report/index.ts';
import { runScenario } from '../../sim/run.ts';
import { baseScenario, scenarioFrom } from '../fixtures/scenarios.ts';

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
});
