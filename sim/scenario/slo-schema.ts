// The `slo` section of a scenario: two forms that work together.
//   Short form  ttftSeconds, tpotSeconds: the per-request thresholds that goodput counts (a
//               measured request meets the SLO when its TTFT and its TPOT are at most these).
//   Targets     ttft, tpot, e2e, itl: { mean | p50 | p90 | p95 | p99: seconds }, upper bounds on
//               the fleet's statistics; goodput: { fraction }, a lower bound on the fraction of
//               measured requests meeting the per-request thresholds. Each target gets a verdict
//               (metrics/slo-verdicts.ts) and `run --check` turns the verdicts into an exit code.
// Without a short-form threshold, goodput's per-request threshold for TTFT (TPOT) is the target of
// the highest percentile given for ttft (tpot) — p99, else p95, p90, p50 — so `ttft: { p95: 0.5 }`
// counts requests with TTFT ≤ 0.5 s as good; with neither, today's defaults (1 s, 0.1 s). A mean
// target alone does not set a per-request threshold (a mean bounds no single request).
// Invariants: the resolved section always has ttftSeconds and tpotSeconds; the target fields are
// present only when the file gives them, so a file without targets resolves as before.
// NOTE: `max` is no target: one slow request decides it. A minimum goodput fraction is written
// `goodput: { fraction: 0.95 }` (as the verdict names it: metric goodput, percentile fraction);
// `minGoodputFraction` is refused with that suggestion.

import { z } from 'zod';
import type { Problem } from './errors.ts';
import { didYouMean } from './suggest.ts';

/** The short form's defaults when neither it nor a percentile target says otherwise. */
export const DEFAULT_SLO_TTFT_SECONDS = 1;
export const DEFAULT_SLO_TPOT_SECONDS = 0.1;

const LATENCY_TARGET_METRICS = ['ttft', 'tpot', 'e2e', 'itl'] as const;
const PERCENTILES = ['mean', 'p50', 'p90', 'p95', 'p99'] as const;
const SLO_FIELDS = ['ttftSeconds', 'tpotSeconds', ...LATENCY_TARGET_METRICS, 'goodput'] as const;

const LATENCY_NAMES: Record<(typeof LATENCY_TARGET_METRICS)[number], string> = {
  ttft: 'time to first token',
  tpot: 'time per output token',
  e2e: 'end-to-end latency',
  itl: 'inter-token latency (over every token gap)',
};

/** "At least one target" is said only of a section without other problems (an unknown key says enough). */
const onlyIfClean = (payload: { issues: readonly unknown[] }): boolean => payload.issues.length === 0;

function latencyTargets(metric: (typeof LATENCY_TARGET_METRICS)[number]) {
  const seconds = (what: string) => z.number().positive().optional().describe(`Met when the ${what} of ${metric.toUpperCase()} is at most this (seconds).`);
  return z.object({
    mean: seconds('mean'),
    p50: seconds('median (p50)'),
    p90: seconds('90th percentile'),
    p95: seconds('95th percentile'),
    p99: seconds('99th percentile'),
  }).strict().refine((o) => PERCENTILES.some((p) => o[p] !== undefined), {
    message: `give at least one target, e.g. { p95: ${metric === 'ttft' || metric === 'e2e' ? '0.5' : '0.05'} }`,
    when: onlyIfClean,
  }).optional().describe(`Targets on the ${LATENCY_NAMES[metric]}: upper bounds per statistic (mean, p50, p90, p95, p99), in seconds.`);
}

const SloFields = z.object({
  ttftSeconds: z.number().positive().optional().describe(`A request meets the SLO (counts toward goodput) when its TTFT is at most this... (default: the ttft target of the highest percentile given, else ${DEFAULT_SLO_TTFT_SECONDS} s)`),
  tpotSeconds: z.number().positive().optional().describe(`...and its TPOT at most this (default: the tpot target of the highest percentile given, else ${DEFAULT_SLO_TPOT_SECONDS} s).`),
  ttft: latencyTargets('ttft'),
  tpot: latencyTargets('tpot'),
  e2e: latencyTargets('e2e'),
  itl: latencyTargets('itl'),
  goodput: z.object({
    fraction: z.number().min(0).max(1).optional().describe('Met when at least this fraction of measured requests meets ttftSeconds and tpotSeconds (a fraction in [0, 1], e.g. 0.95).'),
  }).strict().refine((o) => o.fraction !== undefined, { message: 'give the least fraction of measured requests meeting the per-request SLO, e.g. { fraction: 0.95 }', when: onlyIfClean }).optional().describe('A lower bound on goodput: the fraction of measured requests meeting the per-request SLO.'),
}).strict();

export const SloSchema = SloFields.transform(resolveSlo).describe(
  'Service-level objectives. ttftSeconds/tpotSeconds define the requests goodput counts; ttft, tpot, e2e, itl ({ p95: 0.5 }) and goodput ({ fraction: 0.95 }) are targets that get a verdict (met, missed, undecided) and decide `run --check`.',
);

/** The section with its per-request thresholds filled in (see the header); targets as given. */
function resolveSlo(s: z.output<typeof SloFields>) {
  const { ttftSeconds, tpotSeconds, ...targets } = s;
  return {
    ttftSeconds: ttftSeconds ?? tailTarget(targets.ttft) ?? DEFAULT_SLO_TTFT_SECONDS,
    tpotSeconds: tpotSeconds ?? tailTarget(targets.tpot) ?? DEFAULT_SLO_TPOT_SECONDS,
    ...targets,
  };
}

/** The target of the highest percentile given (p99, p95, p90, p50), if any. */
function tailTarget(t: Partial<Record<(typeof PERCENTILES)[number], number>> | undefined): number | undefined {
  return t?.p99 ?? t?.p95 ?? t?.p90 ?? t?.p50;
}

export type SloConfig = z.output<typeof SloSchema>;

/** The default section: the short form's defaults, no targets. */
export const DEFAULT_SLO: SloConfig = { ttftSeconds: DEFAULT_SLO_TTFT_SECONDS, tpotSeconds: DEFAULT_SLO_TPOT_SECONDS };

const FRACTION_HINT = 'write goodput: { fraction: 0.95 } for a minimum goodput fraction';

/**
 * A clearer problem than the generic "unknown field" for an unknown key inside `slo` (its
 * candidates are the SLO's own names, not every field of the format); undefined elsewhere.
 */
export function sloUnknownKeyProblem(path: readonly PropertyKey[], keys: readonly string[]): Problem | undefined {
  if (path[0] !== 'slo' || path.length > 2) return undefined;
  const where = path.map(String).join('.');
  const list = keys.map((k) => `'${k}'`).join(', ');
  if (path.length === 1) {
    return {
      path: where,
      message: `unknown SLO field${keys.length > 1 ? 's' : ''} ${list}; expected ttftSeconds, tpotSeconds (what goodput counts) or targets ${[...LATENCY_TARGET_METRICS, 'goodput'].join(', ')}`,
      suggestion: joinHints(keys.map((k) => (/goodput|fraction/i.test(k) && k !== 'goodput' ? FRACTION_HINT : didYouMean(k, SLO_FIELDS)))),
    };
  }
  const metric = String(path[1]);
  if (metric === 'goodput') {
    return { path: where, message: `unknown field${keys.length > 1 ? 's' : ''} ${list}; goodput takes only 'fraction' (a lower bound on the fraction of measured requests meeting ttftSeconds and tpotSeconds)`, suggestion: FRACTION_HINT };
  }
  return {
    path: where,
    message: `unknown percentile${keys.length > 1 ? 's' : ''} ${list} for ${metric}; expected ${PERCENTILES.join(', ')}`,
    suggestion: joinHints(keys.map((k) => (k === 'max' ? "max is no SLO target (one request decides it): try 'p99'" : k === 'fraction' ? FRACTION_HINT : didYouMean(k, PERCENTILES)))),
  };
}

/** A hint for a value of the wrong type inside `slo` (e.g. `ttft: 0.5`), else undefined. */
export function sloTypeHint(path: readonly PropertyKey[]): string | undefined {
  if (path[0] !== 'slo' || path.length !== 2) return undefined;
  const metric = String(path[1]);
  if (metric === 'goodput') return FRACTION_HINT;
  if ((LATENCY_TARGET_METRICS as readonly string[]).includes(metric)) {
    return `write ${metric}: { p95: 0.5 } for a target on a statistic${metric === 'ttft' || metric === 'tpot' ? `, or ${metric}Seconds: 0.5 for the per-request threshold goodput counts` : ''}`;
  }
  return undefined;
}

function joinHints(hints: readonly (string | undefined)[]): string | undefined {
  const unique = [...new Set(hints.filter((h): h is string => h !== undefined))];
  return unique.length > 0 ? unique.join('; ') : undefined;
}
