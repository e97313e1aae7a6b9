// The ranked console table of `sakiyomi plan` / `merge`: ok configurations first, cheapest at the
// operating point first ($ per 1k output tokens; without a cost, by max rate, highest first; ties
// by plan order), then the skipped ones with their reason, then the best configuration and how
// much more the runners-up cost, and the number of simulations the answer took.
// Columns: rank, configuration (the swept values), max rate [CI], replicas, GPUs, $/1k output
// tokens, J per output token, p95 TTFT, p95 TPOT, headroom (target ÷ max rate), Pareto mark (*, or "screened" for a configuration with only the screening pass's figures).
// Invariants: pure (a string out); every value from the result, nothing recomputed but the
// runners-up's percentages (cost ÷ best cost − 1).
// NOTE: structural input types: report/ does not import study/ (study/plan-types.ts is the source).

import { formatNumber, formatSeconds, formatUsd } from './format.ts';
import { formatTable } from './table.ts';

export interface PlanTableConfiguration {
  index: number;
  key: string;
  config: Record<string, unknown>;
  status: 'ok' | 'skipped';
  reason?: string;
  maxRatePerSecond?: number;
  maxRateCi?: [number, number];
  minReplicas?: number;
  gpus?: number;
  usdPer1kOutputTokens?: number;
  joulesPerOutputToken?: number;
  p95TtftSeconds?: number;
  p95TpotSeconds?: number;
  headroom?: number;
  /** Only the screening pass's figures (not near the frontier). */
  screened?: boolean;
  pareto: boolean;
}

export interface PlanTableView {
  configurations: readonly PlanTableConfiguration[];
  best?: PlanTableConfiguration;
  simulations: number;
}

/** The swept values, "a=1 b=x" (path's last segment), or "(the scenario)" without axes. */
export function configLabel(config: Record<string, unknown>): string {
  const parts = Object.entries(config).map(([path, v]) => `${path.split('.').pop()}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length === 0 ? '(the scenario)' : parts.join(' ');
}

const dash = '–';
const opt = <T>(v: T | undefined | null, f: (x: T) => string): string => (v === undefined || v === null ? dash : f(v));

function rateText(c: PlanTableConfiguration): string {
  if (c.maxRatePerSecond === undefined || c.maxRatePerSecond === null) return 'none';
  const r = `${formatNumber(c.maxRatePerSecond, 2)}/s`;
  if (!c.maxRateCi) return r;
  // The bracket's top is null (Infinity in memory) when the SLO was met at every rate tried.
  const top = c.maxRateCi[1];
  return top === null || top === undefined || !Number.isFinite(top) ? `>= ${r} (met at every rate tried)` : `${r} [${formatNumber(c.maxRateCi[0], 2)}, ${formatNumber(top, 2)}]`;
}

/**
 * Ok configurations in rank order: the fully searched ones before the screened-out ones, each
 * cheapest at the operating point first, then highest max rate; ties by index.
 */
export function rankedConfigurations(view: PlanTableView): PlanTableConfiguration[] {
  const cost = (c: PlanTableConfiguration): number => (c.usdPer1kOutputTokens != null ? c.usdPer1kOutputTokens : Infinity);
  const screened = (c: PlanTableConfiguration): number => (c.screened === true ? 1 : 0);
  return view.configurations
    .filter((c) => c.status === 'ok')
    .sort((a, b) => screened(a) - screened(b) || cost(a) - cost(b) || (b.maxRatePerSecond ?? -Infinity) - (a.maxRatePerSecond ?? -Infinity) || a.index - b.index);
}

export function formatPlanTable(view: PlanTableView): string {
  const ranked = rankedConfigurations(view);
  const lines: string[] = [];
  if (ranked.length > 0) {
    lines.push(
      formatTable(
        ['#', 'configuration', 'max rate [bracket]', 'replicas', 'GPUs', '$/1k out', 'J/token', 'p95 TTFT', 'p95 TPOT', 'headroom', 'Pareto'],
        ranked.map((c, i) => [
          i + 1,
          configLabel(c.config),
          rateText(c),
          opt(c.minReplicas, String),
          opt(c.gpus, String),
          opt(c.usdPer1kOutputTokens, formatUsd),
          opt(c.joulesPerOutputToken, (x) => formatNumber(x, 2)),
          opt(c.p95TtftSeconds, formatSeconds),
          opt(c.p95TpotSeconds, formatSeconds),
          opt(c.headroom, (x) => formatNumber(x, 2)),
          c.pareto ? '*' : c.screened === true ? 'screened' : '',
        ]),
      ),
    );
  } else lines.push('no configuration could be simulated');
  const skipped = view.configurations.filter((c) => c.status === 'skipped');
  if (skipped.length > 0) {
    lines.push('', `skipped (${skipped.length}):`);
    for (const c of skipped) lines.push(`  ${configLabel(c.config)}: ${(c.reason ?? 'no reason given').replace(/\s*\n\s*/g, '; ')}`);
  }
  lines.push('');
  const best = view.best;
  if (best === undefined) lines.push(ranked.length === 0 ? 'best: none (no configuration could be simulated: see the reasons above)' : 'best: none (no configuration meets the SLO)');
  else {
    const others = ranked.filter((c) => c.key !== best.key && c.screened !== true && c.usdPer1kOutputTokens != null).slice(0, 3);
    const base = best.usdPer1kOutputTokens;
    const runners = base === undefined || base === null || base <= 0 ? [] : others.map((c) => `${configLabel(c.config)} cost +${formatNumber((c.usdPer1kOutputTokens! / base - 1) * 100, 1)}%`);
    lines.push(`best: ${configLabel(best.config)} (${opt(best.usdPer1kOutputTokens, formatUsd)} per 1k output tokens, max rate ${rateText(best)})${runners.length > 0 ? `; runners-up ${runners.join(', ')}` : ''}`);
  }
  const screenedOut = view.configurations.filter((c) => c.screened === true).length;
  if (screenedOut > 0) lines.push(`screened out: ${screenedOut} configuration(s) were not near the frontier in the screening pass; their figures are the screen's (fewer replications, a coarser bracket)`);
  lines.push(`simulations: ${view.simulations}`);
  return lines.join('\n');
}
