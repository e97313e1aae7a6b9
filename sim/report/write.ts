// The one file writer of sakiyomi: a run's report directory, the journey's files, plus JSON/text
// helpers for the CLI's other commands. The only file of the report room that touches the file
// system.
// Invariants: writeReport writes exactly REPORT_FILES into outDir, and writeJourney exactly
// JOURNEY_FILES into its directory (created with their parents if missing, existing files
// overwritten), each returning the paths in that order; every file is a deterministic function
// of its input (the RunResult, the journey rows), so re-running regenerates byte-identical
// reports; JSON is 2-space indented with a trailing newline; requests.csv is streamed chunk by
// chunk, never held whole in memory.
// NOTE: summary.json is the stable contract other tools read: { scenario, seed,
// simulatedSeconds, events, summary, replicas, notes } — add keys, never rename. JSON has no
// NaN: a metric without samples (NaN) is written as null.

import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReplicaReport, RunResult, Summary } from '../metrics/index.ts';
import { latencyCdfSpec, timelineSpec } from './charts.ts';
import { requestsCsvChunks } from './csv.ts';
import { journeyCsv, journeyMarkdown, type JourneyRow } from './journey-table.ts';
import { renderSvg } from './render-svg.ts';

/** The files of a report directory, in the order writeReport returns them. */
export const REPORT_FILES = [
  'summary.json',
  'requests.csv',
  'latency-cdf.vl.json',
  'latency-cdf.svg',
  'timeline.vl.json',
  'timeline.svg',
] as const;

/** The files `sakiyomi journey` writes, in the order writeJourney returns them. */
export const JOURNEY_FILES = ['journey.md', 'journey.csv', 'journey.json'] as const;

/** The content of summary.json. */
export interface SummaryFile {
  scenario: string;
  seed: number;
  simulatedSeconds: number;
  events: number;
  summary: Summary;
  replicas: ReplicaReport[];
  notes: string[];
}

/** The summary.json object of a run (key order fixed here). */
export function summaryFile(result: RunResult): SummaryFile {
  return {
    scenario: result.scenarioName,
    seed: result.seed,
    simulatedSeconds: result.simulatedSeconds,
    events: result.events,
    summary: result.summary,
    replicas: result.replicas,
    notes: result.notes,
  };
}

/** Writes text as UTF-8, replacing the file and creating its directory if missing. */
export async function writeText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, 'utf8');
}

/** Writes a value as 2-space-indented JSON with a trailing newline. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeText(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Streams text chunks into a file, honouring back-pressure. */
async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks), createWriteStream(path, { encoding: 'utf8' }));
}

/** Writes the report of a run into outDir; returns the written paths in REPORT_FILES order. */
export async function writeReport(result: RunResult, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const [summaryPath, csvPath, cdfSpecPath, cdfSvgPath, timelineSpecPath, timelineSvgPath] = REPORT_FILES.map(
    (name) => join(outDir, name),
  );
  await writeJson(summaryPath, summaryFile(result));
  await writeChunks(csvPath, requestsCsvChunks(result.requests));
  const cdf = latencyCdfSpec(result);
  await writeJson(cdfSpecPath, cdf);
  await writeText(cdfSvgPath, `${await renderSvg(cdf)}\n`);
  const timeline = timelineSpec(result);
  await writeJson(timelineSpecPath, timeline);
  await writeText(timelineSvgPath, `${await renderSvg(timeline)}\n`);
  return [summaryPath, csvPath, cdfSpecPath, cdfSvgPath, timelineSpecPath, timelineSvgPath];
}

/** Writes journey.md, journey.csv and journey.json ({ rows }) into outDir; returns their paths in JOURNEY_FILES order. */
export async function writeJourney(rows: readonly JourneyRow[], outDir: string): Promise<string[]> {
  const [mdPath, csvPath, jsonPath] = JOURNEY_FILES.map((name) => join(outDir, name));
  await writeText(mdPath, journeyMarkdown(rows));
  await writeText(csvPath, journeyCsv(rows));
  await writeJson(jsonPath, { rows });
  return [mdPath, csvPath, jsonPath];
}
