// workload.trace: a request log (CSV or JSONL) replayed as the workload ('replay': arrivals and
// lengths from the file) or used as a joint (prompt, output) length distribution under
// workload.arrival ('lengths'). The file itself is read by workload/trace-*.ts; this is only its
// description. Defaults read the Azure LLM inference trace 2023 header
// (TIMESTAMP,ContextTokens,GeneratedTokens) with no mapping; other column names go in `mapping`.
// Invariants: a window [startSeconds, endSeconds) has startSeconds < endSeconds; timeScale > 0.
// NOTE: the cross-field rules (replay ⇒ no arrival/promptTokens/outputTokens; lengths ⇒
// arrival; loop ⇒ a stop condition) live in schema.ts's WorkloadSchema refinements.

import { z } from 'zod';

const columnName = () => z.string().min(1).max(200);

export const TraceMappingSchema = z.object({
  timestamp: columnName().optional().describe('Column of absolute arrival instants: ISO 8601 (date, " " or "T", time, any fractional digits, optional Z or ±hh:mm) or an epoch number in timeUnit. Default: the column of the layout the header matches — TIMESTAMP (Azure), timestamp (Mooncake, ms), Timestamp (BurstGPT).'),
  offsetSeconds: columnName().optional().describe('Column of arrival offsets (a number in timeUnit, seconds by default) instead of absolute instants.'),
  promptTokens: columnName().optional().describe('Column of prompt lengths. Default: ContextTokens (Azure), input_length (Mooncake) or Request tokens (BurstGPT), whichever the header has.'),
  outputTokens: columnName().optional().describe('Column of output lengths. Default: GeneratedTokens (Azure), output_length (Mooncake) or Response tokens (BurstGPT), whichever the header has.'),
  endpoint: columnName().optional().describe('Column naming the request class (an entry of workload.classes by name).'),
  prefixGroup: columnName().optional().describe('Column of a shared-prefix group id or hash (any string; equal strings share a prefix). Needs prefixTokens.'),
  prefixTokens: columnName().optional().describe('Column of the shared prefix length (tokens, within the prompt).'),
  session: columnName().optional().describe('Column of a session (conversation) id, any string.'),
  turn: columnName().optional().describe('Column of the turn number within its session (integer >= 1).'),
}).strict().refine((m) => m.timestamp === undefined || m.offsetSeconds === undefined, {
  message: 'give mapping.timestamp or mapping.offsetSeconds, not both',
  path: ['offsetSeconds'],
}).refine((m) => (m.prefixGroup === undefined) === (m.prefixTokens === undefined), {
  message: 'mapping.prefixGroup and mapping.prefixTokens go together (a prefix group needs its length)',
  path: ['prefixTokens'],
});

const TraceRescaleSchema = z.object({
  promptMeanTokens: z.number().min(1).max(1e7).optional().describe("The prompt lengths' new mean (tokens): every drawn prompt length is the trace's times this over the trace's mean (window), rounded, at least 1."),
  outputMeanTokens: z.number().min(1).max(1e7).optional().describe("The output lengths' new mean (tokens), the same way."),
}).strict().refine((r) => r.promptMeanTokens !== undefined || r.outputMeanTokens !== undefined, {
  message: 'give promptMeanTokens, outputMeanTokens or both',
}).describe("use 'lengths' only: keep the trace's length shape (spread, tail, prompt–output pairing) and move its means, e.g. a chat trace's shape at your service's mean prompt.");

export const TraceSchema = z.object({
  file: z.string().min(1).describe('Path of the trace file, relative to the scenario file.'),
  format: z.enum(['csv', 'jsonl']).optional().describe("File format; default from the extension (.jsonl/.ndjson → jsonl, else csv)."),
  mapping: TraceMappingSchema.optional().describe('Column (CSV header) or field (JSONL key) names, where they differ from the defaults.'),
  timeUnit: z.enum(['s', 'ms', 'us']).optional().describe('Unit of epoch or offset numbers (ISO timestamps carry their own); default s, or ms for the Mooncake columns (timestamp, input_length, output_length).'),
  timeScale: z.number().positive().max(1e6).default(1).describe('Replay at k× the recorded rate: every arrival offset (hence every gap) divided by k.'),
  startSeconds: z.number().min(0).optional().describe('Keep rows at or after this many trace seconds from the first row.'),
  endSeconds: z.number().positive().optional().describe('Keep rows before this many trace seconds from the first row.'),
  loop: z.boolean().default(false).describe('Repeat the trace (window), each repetition shifted by its span, until the stop condition. Needs workload.stop.'),
  use: z.enum(['replay', 'lengths']).default('replay').describe("'replay': arrivals and lengths from the trace; 'lengths': (prompt, output) pairs drawn uniformly with replacement under workload.arrival."),
  rescale: TraceRescaleSchema.optional(),
  onMalformed: z.enum(['error', 'skip']).default('error').describe("A malformed row stops the run with its line number ('error'), or is skipped and counted in the run's notes ('skip')."),
}).strict().refine((t) => t.startSeconds === undefined || t.endSeconds === undefined || t.startSeconds < t.endSeconds, {
  message: 'startSeconds must be < endSeconds',
  path: ['endSeconds'],
}).describe('A request log to replay (or to draw lengths from). Default columns: the Azure LLM inference trace (TIMESTAMP, ContextTokens, GeneratedTokens).');

export type TraceConfig = z.output<typeof TraceSchema>;
export type TraceMapping = z.output<typeof TraceMappingSchema>;
export type TraceRescale = z.output<typeof TraceRescaleSchema>;

/** The workload fields that trace rules read (WorkloadSchema's shape, before its own refinements). */
interface WorkloadShape {
  arrival?: { kind: string };
  promptTokens?: unknown;
  outputTokens?: unknown;
  stop?: { numRequests?: number; durationSeconds?: number };
  sharedPrefix?: unknown;
  sessions?: unknown;
  trace?: TraceConfig;
}

/**
 * The cross-field rules of a workload with or without a trace, as (path, message) pairs:
 * without a trace, arrival, promptTokens, outputTokens and stop are required; with use 'replay'
 * the trace gives arrivals and lengths, so those three must be absent (stop is optional: the
 * trace's end stops it); with use 'lengths' the trace gives the lengths under workload.arrival.
 * A looping trace needs a stop; sessions are not combined with a trace (a trace is open loop).
 */
export function traceWorkloadProblems(w: WorkloadShape): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  const t = w.trace;
  if (t === undefined) {
    // workload.arrival's rules (absent when every class has its own) are classes-schema.ts's.
    for (const key of ['promptTokens', 'outputTokens', 'stop'] as const) {
      if (w[key] === undefined) problems.push({ path: [key], message: 'required field missing (or give workload.trace)' });
    }
    return problems;
  }
  const replay = t.use === 'replay';
  const owned = replay ? (['arrival', 'promptTokens', 'outputTokens'] as const) : (['promptTokens', 'outputTokens'] as const);
  for (const key of owned) {
    if (w[key] !== undefined) {
      problems.push({ path: [key], message: `must be absent with workload.trace use '${t.use}': the trace supplies ${replay ? 'arrivals and lengths' : 'the (prompt, output) lengths'}` });
    }
  }
  if (!replay && w.arrival === undefined) problems.push({ path: ['arrival'], message: "required with workload.trace use 'lengths' (the trace supplies only lengths)" });
  if (!replay && w.stop === undefined) problems.push({ path: ['stop'], message: "required with workload.trace use 'lengths'" });
  if (t.loop && w.stop === undefined) problems.push({ path: ['stop'], message: 'a looping trace needs stop.numRequests or stop.durationSeconds' });
  if (w.sessions !== undefined) problems.push({ path: ['sessions'], message: 'not available with workload.trace (a replayed trace is open loop; map its session and turn columns instead)' });
  if (replay && t.rescale !== undefined) problems.push({ path: ['trace', 'rescale'], message: "only with use 'lengths' (a replay keeps the trace's own lengths)" });
  if (replay && w.sharedPrefix !== undefined) problems.push({ path: ['sharedPrefix'], message: "not available with workload.trace use 'replay' (map the trace's prefixGroup and prefixTokens columns instead)" });
  if (w.arrival?.kind === 'closed-loop') problems.push({ path: ['arrival'], message: "a closed loop cannot draw from a trace; use an open-loop arrival with use 'lengths'" });
  return problems;
}
