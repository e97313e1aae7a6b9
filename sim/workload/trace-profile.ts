// `sakiyomi profile <trace>`: what a request log looks like, in one pass and bounded memory, and a
// scenario skeleton fitted to it. From the rows (trace-file.ts, the same reader as replay):
//   arrivals per window of windowSeconds, with the CV of inter-arrival gaps per window (a gap
//     belongs to the window of its later arrival) and overall;
//   the daily curve: 24 hourly weights, rate by hour of day of the absolute timestamps (UTC after
//     a zone, wall clock for zone-less ISO like Azure's), each hour's count over the seconds of
//     that hour the trace covers, scaled so the largest is 1; hours the trace does not cover get
//     the overall mean rate (stated in the skeleton);
//   prompt and output lengths: mean and max exact; p50/p95/p99 from a LogHistogram (metrics/;
//     inverted-CDF rank, within 0.05 % relative); the mean and standard deviation of ln(length);
//   their correlation: Pearson on ln lengths and Pearson on raw lengths (co-moments updated per
//     row, Welford style). NOTE: no Spearman — it needs every rank, not one bounded pass;
//   per endpoint (when an endpoint column is mapped): rows, lengths, correlation (at most
//     MAX_ENDPOINTS distinct endpoints; more is an error).
// The skeleton: lognormal prompt/output with sigma = sd(ln L) and meanTokens = exp(mean(ln L) +
// sigma²/2) (the lognormal's mean, as lengths.ts parameterises it); arrival 'daily' (hourly
// weights, meanRatePerSecond = rows / span, startHour of the first row) when the trace has absolute
// timestamps and spans at least DAILY_MIN_SPAN_HOURS, else gamma with the measured rate
// ((rows − 1) / span) and gap CV (constant when the CV is 0, capped at the schema's 20); stop
// numRequests = rows. Model and hardware are placeholders to edit.
// Invariants: pure apart from reading the trace (through trace-file.ts); deterministic.

import { LogHistogram } from '../metrics/index.ts';
import { ScenarioError, type TraceConfig } from '../scenario/index.ts';
import { openTraceRows } from './trace-file.ts';
import { nanosBetween, type Instant } from './trace-time.ts';

export const DAILY_MIN_SPAN_HOURS = 6;
export const MAX_WINDOWS = 1_000_000;
export const MAX_ENDPOINTS = 1000;
/** The schema's largest gamma CV. */
const MAX_CV = 20;

export interface LengthStats {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  logMean: number;
  logSd: number;
}

export interface Correlation {
  /** Pearson correlation of ln(prompt) and ln(output). */
  pearsonLog: number;
  /** Pearson correlation of prompt and output. */
  pearson: number;
}

export interface LengthProfile {
  rows: number;
  promptTokens: LengthStats;
  outputTokens: LengthStats;
  correlation: Correlation;
}

export interface TraceProfile extends LengthProfile {
  file: string;
  format: string;
  columns: { time: string; promptTokens: string; outputTokens: string; endpoint?: string; dialect?: string };
  skipped: number;
  /** ISO instant of the first row (UTC), when timestamps are absolute. */
  firstAt?: string;
  spanSeconds: number;
  meanRatePerSecond: number;
  interArrival: { meanSeconds: number; cv: number };
  windowSeconds: number;
  windows: { startSeconds: number; arrivals: number; ratePerSecond: number; cv: number | null }[];
  /** Rate by hour of day (24 weights, largest 1); absent without absolute timestamps. */
  hourly?: { weights: number[]; counts: number[]; coveredSeconds: number[] };
  endpoints?: Record<string, LengthProfile>;
  skeleton: string;
}

export interface ProfileOptions {
  windowSeconds?: number;
  trace?: Partial<Pick<TraceConfig, 'format' | 'mapping' | 'timeUnit' | 'onMalformed'>>;
}

class Moments {
  n = 0;
  mean = 0;
  m2 = 0;
  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  get sd(): number {
    return this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1)) : 0;
  }
}

/** Two variables' means, variances and co-moment, one update per pair (Welford). */
class CoMoments {
  n = 0;
  mx = 0;
  my = 0;
  sxx = 0;
  syy = 0;
  sxy = 0;
  add(x: number, y: number): void {
    this.n++;
    const dx = x - this.mx;
    const dy = y - this.my;
    this.mx += dx / this.n;
    this.my += dy / this.n;
    this.sxx += dx * (x - this.mx);
    this.syy += dy * (y - this.my);
    this.sxy += dx * (y - this.my);
  }
  get r(): number {
    return this.sxx > 0 && this.syy > 0 ? this.sxy / Math.sqrt(this.sxx * this.syy) : 0;
  }
}

class LengthAccumulator {
  readonly prompt = new LogHistogram({ minValue: 1, maxValue: 2e7 });
  readonly output = new LogHistogram({ minValue: 1, maxValue: 2e7 });
  readonly logs = new CoMoments();
  readonly raw = new CoMoments();
  add(p: number, o: number): void {
    this.prompt.add(p, 1);
    this.output.add(o, 1);
    this.logs.add(Math.log(p), Math.log(o));
    this.raw.add(p, o);
  }
  profile(): LengthProfile {
    const n = this.logs.n;
    const sd = (s: number) => (n > 1 ? Math.sqrt(s / (n - 1)) : 0);
    const stats = (h: LogHistogram, logMean: number, logSd: number): LengthStats => ({
      mean: h.mean,
      p50: h.quantile(0.5),
      p95: h.quantile(0.95),
      p99: h.quantile(0.99),
      max: h.max,
      logMean,
      logSd,
    });
    return {
      rows: n,
      promptTokens: stats(this.prompt, this.logs.mx, sd(this.logs.sxx)),
      outputTokens: stats(this.output, this.logs.my, sd(this.logs.syy)),
      correlation: { pearsonLog: this.logs.r, pearson: this.raw.r },
    };
  }
}

export function profileTrace(traceFile: string, options: ProfileOptions = {}): TraceProfile {
  const windowSeconds = options.windowSeconds ?? 60;
  if (!(windowSeconds > 0) || !Number.isFinite(windowSeconds)) throw new RangeError(`windowSeconds must be a positive number, got ${windowSeconds}`);
  const trace = { onMalformed: 'error' as const, ...options.trace };
  const rows = openTraceRows(traceFile, trace);
  const all = new LengthAccumulator();
  const endpoints = new Map<string, LengthAccumulator>();
  const gaps = new Moments();
  const windowCounts: number[] = [];
  const windowGaps: Moments[] = [];
  const hourCounts = new Array<number>(24).fill(0);
  let first: Instant | null = null;
  let absolute = true;
  let previousSeconds = 0;
  let lastSeconds = 0;
  for (let next = rows.next(); next !== null; next = rows.next()) {
    const { row } = next;
    if (first === null) first = row.at;
    absolute &&= row.absolute;
    const t = nanosBetween(row.at, first) / 1e9;
    const w = Math.floor(t / windowSeconds);
    if (w >= MAX_WINDOWS) {
      rows.close();
      throw new ScenarioError(traceFile, [{ path: '', message: `the trace spans more than ${MAX_WINDOWS} windows of ${windowSeconds} s`, suggestion: 'use a longer --window-seconds' }]);
    }
    while (windowCounts.length <= w) {
      windowCounts.push(0);
      windowGaps.push(new Moments());
    }
    windowCounts[w]++;
    if (all.logs.n > 0) {
      gaps.add(t - previousSeconds);
      windowGaps[w].add(t - previousSeconds);
    }
    previousSeconds = t;
    lastSeconds = t;
    if (row.absolute) hourCounts[hourOfDay(row.at)]++;
    all.add(row.promptTokens, row.outputTokens);
    if (row.endpoint !== undefined) {
      let acc = endpoints.get(row.endpoint);
      if (acc === undefined) {
        if (endpoints.size >= MAX_ENDPOINTS) {
          rows.close();
          throw new ScenarioError(traceFile, [{ path: '', message: `more than ${MAX_ENDPOINTS} distinct endpoints: is the endpoint column an id?` }]);
        }
        acc = new LengthAccumulator();
        endpoints.set(row.endpoint, acc);
      }
      acc.add(row.promptTokens, row.outputTokens);
    }
  }
  rows.close();
  if (first === null) throw new ScenarioError(traceFile, [{ path: '', message: 'no well-formed row: nothing to profile' }]);
  const lengths = all.profile();
  const n = lengths.rows;
  const span = lastSeconds;
  const columns = rows.columns!;
  const profile: TraceProfile = {
    file: traceFile.split(/[\\/]/).pop() ?? traceFile,
    format: /\.(jsonl|ndjson)$/i.test(traceFile) || trace.format === 'jsonl' ? 'jsonl' : 'csv',
    columns: {
      time: columns.time,
      promptTokens: columns.promptTokens,
      outputTokens: columns.outputTokens,
      ...(columns.endpoint !== undefined ? { endpoint: columns.endpoint } : {}),
      ...(columns.dialect !== undefined ? { dialect: columns.dialect } : {}),
    },
    skipped: rows.skipped,
    ...(absolute ? { firstAt: isoOf(first) } : {}),
    spanSeconds: span,
    meanRatePerSecond: span > 0 ? n / span : 0,
    interArrival: { meanSeconds: gaps.mean, cv: gaps.mean > 0 ? gaps.sd / gaps.mean : 0 },
    windowSeconds,
    windows: windowCounts.map((arrivals, i) => {
      const g = windowGaps[i];
      return { startSeconds: i * windowSeconds, arrivals, ratePerSecond: arrivals / windowSeconds, cv: g.n > 1 && g.mean > 0 ? g.sd / g.mean : null };
    }),
    ...lengths,
    skeleton: '',
  };
  if (absolute) profile.hourly = hourlyCurve(first, span, hourCounts, n);
  if (endpoints.size > 0) profile.endpoints = Object.fromEntries([...endpoints].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, acc]) => [name, acc.profile()]));
  profile.skeleton = scenarioSkeleton(profile, first);
  return profile;
}

function hourOfDay(at: Instant): number {
  return Math.floor((((at.seconds % 86400) + 86400) % 86400) / 3600);
}

/** Seconds of each hour of day in [first, first + span] and the rate-by-hour weights (largest 1). */
function hourlyCurve(first: Instant, span: number, counts: number[], n: number): TraceProfile['hourly'] {
  const covered = new Array<number>(24).fill(0);
  const start = first.seconds + first.nanos / 1e9;
  let t = start;
  const end = start + span;
  while (t < end) {
    const hourEnd = (Math.floor(t / 3600) + 1) * 3600;
    const stop = Math.min(hourEnd, end);
    covered[Math.floor((((t % 86400) + 86400) % 86400) / 3600)] += stop - t;
    t = stop;
  }
  const mean = span > 0 ? n / span : 0;
  const rates = counts.map((c, h) => (covered[h] >= 60 ? c / covered[h] : mean));
  const top = Math.max(...rates);
  return { weights: rates.map((r) => (top > 0 ? round(r / top, 4) : 1)), counts, coveredSeconds: covered.map((s) => round(s, 3)) };
}

function lognormalFit(s: LengthStats): { meanTokens: number; sigma: number } {
  const sigma = Math.max(0.01, Math.min(4, s.logSd));
  return { meanTokens: round(Math.exp(s.logMean + (sigma * sigma) / 2), 1), sigma: round(sigma, 3) };
}

function scenarioSkeleton(p: TraceProfile, first: Instant): string {
  const prompt = lognormalFit(p.promptTokens);
  const output = lognormalFit(p.outputTokens);
  const daily = p.hourly !== undefined && p.spanSeconds >= DAILY_MIN_SPAN_HOURS * 3600;
  const lines = [
    '#',
    `# A scenario skeleton fitted by \`sakiyomi profile\` to ${p.file} (${p.rows} rows over ${round(p.spanSeconds, 1)} s${p.skipped > 0 ? `, ${p.skipped} malformed rows skipped` : ''}).`,
    '# Edit model, hardware, engine and slo; the workload numbers come from the trace as each comment says.',
    '# What it shows: the trace\'s load and lengths as fitted distributions (replay the file itself with workload.trace).',
    `name: ${slug(p.file)}-fit`,
    'seed: 1',
    'model: llama-3.1-8b  # placeholder: the served model',
    'hardware:',
    '  gpu: h100-sxm  # placeholder',
    '  numReplicas: 1  # placeholder',
    'workload:',
    '  arrival:',
  ];
  if (daily) {
    const startHour = round(((((first.seconds % 86400) + 86400) % 86400) + first.nanos / 1e9) / 3600, 4);
    lines.push(
      '    kind: daily',
      `    # rate by hour of day (count / seconds of that hour covered), largest = 1; hours the trace does not cover: the mean rate`,
      `    hourlyWeights: [${p.hourly!.weights.join(', ')}]`,
      `    meanRatePerSecond: ${round(p.meanRatePerSecond, 6)}  # rows / span = ${p.rows} / ${round(p.spanSeconds, 3)} s`,
      `    startHour: ${Math.min(startHour, 23.99)}  # hour of day of the first row (${p.firstAt})`,
    );
  } else {
    const rate = p.spanSeconds > 0 ? (p.rows - 1) / p.spanSeconds : 1;
    const cv = p.interArrival.cv;
    if (cv <= 0) {
      lines.push('    kind: constant', `    ratePerSecond: ${round(rate, 6)}  # (rows − 1) / span; every gap equal`);
    } else {
      lines.push(
        '    kind: gamma',
        `    ratePerSecond: ${round(rate, 6)}  # (rows − 1) / span = ${p.rows - 1} / ${round(p.spanSeconds, 3)} s`,
        `    cv: ${round(Math.min(cv, MAX_CV), 4)}  # coefficient of variation of the inter-arrival gaps${cv > MAX_CV ? ` (measured ${round(cv, 3)}, capped at ${MAX_CV})` : ''}`,
      );
    }
  }
  const lengthLines = (key: string, fit: { meanTokens: number; sigma: number }, s: LengthStats, column: string) => [
    `  ${key}:`,
    `    # lognormal fit of ${column}: sigma = sd(ln L) = ${round(s.logSd, 4)}, meanTokens = exp(mean(ln L) + sigma²/2); trace mean ${round(s.mean, 1)}, p50 ${round(s.p50, 0)}, p99 ${round(s.p99, 0)}, max ${s.max}`,
    '    kind: lognormal',
    `    meanTokens: ${fit.meanTokens}`,
    `    sigma: ${fit.sigma}`,
    `    maxTokens: ${Math.max(1, Math.round(s.max))}  # the trace's longest`,
  ];
  lines.push(...lengthLines('promptTokens', prompt, p.promptTokens, p.columns.promptTokens));
  lines.push(...lengthLines('outputTokens', output, p.outputTokens, p.columns.outputTokens));
  lines.push('  stop:', `    numRequests: ${p.rows}  # as many requests as the trace has`);
  lines.push(`# prompt/output correlation in the trace: Pearson ${round(p.correlation.pearson, 3)}, on ln lengths ${round(p.correlation.pearsonLog, 3)} (the fit draws them independently; workload.trace use: lengths keeps the pairs)`);
  return `${lines.join('\n')}\n`;
}

/** The instant as ISO 8601 UTC with 9 fractional digits (civil date from days: Hinnant's days_from_civil inverse; no Date, which the architecture test bans in sim/). */
function isoOf(at: Instant): string {
  const days = Math.floor(at.seconds / 86400);
  const secondOfDay = at.seconds - days * 86400;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(Math.floor(secondOfDay / 3600))}:${two(Math.floor((secondOfDay % 3600) / 60))}:${two(secondOfDay % 60)}`;
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${time}.${String(at.nanos).padStart(9, '0')}Z`;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function slug(file: string): string {
  const s = file.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[.]+/, '').slice(0, 90);
  return s === '' ? 'trace' : s;
}

/** The profile as Markdown: the headline numbers, the length table, windows and hours (profile.md; also the CLI's text). */
export function profileMarkdown(p: TraceProfile): string {
  const f = (x: number, d = 3) => String(round(x, d));
  const lines = [
    `# Trace profile: ${p.file}`,
    '',
    `${p.rows} rows (${p.skipped} malformed skipped) over ${f(p.spanSeconds, 1)} s${p.firstAt ? ` from ${p.firstAt}` : ''}; columns ${p.columns.time}, ${p.columns.promptTokens}, ${p.columns.outputTokens}${p.columns.dialect ? ` (${p.columns.dialect} layout)` : ''}.`,
    '',
    `- mean rate: ${f(p.meanRatePerSecond, 4)} requests/s; inter-arrival mean ${f(p.interArrival.meanSeconds, 4)} s, CV ${f(p.interArrival.cv, 3)} (1 = Poisson, > 1 bursty)`,
    `- prompt/output correlation: Pearson ${f(p.correlation.pearson)}, on ln lengths ${f(p.correlation.pearsonLog)}`,
    '',
    '| tokens | mean | p50 | p95 | p99 | max | mean ln | sd ln |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const row = (name: string, s: LengthStats) => `| ${name} | ${f(s.mean, 1)} | ${f(s.p50, 0)} | ${f(s.p95, 0)} | ${f(s.p99, 0)} | ${s.max} | ${f(s.logMean)} | ${f(s.logSd)} |`;
  lines.push(row('prompt', p.promptTokens), row('output', p.outputTokens));
  for (const [name, e] of Object.entries(p.endpoints ?? {})) lines.push(row(`${name}: prompt (${e.rows} rows)`, e.promptTokens), row(`${name}: output`, e.outputTokens));
  lines.push('', `## Arrivals per ${p.windowSeconds} s window`, '', '| start s | arrivals | rate/s | gap CV |', '|---|---|---|---|');
  for (const w of p.windows) lines.push(`| ${w.startSeconds} | ${w.arrivals} | ${f(w.ratePerSecond, 4)} | ${w.cv === null ? '–' : f(w.cv)} |`);
  if (p.hourly) {
    lines.push('', '## Rate by hour of day (weight, largest 1; arrivals; seconds covered)', '', '| hour | weight | arrivals | covered s |', '|---|---|---|---|');
    p.hourly.weights.forEach((w, h) => lines.push(`| ${h} | ${w} | ${p.hourly!.counts[h]} | ${p.hourly!.coveredSeconds[h]} |`));
  }
  return `${lines.join('\n')}\n`;
}
