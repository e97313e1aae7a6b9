// Number formatting for the console report: durations, counts, rates, percentages and dollars.
// Invariants: every helper is a pure function of its arguments — no locale, no Intl, no
// toLocaleString — so the same number prints the same bytes on every machine; NaN prints as
// "n/a" and ±Infinity as "inf"/"-inf" (a metric with no samples is NaN, never a crash).
// NOTE: precision follows magnitude (about three significant digits), the way a reader compares
// p50 with p99; thousands are grouped with "," so large counts stay legible.
// NOTE: durations switch from ms to s at one second ("123.4 ms", "1.23 s"); a latency table may
// therefore mix units within a column, each cell carrying its own unit.

import type { Seconds } from '../units.ts';

/** "n/a" for NaN, "inf"/"-inf" for infinities, undefined for a finite number. */
function nonFinite(x: number): string | undefined {
  if (Number.isNaN(x)) return 'n/a';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return undefined;
}

/** Inserts "," every three digits of the integer part of a plain decimal string. */
function groupThousands(fixed: string): string {
  const negative = fixed.startsWith('-');
  const body = negative ? fixed.slice(1) : fixed;
  const dot = body.indexOf('.');
  const integer = dot === -1 ? body : body.slice(0, dot);
  const fraction = dot === -1 ? '' : body.slice(dot);
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + fraction;
}

/**
 * x to three significant digits in its shortest plain form, for a figure inside a sentence (a
 * verdict, a reason): no grouping, no trailing zeros — 0.012345 → "0.0123", 1234.5 → "1230",
 * 2 → "2", -0.5 → "-0.5"; NaN "n/a", ±Infinity "inf"/"-inf" like the other helpers.
 */
export function formatSignificant3(x: number): string {
  return nonFinite(x) ?? String(Number(x.toPrecision(3)));
}

/** x with a fixed number of decimals and grouped thousands: formatNumber(12345.678, 1) = "12,345.7". */
export function formatNumber(x: number, decimals = 1): string {
  const special = nonFinite(x);
  if (special !== undefined) return special;
  // Rounding to zero keeps no sign: "-0.0" would read as a negative quantity.
  const fixed = x.toFixed(decimals);
  return groupThousands(/^-0(\.0*)?$/.test(fixed) ? fixed.slice(1) : fixed);
}

/** An integer count with grouped thousands: formatCount(1234567) = "1,234,567". */
export function formatCount(n: number): string {
  return formatNumber(Math.round(n), 0);
}

/**
 * About three significant digits, never in exponent notation: 1234.5 → "1,235", 123.45 →
 * "123.5", 12.345 → "12.35", 0.012345 → "0.0123", 0 → "0".
 */
export function formatMagnitude(x: number): string {
  const special = nonFinite(x);
  if (special !== undefined) return special;
  const abs = Math.abs(x);
  if (abs === 0) return '0';
  if (abs >= 1000) return formatNumber(x, 0);
  if (abs >= 100) return formatNumber(x, 1);
  if (abs >= 1) return formatNumber(x, 2);
  // Three significant digits below one, capped so a denormal-sized value still prints briefly.
  const decimals = Math.min(12, 2 - Math.floor(Math.log10(abs)));
  return formatNumber(x, decimals);
}

/**
 * A duration given in seconds, shown in ms below one second and in s above:
 * 0.0001234 → "0.123 ms", 0.001234 → "1.23 ms", 0.01234 → "12.3 ms", 0.1234 → "123.4 ms", 1.234 → "1.23 s",
 * 12.34 → "12.3 s", 1234 → "1,234 s".
 */
export function formatSeconds(seconds: Seconds): string {
  const special = nonFinite(seconds);
  if (special !== undefined) return special;
  const ms = seconds * 1000;
  const absMs = Math.abs(ms);
  if (absMs === 0) return '0 ms';
  // Each branch checks the *rounded* value, so 999.96 ms prints as "1.00 s", not "1000.0 ms".
  if (absMs < 1 && Math.abs(Number(ms.toFixed(3))) < 1) return `${formatNumber(ms, 3)} ms`;
  if (absMs < 10 && Math.abs(Number(ms.toFixed(2))) < 10) return `${formatNumber(ms, 2)} ms`;
  if (absMs < 1000 && Math.abs(Number(ms.toFixed(1))) < 1000) return `${formatNumber(ms, 1)} ms`;
  const abs = Math.abs(seconds);
  if (abs < 10 && Math.abs(Number(seconds.toFixed(2))) < 10) return `${formatNumber(seconds, 2)} s`;
  if (abs < 100 && Math.abs(Number(seconds.toFixed(1))) < 100) return `${formatNumber(seconds, 1)} s`;
  return `${formatNumber(seconds, 0)} s`;
}

/** A rate with its unit: formatRate(12.345, 'req/s') = "12.35 req/s". */
export function formatRate(perSecond: number, unit: string): string {
  return `${formatMagnitude(perSecond)} ${unit}`;
}

/** A fraction in [0, 1] as a percentage: formatPercent(0.1234) = "12.3%". */
export function formatPercent(fraction: number, decimals = 1): string {
  const special = nonFinite(fraction);
  if (special !== undefined) return special;
  return `${formatNumber(fraction * 100, decimals)}%`;
}

/**
 * US dollars: cents above one dollar, three significant digits below (prices per 1k tokens are
 * fractions of a cent): 1234.5 → "$1,234.50", 0.0123 → "$0.0123", 0.000456 → "$0.000456".
 */
export function formatUsd(usd: number): string {
  const special = nonFinite(usd);
  if (special !== undefined) return special;
  const abs = Math.abs(usd);
  const sign = usd < 0 ? '-' : '';
  if (abs === 0) return '$0.00';
  if (abs >= 1) return `${sign}$${formatNumber(abs, 2)}`;
  const decimals = Math.max(2, Math.min(12, 2 - Math.floor(Math.log10(abs))));
  return `${sign}$${formatNumber(abs, decimals)}`;
}

/** x to 6 significant digits (0 and non-finite values unchanged): what the charts' data rows carry, so their JSON stays short and byte-stable. */
export function round6(x: number): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(6));
}
