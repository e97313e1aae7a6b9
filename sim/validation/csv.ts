// The measurement CSV (format: data/validation/README.md): one measurement per row,
// a header row naming the columns, `#` lines as comments. This file turns the text into rows of
// named string fields, each with the line it started on; it judges structure only (header,
// required columns, field counts, quotes), never values — a row with a bad value is skipped
// later, with its reason, while a structurally broken file is a ValidationInputError. columnText
// is the room's one reader of a column as trimmed text.
// Invariants: every row has exactly the header's columns (extra, unknown columns are kept, so
// the JSON output repeats what the user wrote, unless one is a near-miss of a known column:
// `datasets` is refused with a did-you-mean rather than ignored); line numbers are 1-based physical lines of the
// text (a line ends in \n, \r\n or a lone \r); a record's line is the line its first field starts on.
// NOTE: quoting follows RFC 4180: a field may be wrapped in double quotes, inside which commas,
// line breaks and doubled quotes ("") are literal. Unquoted fields are trimmed, and header
// names are trimmed and lower-cased, so "Model" and " model" name the column `model`.
// NOTE: a line whose first non-blank character is `#` is a comment wherever it appears (before
// the header too), and blank lines are ignored; a `#` inside a field is data.
// NOTE: only the columns needed to build a scenario are required; source, engine, num_gpus, pp,
// kv_dtype, num_requests, harness and dataset may be left out (README: "any user can validate
// the simulator against their own measurements"); readers treat an absent column as blank, and
// the row's columns stay exactly those of the file.

import { didYouMean } from '../scenario/index.ts';

export const REQUIRED_COLUMNS = ['model', 'gpu', 'tp', 'weight_dtype', 'isl', 'osl', 'load', 'metric', 'value'] as const;
export const OPTIONAL_COLUMNS = ['source', 'engine', 'num_gpus', 'pp', 'kv_dtype', 'num_requests', 'harness', 'dataset'] as const;
const KNOWN_COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

/** A structurally malformed measurement file: names the line and what is wrong. */
export class ValidationInputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}: line ${line}: ${detail}`);
    this.name = 'ValidationInputError';
  }
}

export interface MeasurementRow {
  /** 1-based line of the text where the row starts. */
  line: number;
  /** Every column of the header, in header order, with the row's (trimmed) text. */
  columns: Record<string, string>;
}

export interface MeasurementTable {
  /** Column names in file order (lower-cased). */
  header: string[];
  rows: MeasurementRow[];
}

interface RawRecord {
  line: number;
  fields: string[];
}

/** Splits text into records (comment and blank lines dropped); throws on an unterminated quote. */
function records(text: string, file: string): RawRecord[] {
  const out: RawRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  let line = 1;
  while (i < n) {
    // At the start of a physical line: comment or blank?
    let j = i;
    while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j >= n || text[j] === '#' || text[j] === '\n' || text[j] === '\r') {
      // Skip to the end of the line: \n, \r\n or a lone \r.
      while (j < n && text[j] !== '\n' && text[j] !== '\r') j++;
      if (text[j] === '\r' && text[j + 1] === '\n') j++;
      i = j + 1;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (;;) {
      if (i >= n) {
        fields.push(quoted ? field : field.trim());
        break;
      }
      const c = text[i];
      if (c === '"' && field.trim() === '' && !quoted) {
        // Opening quote: read to the closing one.
        const openLine = line;
        i++;
        field = '';
        for (;;) {
          if (i >= n) throw new ValidationInputError(file, openLine, 'a quoted field is never closed (missing ")');
          const d = text[i];
          if (d === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (d === '\n' || (d === '\r' && text[i + 1] !== '\n')) line++;
          field += d;
          i++;
        }
        quoted = true;
        // Only blanks may follow a closing quote before the separator.
        while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          throw new ValidationInputError(file, line, `unexpected text after a closing quote: ${JSON.stringify(text.slice(i, i + 10))}`);
        }
        continue;
      }
      if (c === ',') {
        fields.push(quoted ? field : field.trim());
        field = '';
        quoted = false;
        i++;
        continue;
      }
      if (c === '\n' || c === '\r') {
        fields.push(quoted ? field : field.trim());
        if (c === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        break;
      }
      field += c;
      i++;
    }
    out.push({ line: start, fields });
  }
  return out;
}

/** A column of a row as trimmed text ('' when the column is absent); works on a MeasurementRow's columns and on report rows. */
export function columnText(columns: Readonly<Record<string, unknown>>, name: string): string {
  return String(columns[name] ?? '').trim();
}

/** Parses the measurement CSV; `file` names it in error messages. */
export function parseMeasurementCsv(text: string, file = 'measurements'): MeasurementTable {
  const recs = records(text, file);
  if (recs.length === 0) {
    throw new ValidationInputError(file, 1, `no header row: the file has no rows (expected a header naming the columns ${REQUIRED_COLUMNS.join(', ')})`);
  }
  const [head, ...body] = recs;
  const header = head.fields.map((f) => f.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length === REQUIRED_COLUMNS.length) {
    throw new ValidationInputError(
      file,
      head.line,
      `no header row: the first row must name the columns (${REQUIRED_COLUMNS.join(', ')}, optionally ${OPTIONAL_COLUMNS.join(', ')})`,
    );
  }
  if (missing.length > 0) {
    throw new ValidationInputError(file, head.line, `the header lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
  const seen = new Set<string>();
  header.forEach((name, k) => {
    if (name === '') throw new ValidationInputError(file, head.line, `header column ${k + 1} has no name`);
    if (seen.has(name)) throw new ValidationInputError(file, head.line, `the header names the column ${name} twice`);
    seen.add(name);
    // An unknown column is kept as the user's own, unless it is a near-miss of a known one (a
    // misspelt `dataset` would silently run fixed lengths).
    if (!KNOWN_COLUMNS.includes(name)) {
      const hint = didYouMean(name, KNOWN_COLUMNS);
      if (hint !== undefined) throw new ValidationInputError(file, head.line, `unknown column ${name} in the header; ${hint} (columns: ${KNOWN_COLUMNS.join(', ')}; other columns are kept as they are)`);
    }
  });
  const rows = body.map((rec): MeasurementRow => {
    if (rec.fields.length !== header.length) {
      throw new ValidationInputError(file, rec.line, `the row has ${rec.fields.length} field${rec.fields.length === 1 ? '' : 's'}, the header has ${header.length}`);
    }
    const columns: Record<string, string> = {};
    header.forEach((name, k) => (columns[name] = rec.fields[k]));
    return { line: rec.line, columns };
  });
  return { header, rows };
}
