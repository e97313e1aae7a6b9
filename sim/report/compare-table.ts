// The console report of `sakiyomi compare`: per compared scenario, a header (baseline, seeds),
// the configuration fields that differ, warnings, a table of every metric (A's mean, B's mean,
// B − A with its 95% paired interval, the same relative to A, significance, and the CRN gain:
// the unpaired Welch half-width over the paired one), then the headline verdicts in words.
// Invariants: a pure function of the comparison (the CLI prints what it returns); ASCII only, no
// trailing newline; every number through format.ts, so the text is the same on every machine.
// NOTE: the report room may not import study/ (architecture.test.ts), so the shape it reads is
// declared here structurally; study's CompareResult satisfies it.

import { formatMagnitude, formatNumber, formatSeconds, formatUsd } from './format.ts';
import { formatTable } from './table.ts';

export type CompareUnit = 'seconds' | 'perSecond' | 'fraction' | 'count' | 'usd' | 'joules';

/** One metric of one compared scenario (study's MetricResult). */
export interface CompareMetricView {
  label: string;
  unit: CompareUnit;
  baseline: number;
  value: number;
  diff: number;
  relDiff: number;
  ciLow: number;
  ciHigh: number;
  relCiLow: number;
  relCiHigh: number;
  halfWidth: number;
  significant: boolean;
  halfWidthUnpaired: number;
  crnHalfWidthRatio: number;
  n: number;
  verdict: string;
}

/** A comparison as the report draws it (study's CompareResult). */
export interface CompareView {
  baseline: string;
  replications: number;
  seeds: readonly number[];
  confidence: number;
  scenarios: readonly {
    name: string;
    differences: readonly { path: string; baseline: unknown; value: unknown }[];
    warnings: readonly string[];
    verdict: string;
    metrics: Readonly<Record<string, CompareMetricView>>;
  }[];
}

/** A value in its unit: '123.4 ms', '2,345 /s', '12.3%', '$0.00148', '0.412 J', '3'. */
export function formatCompareValue(x: number, unit: CompareUnit): string {
  switch (unit) {
    case 'seconds':
      return formatSeconds(x);
    case 'perSecond':
      return `${formatMagnitude(x)}/s`;
    case 'fraction':
      return Number.isFinite(x) ? `${formatNumber(x * 100, 2)}%` : formatMagnitude(x);
    case 'count':
      return formatMagnitude(x);
    case 'usd':
      return formatUsd(x);
    case 'joules':
      return `${formatMagnitude(x)} J`;
  }
}

/** A signed relative figure: '+12.3%', '-4.56%', 'n/a'. */
function signedPercent(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  const text = formatMagnitude(x * 100);
  return `${x > 0 ? '+' : ''}${text}%`;
}

/** A signed difference in the metric's unit; a difference of fractions in percentage points ('-0.75 pp'). */
export function signedValue(x: number, unit: CompareUnit): string {
  const text = unit === 'fraction' && Number.isFinite(x) ? `${formatNumber(x * 100, 2)} pp` : formatCompareValue(x, unit);
  return Number.isFinite(x) && x > 0 ? `+${text}` : text;
}

/** The text of a value as it appears in "path: A → B". */
function configValue(v: unknown): string {
  return v === undefined ? 'unset' : JSON.stringify(v);
}

/** The human-readable report of a comparison, as printed by `sakiyomi compare`. */
export function formatCompareReport(c: CompareView): string {
  const seeds = c.seeds.length <= 6 ? c.seeds.join(', ') : `${c.seeds.slice(0, 3).join(', ')}, …, ${c.seeds[c.seeds.length - 1]}`;
  const blocks = c.scenarios.map((s) => {
    const lines: string[] = [];
    lines.push(
      `compare ${s.name} with ${c.baseline} (baseline) | ${c.replications} replications each, same seeds (${seeds}) | ` +
        `${formatNumber(c.confidence * 100, 0)}% paired t intervals of ${s.name} − ${c.baseline}`,
    );
    if (s.differences.length === 0) lines.push('differs in: nothing (same resolved configuration)');
    else for (const d of s.differences) lines.push(`differs in: ${d.path}: ${configValue(d.baseline)} → ${configValue(d.value)}`);
    for (const w of s.warnings) lines.push(`warning: ${w}`);
    lines.push('');
    lines.push(
      formatTable(
        ['metric', c.baseline, s.name, 'diff', 'diff 95% CI', 'relative', 'relative 95% CI', 'sig', 'CRN gain'],
        Object.values(s.metrics).map((m) => [
          m.label,
          formatCompareValue(m.baseline, m.unit),
          formatCompareValue(m.value, m.unit),
          signedValue(m.diff, m.unit),
          `[${signedValue(m.ciLow, m.unit)}, ${signedValue(m.ciHigh, m.unit)}]`,
          signedPercent(m.relDiff),
          Number.isFinite(m.relCiLow) ? `[${signedPercent(m.relCiLow)}, ${signedPercent(m.relCiHigh)}]` : 'n/a',
          m.significant ? 'yes' : 'no',
          Number.isFinite(m.crnHalfWidthRatio) ? `${formatMagnitude(m.crnHalfWidthRatio)}×` : 'n/a',
        ]),
        { align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'right'] },
      ),
    );
    lines.push('CRN gain: the unpaired (Welch) half-width over the paired one — how much narrower common random numbers made each interval.');
    lines.push('');
    for (const v of s.verdict.split('; ')) lines.push(`verdict: ${v}`);
    return lines.join('\n');
  });
  return blocks.join('\n\n');
}
