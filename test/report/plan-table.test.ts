// The plan's console table: the "best" line says why there is none.
import { describe, expect, it } from 'vitest';
import { formatPlanTable, type PlanTableConfiguration } from '../../sim/report/index.ts';

const skipped = (index: number, reason: string): PlanTableConfiguration => ({ index, key: `k${index}`, config: { 'precision.weights': `w${index}` }, status: 'skipped', reason, pareto: false });

describe('formatPlanTable', () => {
  it('every configuration skipped: the best line says none could be simulated, not that none meets the SLO', () => {
    const text = formatPlanTable({ configurations: [skipped(0, 'autoscaled pools cannot be searched'), skipped(1, 'does not fit')], simulations: 0 });
    expect(text).toContain('skipped (2):');
    expect(text).toContain('best: none (no configuration could be simulated: see the reasons above)');
    expect(text).not.toContain('meets the SLO');
  });

  it('a simulated configuration without a best: none meets the SLO', () => {
    const ok: PlanTableConfiguration = { index: 0, key: 'k0', config: { 'hardware.tp': 1 }, status: 'ok', maxRatePerSecond: 0, usdPer1kOutputTokens: 1, pareto: false };
    expect(formatPlanTable({ configurations: [ok], simulations: 3 })).toContain('best: none (no configuration meets the SLO)');
  });
});
