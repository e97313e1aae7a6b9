// windows.csv: its rows read back (a minimal RFC 4180 reader below) to summary.windows' values;
// NaN and a class row's missing fleet levels as empty cells; class names as safe CSV cells.
import { describe, expect, it } from 'vitest';
import type { WindowRow } from '../../sim/metrics/index.ts';
import { WINDOWS_CSV_HEADER, windowsCsv } from '../../sim/report/index.ts';

/** RFC 4180: rows of cells keyed by the header; quoted cells may hold commas and doubled quotes. */
function csvParse(text: string): Record<string, string>[] & { columns: string[] } {
  const lines = text.trimEnd().split('\n');
  const split = (line: string): string[] => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => (m[1].startsWith('"') ? m[1].slice(1, -1).replaceAll('""', '"') : m[1]));
  const columns = split(lines[0]);
  const rows = lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [columns[i], v])));
  return Object.assign(rows, { columns });
}

const ROWS: WindowRow[] = [
  { start: 0, end: 60, arrivals: 451, completions: 421, ttftSeconds: { p50: 0.0354, p95: 0.1567, p99: 0.247 }, tpotSeconds: { p50: 0.0114, p95: 0.0154, p99: 0.017 }, outputTokensPerSecond: 1435.98, queueLength: 0, running: 16.8, kvUsage: 0.0485 },
  { start: 0, end: 60, class: 'chat, "fast"', arrivals: 3, completions: 0, ttftSeconds: { p50: NaN, p95: NaN, p99: NaN }, tpotSeconds: { p50: NaN, p95: NaN, p99: NaN }, outputTokensPerSecond: 1 / 3 },
  { start: 0, end: 60, class: '=cmd', arrivals: 0, completions: 0, ttftSeconds: { p50: 1, p95: 2, p99: 3 }, tpotSeconds: { p50: 0.1, p95: 0.2, p99: 0.3 }, outputTokensPerSecond: 0 },
];

describe('windowsCsv(rows)', () => {
  it('writes the header and one line per row, each ending in a line break', () => {
    const text = windowsCsv(ROWS);
    expect(text.split('\n')[0]).toBe(WINDOWS_CSV_HEADER);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n').length).toBe(ROWS.length + 2);
    expect(windowsCsv([])).toBe(`${WINDOWS_CSV_HEADER}\n`);
  });

  it('round-trips: every number reads back exactly, NaN and absent levels as empty cells, class names intact (formula-like ones neutralised)', () => {
    const parsed = csvParse(windowsCsv(ROWS));
    expect(parsed.columns).toEqual(WINDOWS_CSV_HEADER.split(','));
    const num = (x: string | undefined): number => (x === '' || x === undefined ? NaN : Number(x));
    parsed.forEach((p, i) => {
      const r = ROWS[i];
      expect([num(p.start_s), num(p.end_s), num(p.arrivals), num(p.completions), num(p.output_tokens_per_s)]).toEqual([r.start, r.end, r.arrivals, r.completions, r.outputTokensPerSecond]);
      expect([num(p.ttft_p50_s), num(p.ttft_p95_s), num(p.ttft_p99_s)]).toEqual([r.ttftSeconds.p50, r.ttftSeconds.p95, r.ttftSeconds.p99]);
      expect([num(p.tpot_p50_s), num(p.tpot_p95_s), num(p.tpot_p99_s)]).toEqual([r.tpotSeconds.p50, r.tpotSeconds.p95, r.tpotSeconds.p99]);
      expect([num(p.queue_length), num(p.running), num(p.kv_usage)]).toEqual([r.queueLength ?? NaN, r.running ?? NaN, r.kvUsage ?? NaN]);
    });
    expect(parsed.map((p) => p.class)).toEqual(['', 'chat, "fast"', "'=cmd"]);
  });
});
