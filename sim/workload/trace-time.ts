// Exact instants from trace text: an ISO 8601 date-time or a decimal number in a unit, as
// (whole seconds, nanoseconds) integers, so that differences between rows are exact integers.
// Date.parse rounds to the millisecond (and rejects 7 fractional digits in some engines); the
// Azure traces carry 7 digits (100 ns), so this parses by hand.
// Accepted ISO forms: YYYY-MM-DD, then ' ' or 'T', then HH:MM[:SS[.fraction]], then optionally
// 'Z' or ±HH:MM / ±HHMM (no zone = UTC: only differences between rows matter, and a file keeps
// one zone). Fractions of any length: the first 9 digits are kept exactly (nanoseconds), the rest
// round half up into the 9th (a finer clock than 1 ns does not exist in any trace).
// Numbers: an unsigned decimal (no exponent) in s, ms or us, converted exactly to (s, ns) in
// integers (sub-nanosecond digits round half up).
// Invariants: nanos is an integer in [0, 1e9); seconds is a safe integer.
// NOTE: leap seconds (:60) are rejected; a trace with one is malformed at that row.
// Messages quote a field only when it is short and plain (show()), never other text of the file.

export interface Instant {
  seconds: number;
  nanos: number;
}

export type TimeUnit = 's' | 'ms' | 'us';

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DECIMAL = /^(\d+)(?:\.(\d*))?$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The instant, or a reason it is not one. */
export function parseIsoInstant(text: string): Instant | string {
  const m = ISO.exec(text.trim());
  if (m === null) return `not an ISO 8601 date-time (YYYY-MM-DD HH:MM:SS[.fff…][Z|±HH:MM]): ${show(text)}`;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1] || hour > 23 || minute > 59 || second > 59) {
    return `not a valid date-time: ${show(text)}`;
  }
  if (month === 2 && day === 29 && !isLeap(year)) return `not a valid date-time (${year} is not a leap year): ${show(text)}`;
  let seconds = Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60;
    seconds -= zone[0] === '+' ? offset : -offset;
  }
  return carry(seconds, fractionNanos(m[7] ?? ''));
}

/** A decimal number of `unit`s as an instant (or duration) from 0, or a reason it is not one. */
export function parseDecimalInstant(text: string, unit: TimeUnit): Instant | string {
  const m = DECIMAL.exec(text.trim());
  if (m === null) return `not a non-negative decimal number: ${show(text)}`;
  const whole = Number(m[1]);
  if (!Number.isSafeInteger(whole)) return `number too large: ${show(text)}`;
  const fraction = m[2] ?? '';
  switch (unit) {
    case 's':
      return carry(whole, fractionNanos(fraction));
    case 'ms':
      // whole ms = ⌊w/1000⌋ s + (w mod 1000)·1e6 ns; the fraction of a ms is fraction·1e6 ns.
      return carry(Math.floor(whole / 1000), (whole % 1000) * 1e6 + scaledFraction(fraction, 6));
    case 'us':
      return carry(Math.floor(whole / 1e6), (whole % 1e6) * 1e3 + scaledFraction(fraction, 3));
  }
}

/** a − b in seconds: the exact integer nanosecond difference, divided once (correctly rounded when |a − b| < 2^53 ns ≈ 104 days). */
export function secondsBetween(a: Instant, b: Instant): number {
  return ((a.seconds - b.seconds) * 1e9 + (a.nanos - b.nanos)) / 1e9;
}

/** a − b in integer nanoseconds (exact below 2^53 ns). */
export function nanosBetween(a: Instant, b: Instant): number {
  return (a.seconds - b.seconds) * 1e9 + (a.nanos - b.nanos);
}

export function compareInstants(a: Instant, b: Instant): number {
  return a.seconds !== b.seconds ? a.seconds - b.seconds : a.nanos - b.nanos;
}

/** The first 9 fractional digits as nanoseconds, rounding half up on the 10th. */
function fractionNanos(digits: string): number {
  return scaledFraction(digits, 9);
}

/** 0.digits × 10^places, as an integer, rounded half up on the next digit. */
function scaledFraction(digits: string, places: number): number {
  const kept = Number(digits.slice(0, places).padEnd(places, '0'));
  return digits.length > places && digits.charCodeAt(places) >= 53 /* '5' */ ? kept + 1 : kept;
}

function carry(seconds: number, nanos: number): Instant {
  return nanos >= 1e9 ? { seconds: seconds + Math.floor(nanos / 1e9), nanos: nanos % 1e9 } : { seconds, nanos };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * A field's text for a message, only when it is short and plain (letters, digits, space, . _ : + -
 * and at most 40 characters, as every timestamp and count is); anything else is described by its
 * length, so a scenario naming another file as its trace cannot print that file's content.
 */
export function show(text: string): string {
  return /^[A-Za-z0-9 ._:+-]{0,40}$/.test(text) ? JSON.stringify(text) : `a value of ${text.length} characters`;
}
