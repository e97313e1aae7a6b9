// The SLO lines of the console report: one table row per target — metric, percentile, target
// (with its direction), measured value (± the interval's half-width when there is one) and the
// verdict; an undecided verdict says that more replications are needed.
// Invariants: pure; ASCII only ("<=", ">=", "+/-"), every number through format.ts; '' when
// there are no targets, so a scenario without targets prints what it printed before.
// NOTE: the half-width shown is (ciHigh − ciLow) / 2; a quantile's interval need not be centred on
// the value, so the bounds themselves are in summary.json. A single run has no interval, and the
// heading says so ("1 run: no interval").

import { isLowerBound, type SloVerdict } from '../metrics/index.ts';
import { formatPercent, formatSeconds } from './format.ts';
import { formatTable } from './table.ts';

const METRIC_LABEL: Record<SloVerdict['metric'], string> = { ttft: 'TTFT', tpot: 'TPOT', e2e: 'E2E', itl: 'ITL', goodput: 'goodput' };

const hasInterval = (v: SloVerdict): boolean => !Number.isNaN(v.ciLow) && !Number.isNaN(v.ciHigh);

/** The SLO table under its heading, or '' without targets. */
export function formatSloVerdicts(verdicts: readonly SloVerdict[]): string {
  if (verdicts.length === 0) return '';
  const format = (v: SloVerdict, x: number): string => (v.metric === 'goodput' ? formatPercent(x) : formatSeconds(x));
  const rows = verdicts.map((v) => [
    METRIC_LABEL[v.metric],
    v.percentile,
    `${isLowerBound(v) ? '>=' : '<='} ${format(v, v.target)}`,
    hasInterval(v) ? `${format(v, v.value)} +/- ${format(v, Math.abs(v.ciHigh - v.ciLow) / 2)}` : format(v, v.value),
    v.verdict === 'undecided' ? 'undecided: more replications needed' : v.verdict,
  ]);
  const heading = verdicts.every(hasInterval) ? 'SLO targets (95% intervals):' : verdicts.some(hasInterval) ? 'SLO targets (no interval where no +/-):' : 'SLO targets (1 run: no interval):';
  return `${heading}\n${formatTable(['slo', 'percentile', 'target', 'value', 'verdict'], rows, { align: ['left', 'left', 'right', 'right', 'left'] })}`;
}

/** A verdict as `run --check` weighs it: the fleet's, or a request class's (labelled with the class). */
export type CheckedVerdict = SloVerdict & { class?: string };

/** Every verdict `run --check` weighs: the fleet's targets, then each declared class's, labelled. */
export function checkedVerdicts(summary: { slo?: { verdicts: SloVerdict[] }; classes?: Record<string, { slo?: { verdicts: SloVerdict[] } }> }): CheckedVerdict[] {
  const own: CheckedVerdict[] = summary.slo?.verdicts ?? [];
  const byClass = Object.entries(summary.classes ?? {}).flatMap(([name, c]) => (c.slo?.verdicts ?? []).map((v) => ({ ...v, class: name })));
  return [...own, ...byClass];
}

/**
 * `run --check`'s one line for a scenario (stderr): what decided its exit code — the targets
 * missed and the overload, else the targets undecided, else that every target was met.
 */
export function formatCheckLine(name: string, verdicts: readonly CheckedVerdict[], overloaded: boolean): string {
  const label = (v: CheckedVerdict): string => `${v.class === undefined ? '' : `${v.class}: `}${METRIC_LABEL[v.metric]} ${v.percentile}`;
  const format = (v: SloVerdict, x: number): string => (v.metric === 'goodput' ? formatPercent(x) : formatSeconds(x));
  const missed = verdicts.filter((v) => v.verdict === 'missed');
  const undecided = verdicts.filter((v) => v.verdict === 'undecided');
  if (missed.length > 0 || overloaded) {
    const parts = missed.map((v) => `${label(v)} ${format(v, v.value)} ${isLowerBound(v) ? '<' : '>'} ${format(v, v.target)}`);
    const missedText = parts.length > 0 ? `missed ${parts.join(', ')}` : '';
    return `check: ${name}: ${[missedText, overloaded ? 'overloaded' : ''].filter(Boolean).join('; ')}`;
  }
  if (undecided.length > 0) {
    const parts = undecided.map((v) => (hasInterval(v) ? `${label(v)} [${format(v, v.ciLow)}, ${format(v, v.ciHigh)}] straddles ${format(v, v.target)}` : `${label(v)} has no value`));
    return `check: ${name}: undecided ${parts.join(', ')}: more replications needed`;
  }
  return verdicts.length === 0 ? `check: ${name}: no SLO targets; not overloaded` : `check: ${name}: all ${verdicts.length} SLO target${verdicts.length === 1 ? '' : 's'} met; not overloaded`;
}
