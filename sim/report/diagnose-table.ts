// The console report of `sakiyomi diagnose`: the bottleneck with its evidence table (value,
// threshold, past it or not), the secondary constraints, then the prescriptions in rank order —
// a table (rank, remedy, tier, the bottleneck's metrics with their 95% paired intervals, cost per
// 1k output tokens) and, per remedy, its changes, why, verdict, assumptions and published figures.
// With pools: the bottleneck and secondary constraints name their pool ('in pool <name>').
// Invariants: a pure function of the diagnosis; ASCII only (the verdicts' own text aside), no
// trailing newline; numbers through format.ts.
// NOTE: the report room may not import diagnose/ (architecture.test.ts): the shape it reads is
// declared here structurally; diagnose's Diagnosis satisfies it.

import { formatMagnitude, formatUsd } from './format.ts';
import { formatTable } from './table.ts';

export interface DiagnoseView {
  scenario: string;
  replications: number;
  bottleneck: DiagnoseFindingView;
  secondary: readonly DiagnoseFindingView[];
  baseline: { usdPer1kOutputTokens: number; sloMissed: readonly string[] };
  prescriptions: readonly {
    rank: number;
    remedy: string;
    title: string;
    tier: string;
    changes: Readonly<Record<string, unknown>>;
    why: string;
    verdict: string;
    usdPer1kOutputTokens: number;
    effect: Readonly<Record<string, { relDiff: number; ciLow: number; ciHigh: number; baseline: number; significant: boolean }>>;
    published?: readonly string[];
    assumptions?: readonly string[];
    warnings: readonly string[];
  }[];
  skipped: readonly { remedy: string; pool?: string; reason: string }[];
  notes: readonly string[];
}

export interface DiagnoseFindingView {
  kind: string;
  pool?: string;
  severity: number;
  summary: string;
  evidence: readonly { metric: string; label: string; value: number; threshold: number; passes: boolean; atMost?: boolean; context?: boolean }[];
}

function num(x: number): string {
  return Number.isFinite(x) ? formatMagnitude(x) : 'n/a';
}

/** '-38% [-44%, -31%]' (relative to the baseline), 'n/a' without a baseline. */
function relative(e: { relDiff: number; ciLow: number; ciHigh: number; baseline: number; significant: boolean }): string {
  if (!Number.isFinite(e.relDiff) || e.baseline === 0) return 'n/a';
  const p = (x: number): string => `${x > 0 ? '+' : ''}${formatMagnitude(x * 100)}%`;
  const lo = e.ciLow / Math.abs(e.baseline);
  const hi = e.ciHigh / Math.abs(e.baseline);
  return `${p(e.relDiff)} [${p(lo)}, ${p(hi)}]${e.significant ? '' : ' ns'}`;
}

/** The human-readable diagnosis, as printed by `sakiyomi diagnose`. `primary` names the bottleneck's metrics (diagnose's PRIMARY_METRICS). */
export function formatDiagnosis(d: DiagnoseView, primary: readonly string[]): string {
  const lines: string[] = [];
  const b = d.bottleneck;
  lines.push(`diagnose ${d.scenario} | ${d.replications} replications | bottleneck: ${b.kind}${b.pool === undefined ? '' : ` in pool ${b.pool}`} (severity ${num(b.severity)})`);
  lines.push(b.summary);
  lines.push(
    formatTable(
      ['evidence', 'metric', 'value', 'threshold', 'past it'],
      b.evidence.map((e) => [e.label, e.metric, num(e.value), `${e.atMost ? '<= ' : '>= '}${num(e.threshold)}`, `${e.passes ? 'yes' : 'no'}${e.context ? ' (context)' : ''}`]),
      { align: ['left', 'left', 'right', 'right', 'left'] },
    ),
  );
  if (d.secondary.length > 0) lines.push(`secondary: ${d.secondary.map((f) => `${f.kind}${f.pool === undefined ? '' : ` in pool ${f.pool}`} (severity ${num(f.severity)})`).join(', ')}`);
  lines.push(`baseline: ${formatUsd(d.baseline.usdPer1kOutputTokens)} per 1k output tokens; ${d.baseline.sloMissed.length === 0 ? 'meets every SLO target' : `misses ${d.baseline.sloMissed.join(', ')}`}`);
  lines.push('');
  if (d.prescriptions.length === 0) lines.push('prescriptions: none applies');
  else {
    lines.push('prescriptions (effects relative to the baseline, 95% paired intervals; ns = not significant):');
    lines.push(
      formatTable(
        ['rank', 'remedy', 'tier', ...primary, '$/1k out'],
        d.prescriptions.map((p) => [String(p.rank), p.title, p.tier, ...primary.map((m) => (p.effect[m] ? relative(p.effect[m]) : 'n/a')), formatUsd(p.usdPer1kOutputTokens)]),
        { align: ['right', 'left', 'left', ...primary.map(() => 'right' as const), 'right'] },
      ),
    );
    for (const p of d.prescriptions) {
      lines.push('');
      lines.push(`${p.rank}. ${p.title} [${p.remedy}]: ${Object.entries(p.changes).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}`);
      lines.push(`   why: ${p.why}`);
      lines.push(`   verdict: ${p.verdict}`);
      for (const a of p.assumptions ?? []) lines.push(`   assumption: ${a}`);
      for (const f of p.published ?? []) lines.push(`   ${f}`);
      for (const w of p.warnings) lines.push(`   warning: ${w}`);
    }
  }
  for (const s of d.skipped) lines.push(`not simulated: ${s.remedy}${s.pool === undefined ? '' : ` (pool ${s.pool})`}: ${s.reason}`);
  if (b.evidence.some((e) => e.context)) lines.push('note: (context) evidence says which remedy fits, not whether the constraint binds: it counts in no severity');
  for (const n of d.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}
