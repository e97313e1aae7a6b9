// One CSV cell of user-supplied text, safe to open in a spreadsheet: the OWASP CSV-injection
// rule plus RFC 4180 quoting. Every CSV sakiyomi writes passes its text fields through csvCell
// (journey.csv here; requests.csv's writer, csv.ts, for any text column it adds).
// Rule: a text cell that begins with '=', '+', '-', '@', a tab or a carriage return could be read
// as a formula, so it is neutralised: prefixed with a single quote and always quoted
// ("'=1+2"). Any other cell is quoted only when it holds a comma, a double quote or a line break;
// double quotes are doubled inside quotes.
// NOTE: numbers are not text: numeric columns are written by csvNumber / String(x) and never go
// through csvCell, so -1 stays -1. Text that merely looks like a number ("-1" as a step name) is
// text and is neutralised — a spreadsheet would otherwise compute it.

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text field as a CSV cell: formula-like text neutralised with a leading quote, RFC 4180 quoting. */
export function csvCell(text: string): string {
  if (FORMULA_START.test(text)) return `"'${text.replaceAll('"', '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
