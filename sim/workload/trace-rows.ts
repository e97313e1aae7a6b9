// Trace rows from lines: the column mapping (workload.trace.mapping over a known dialect's
// defaults), CSV field splitting and JSONL objects, and the checks that make a row well formed.
// Known dialects (the defaults when mapping leaves a column out; the first dialect whose prompt
// column the file has wins):
//   azure     TIMESTAMP, ContextTokens, GeneratedTokens — the Azure LLM inference traces 2023/2024
//             (TIMESTAMP is ISO 8601 with 7 fractional digits).
//   mooncake  timestamp, input_length, output_length — the Mooncake trace JSONL (FAST '25), also
//             read by NVIDIA AIPerf (--custom-dataset-type mooncake_trace) and Dynamo's data
//             generator; timestamp is milliseconds since the first request, so timeUnit defaults to ms.
//             hash_ids (block hashes) are not read: map a prefix column explicitly if you have one.
//   burstgpt  Timestamp, Request tokens, Response tokens — the BurstGPT CSV (seconds).
// vLLM's benchmark_serving / SGLang's bench_serving save one JSON document of per-run arrays,
// not a per-request log, so they are not a dialect: convert to JSONL with a mapping.
// Invariants: a parsed row has integer token counts in [1, 10M], a turn >= 1, and an instant;
// a malformed row yields a reason string (the caller adds file and line), never an exception.
// NOTE: CSV fields may be double-quoted ("" inside for a quote); a quoted field cannot span lines.
// Group and session ids are strings in the file: a decimal integer below 2^53 is kept as that
// number, any other string becomes a stable 53-bit hash (cyrb53), so equal strings share a group
// with no table in memory (two distinct strings collide with probability ~n²/2^54).

import type { TraceConfig, TraceMapping } from '../scenario/index.ts';
import { parseDecimalInstant, parseIsoInstant, show, type Instant, type TimeUnit } from './trace-time.ts';

/** The most tokens a trace row's prompt or output may have (a row above it is malformed). */
export const MAX_ROW_TOKENS = 10_000_000;

interface Dialect {
  name: string;
  timestamp: string;
  promptTokens: string;
  outputTokens: string;
  timeUnit: TimeUnit;
}

export const DIALECTS: readonly Dialect[] = [
  { name: 'azure', timestamp: 'TIMESTAMP', promptTokens: 'ContextTokens', outputTokens: 'GeneratedTokens', timeUnit: 's' },
  { name: 'mooncake', timestamp: 'timestamp', promptTokens: 'input_length', outputTokens: 'output_length', timeUnit: 'ms' },
  { name: 'burstgpt', timestamp: 'Timestamp', promptTokens: 'Request tokens', outputTokens: 'Response tokens', timeUnit: 's' },
];

export interface TraceRow {
  at: Instant;
  /** The instant came from an absolute timestamp (ISO or epoch), not an offset column. */
  absolute: boolean;
  promptTokens: number;
  outputTokens: number;
  endpoint?: string;
  prefixGroup?: number;
  prefixTokens?: number;
  session?: number;
  turn?: number;
}

export type TraceFormat = 'csv' | 'jsonl';

export function traceFormatOf(config: Pick<TraceConfig, 'format'>, file: string): TraceFormat {
  return config.format ?? (/\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'csv');
}

/** Resolved column names, in the order fields are read. */
export interface Columns {
  time: string;
  timeKind: 'timestamp' | 'offset';
  timeUnit: TimeUnit;
  promptTokens: string;
  outputTokens: string;
  endpoint?: string;
  prefixGroup?: string;
  prefixTokens?: string;
  session?: string;
  turn?: string;
  dialect?: string;
}

/** The columns to read given the names the file has (CSV header, or the first JSONL object's keys), or a reason. */
export function resolveColumns(names: readonly string[], mapping: TraceMapping | undefined, timeUnit: TimeUnit | undefined): Columns | string {
  const have = new Set(names);
  const m = mapping ?? {};
  const dialect = DIALECTS.find((d) => have.has(d.promptTokens));
  const timeKind = m.offsetSeconds !== undefined ? 'offset' : 'timestamp';
  const time = m.offsetSeconds ?? m.timestamp ?? dialect?.timestamp;
  const promptTokens = m.promptTokens ?? dialect?.promptTokens;
  const outputTokens = m.outputTokens ?? dialect?.outputTokens;
  const missing: string[] = [];
  if (time === undefined) missing.push('mapping.timestamp (or mapping.offsetSeconds)');
  if (promptTokens === undefined) missing.push('mapping.promptTokens');
  if (outputTokens === undefined) missing.push('mapping.outputTokens');
  if (missing.length > 0) {
    return `no known column layout (${DIALECTS.map((d) => `${d.name}: ${d.timestamp}, ${d.promptTokens}, ${d.outputTokens}`).join('; ')}); give ${missing.join(', ')}`;
  }
  const columns: Columns = { time: time!, timeKind, timeUnit: timeUnit ?? dialect?.timeUnit ?? 's', promptTokens: promptTokens!, outputTokens: outputTokens!, ...(dialect ? { dialect: dialect.name } : {}) };
  for (const key of ['endpoint', 'prefixGroup', 'prefixTokens', 'session', 'turn'] as const) {
    if (m[key] !== undefined) columns[key] = m[key];
  }
  const absent = [columns.time, columns.promptTokens, columns.outputTokens, columns.endpoint, columns.prefixGroup, columns.prefixTokens, columns.session, columns.turn].filter(
    (c): c is string => c !== undefined && !have.has(c),
  );
  if (absent.length > 0) return `column${absent.length > 1 ? 's' : ''} ${absent.map((c) => JSON.stringify(c)).join(', ')} not in the file (it has ${names.length} column${names.length === 1 ? '' : 's'}: ${names.slice(0, 20).map(show).join(', ')}${names.length > 20 ? ', …' : ''})`;
  return columns;
}

/** Splits one CSV line into fields; a reason string on an unterminated quote. */
export function splitCsvLine(line: string): string[] | string {
  if (line.indexOf('"') === -1) return line.split(',');
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q === -1) return 'unterminated quoted field';
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i >= line.length) return fields;
      if (line[i] !== ',') return 'text after a closing quote';
      i++;
    } else {
      const comma = line.indexOf(',', i);
      if (comma === -1) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

/** Reads a value by column name: CSV (header index) or a JSONL object. */
export type FieldGetter = (name: string) => unknown;

/** The row, or a reason it is malformed. */
export function parseRow(get: FieldGetter, c: Columns): TraceRow | string {
  const timeText = text(get(c.time));
  if (timeText === undefined) return `missing ${c.time}`;
  let at: Instant | string;
  let absolute = c.timeKind === 'timestamp';
  if (c.timeKind === 'timestamp' && /^\d{4}-\d{2}-\d{2}/.test(timeText.trim())) {
    at = parseIsoInstant(timeText);
  } else {
    at = parseDecimalInstant(timeText, c.timeUnit);
    // A number in a timestamp column is epoch time only if it is big enough to be one (Mooncake's are offsets from 0).
    if (absolute && typeof at !== 'string' && at.seconds < 946_684_800 /* 2000-01-01 */) absolute = false;
  }
  if (typeof at === 'string') return `${c.time}: ${at}`;
  const promptTokens = count(get(c.promptTokens), c.promptTokens);
  if (typeof promptTokens === 'string') return promptTokens;
  const outputTokens = count(get(c.outputTokens), c.outputTokens);
  if (typeof outputTokens === 'string') return outputTokens;
  const row: TraceRow = { at, absolute, promptTokens, outputTokens };
  if (c.endpoint !== undefined) {
    const endpoint = text(get(c.endpoint));
    if (endpoint === undefined || endpoint === '') return `missing ${c.endpoint}`;
    row.endpoint = endpoint;
  }
  if (c.prefixGroup !== undefined) {
    const group = text(get(c.prefixGroup));
    if (group === undefined || group === '') return `missing ${c.prefixGroup}`;
    const prefixTokens = count(get(c.prefixTokens!), c.prefixTokens!);
    if (typeof prefixTokens === 'string') return prefixTokens;
    if (prefixTokens > promptTokens) return `${c.prefixTokens} ${prefixTokens} exceeds ${c.promptTokens} ${promptTokens} (the prefix is part of the prompt)`;
    row.prefixGroup = stableId(group);
    row.prefixTokens = prefixTokens;
  }
  if (c.session !== undefined) {
    const session = text(get(c.session));
    if (session === undefined || session === '') return `missing ${c.session}`;
    row.session = stableId(session);
  }
  if (c.turn !== undefined) {
    const turn = count(get(c.turn), c.turn);
    if (typeof turn === 'string') return turn;
    row.turn = turn;
  }
  return row;
}

/** An id string as a non-negative integer: itself if a decimal below 2^53, else its cyrb53 hash. */
export function stableId(s: string): number {
  if (/^\d{1,15}$/.test(s)) return Number(s);
  return cyrb53(s);
}

/**
 * cyrb53 (bryc, public domain; github.com/bryc/code/blob/master/jshash/experimental/cyrb53.js):
 * a 53-bit string hash from two 32-bit multiply–xorshift lanes.
 */
function cyrb53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) {
    const plain = String(v);
    // A JSON number in exponent form (1.5e-7) as plain decimal digits, which the parsers read.
    return /e/i.test(plain) && Math.abs(v) < 1e21 ? v.toFixed(20).replace(/\.?0+$/, '') : plain;
  }
  return undefined;
}

function count(v: unknown, name: string): number | string {
  const t = text(v);
  if (t === undefined) return `missing ${name}`;
  const s = t.trim();
  if (!/^\d+$/.test(s)) return `${name}: expected a whole number of tokens >= 1, got ${show(s)}`;
  const n = Number(s);
  if (n < 1 || n > MAX_ROW_TOKENS) return `${name}: ${n} is outside [1, ${MAX_ROW_TOKENS}]`;
  return n;
}
