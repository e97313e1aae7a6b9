// Plain-text tables for the console report, drawn by cli-table3 in ASCII with no colours, and
// the same tables as Markdown (journey.md, bench output).
// Invariants: output is a pure function of the inputs — only "+", "-" and "|" as borders, no ANSI
// escape codes, no trailing newline — so it is deterministic and grep-able; a column whose body
// cells are all numeric (numbers, or strings such as "12.3 ms", "45.6%", "$0.01", "n/a") is
// right-aligned, header included; every other column is left-aligned. Markdown tables follow the
// same alignment rule (" ---: " for right) and escape "|" and line breaks inside cells.
// NOTE: numbers are printed with String(x); callers format them first (format.ts) when they want
// units or a fixed precision.

import Table from 'cli-table3';

export type Alignment = 'left' | 'right';

export interface TableOptions {
  /** Per-column alignment; overrides the numeric detection for the columns it names. */
  align?: Alignment[];
}

/** ASCII box characters: "+" at every junction, "-" across, "|" between cells. */
const ASCII_CHARS = {
  top: '-',
  'top-mid': '+',
  'top-left': '+',
  'top-right': '+',
  bottom: '-',
  'bottom-mid': '+',
  'bottom-left': '+',
  'bottom-right': '+',
  left: '|',
  'left-mid': '+',
  mid: '-',
  'mid-mid': '+',
  right: '|',
  'right-mid': '+',
  middle: '|',
};

/** A cell that reads as a quantity: a number, or text that starts like one ("-1.5", "$0.01"), or "n/a"/"inf". */
function isNumericCell(cell: string | number): boolean {
  if (typeof cell === 'number') return true;
  return /^[-+]?\$?\d/.test(cell) || cell === 'n/a' || cell === 'inf' || cell === '-inf';
}

function columnAlignment(rows: (string | number)[][], column: number): Alignment {
  let sawCell = false;
  for (const row of rows) {
    const cell = row[column];
    if (cell === undefined || cell === '') continue;
    if (!isNumericCell(cell)) return 'left';
    sawCell = true;
  }
  return sawCell ? 'right' : 'left';
}

/** Renders rows under headers as an ASCII table; see the file comment for alignment rules. */
export function formatTable(headers: string[], rows: (string | number)[][], options: TableOptions = {}): string {
  const colAligns = headers.map((_, column) => options.align?.[column] ?? columnAlignment(rows, column));
  const table = new Table({
    head: headers,
    chars: ASCII_CHARS,
    colAligns,
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
  });
  for (const row of rows) table.push(headers.map((_, column) => String(row[column] ?? '')));
  return table.toString();
}

/** Escapes a Markdown table cell (a "|" would end it; a newline would end the row). */
function markdownCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** Renders rows under headers as a Markdown table (one line per row, no trailing newline); alignment as formatTable. */
export function formatMarkdownTable(headers: readonly string[], rows: (string | number)[][], options: TableOptions = {}): string {
  const colAligns = headers.map((_, column) => options.align?.[column] ?? columnAlignment(rows, column));
  const line = (cells: readonly (string | number)[]): string => `| ${headers.map((_, column) => markdownCell(String(cells[column] ?? ''))).join(' | ')} |`;
  return [line(headers), `|${colAligns.map((a) => (a === 'right' ? ' ---: ' : ' --- ')).join('|')}|`, ...rows.map(line)].join('\n');
}
