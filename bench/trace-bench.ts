// Trace replay benchmark (not a timed test): writes a synthetic Azure-format trace of 10,000,000
// rows (or --rows N) to a temporary file — ISO timestamps with 7 fractional digits, one request
// every 10 ms, prompts 100–1,099 and outputs 10–59 tokens — then, each in its own process so its
// peak memory is its own:
//   'read'   pulls every request from the trace source (createWorkload with workload.trace), no
//            simulation: the reader's and parser's own rate;
//   'replay' runs the whole simulation on it (Llama-3.1-8B FP8 on 4 H100s, roofline), records
//            streamed to no sink.
// It prints wall seconds and peak RSS (maxRSS) for each: memory must not grow with the row count
// (the trace is streamed in 1 MiB chunks; the run's metrics are bounded-memory).
// Usage: npm run bench:trace [-- --rows N]

import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createStreams } from '../sim/random/index.ts';
import { resolveScenario, traceFileResolver } from '../sim/scenario/index.ts';
import { runScenario } from '../sim/run.ts';
import { createWorkload } from '../sim/workload/index.ts';
import { scriptArgs } from './args.ts';

const { values: options } = parseArgs({
  args: scriptArgs(import.meta.url),
  options: { rows: { type: 'string', default: '10000000' }, case: { type: 'string' }, file: { type: 'string' } },
});

function scenario(file: string) {
  const scenarioFile = join(file, '..', 'bench.yaml');
  return resolveScenario(
    {
      name: 'trace-bench',
      model: 'llama-3.1-8b',
      hardware: { gpu: 'h100-sxm', numReplicas: 4 },
      precision: { weights: 'fp8', kvCache: 'fp8' },
      workload: { trace: { file } },
      simulation: { maxDrainSeconds: 600 },
    },
    { file: scenarioFile, resolveTraceFile: traceFileResolver(scenarioFile) },
  );
}

function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

if (options.case !== undefined) {
  const file = options.file!;
  const s = scenario(file);
  const started = performance.now();
  if (options.case === 'read') {
    const source = createWorkload(s.config.workload, createStreams(0), { traceFile: s.traceFile });
    let n = 0;
    let tokens = 0;
    for (let r = source.nextArrival(); r !== null; r = source.nextArrival()) {
      n++;
      tokens += r.numPromptTokens;
    }
    const wall = (performance.now() - started) / 1000;
    process.stdout.write(JSON.stringify({ case: 'read', requests: n, promptTokens: tokens, wallSeconds: round(wall), rowsPerSecond: Math.round(n / wall), peakRssMiB: peakRssMiB() }) + '\n');
  } else {
    const r = runScenario(s);
    const wall = (performance.now() - started) / 1000;
    process.stdout.write(
      JSON.stringify({ case: 'replay', requests: r.summary.requests.arrived, finished: r.summary.requests.finished, simulatedSeconds: round(r.simulatedSeconds), events: r.events, wallSeconds: round(wall), requestsPerSecond: Math.round(r.summary.requests.arrived / wall), peakRssMiB: peakRssMiB() }) + '\n',
    );
  }
} else {
  const rows = Number(options.rows);
  const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-trace-bench-'));
  const file = join(dir, 'trace.csv');
  try {
    const started = performance.now();
    await writeTrace(file, rows);
    process.stdout.write(JSON.stringify({ case: 'write', rows, bytes: statSync(file).size, wallSeconds: round((performance.now() - started) / 1000) }) + '\n');
    const self = fileURLToPath(import.meta.url);
    const launcher = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
    for (const c of ['read', 'replay']) {
      process.stdout.write(execFileSync(process.execPath, [launcher, self, '--case', c, '--file', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 }));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One row every 10 ms from 2023-11-16 00:00:00, with 7 fractional digits (the last one varying). */
async function writeTrace(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string) => new Promise<void>((resolve) => (out.write(s) ? resolve() : out.once('drain', resolve)));
  await write('TIMESTAMP,ContextTokens,GeneratedTokens\n');
  let batch = '';
  for (let i = 0; i < rows; i++) {
    const centis = i; // 10 ms steps
    const secondsTotal = Math.floor(centis / 100);
    const day = 16 + Math.floor(secondsTotal / 86400);
    const sod = secondsTotal % 86400;
    const two = (n: number) => String(n).padStart(2, '0');
    const fraction = `${two(centis % 100)}0000${i % 10}`;
    batch += `2023-11-${two(day)} ${two(Math.floor(sod / 3600))}:${two(Math.floor((sod % 3600) / 60))}:${two(sod % 60)}.${fraction},${100 + ((i * 7919) % 1000)},${10 + ((i * 104729) % 50)}\n`;
    if (batch.length > 1 << 20) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
