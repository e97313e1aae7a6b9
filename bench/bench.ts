// The performance benchmark (not a timed test): simulates 1,000,000 requests on one H100
// (Llama-3.1-8B, prompt 512 / output 256, Poisson at about 80% of the replica's capacity) and
// 1,000,000 requests on a 16-replica cluster at the same per-replica load, and prints wall
// seconds, simulated requests per second, events per second and peak memory (max RSS).
// Capacity is measured, not guessed: an offline run (`max` arrivals) of 20,000 requests gives
// the replica's saturated request rate; the Poisson rate is 80% of it.
// A third case, 'speculative', is the single replica with a Llama-3.2-1B draft (γ 3, α 0.7): its
// decoding requests are advanced eagerly (O(batch) per step), so it measures that path.
// 'csv' writes 1,000,000 synthetic request records through the streaming requests.csv sink
// (report/requests-csv-sink.ts) to a temporary file: the CSV writer's own line (goal ≤ 1 s).
// 'scale' is the single replica at 100,000,000 requests (or --scale-requests N), records
// streamed to no sink: wall time and peak RSS show memory is bounded by the work in flight, not
// by the request count (goal ≤ 1 GiB at any count). It takes several minutes, so it runs only
// with --scale (`npm run bench:scale`).
// 'startup' runs the command line as a user does, `node bin/sakiyomi.mjs run <1k> --no-report`
// on scenarios/default.yaml cut to 1,000 requests, 10 times, and prints the median and the best
// wall time of the whole process (goal ≤ 0.3 s; it runs dist/sakiyomi.mjs when the build is
// fresh — `npm run build` — else the sources through tsx, and says which).
// 'daily' (only with --case daily; several minutes) is a full 24-hour daily curve (secondsPerHour
// 3600, the stylised diurnal weights of scenarios/daily-curve-h100.yaml) peaking at --daily-peak
// req/s (default 1000) on Llama-3.2-1B replicas (prompt 128 / output 32, roofline cost model: the
// real step costs, a cheap model so that one H100 serves hundreds of req/s), as many as serve the
// peak at 80% of a replica's measured saturated rate. Tens of millions of requests: wall time,
// requests, simulated seconds and peak RSS show the daily curve runs in bounded memory.
// Each case runs in its own process so that its peak memory is its own.
// Usage: npm run bench [-- --requests N] [-- --scale [--scale-requests N]]; npm run bench:daily [-- --daily-peak R]

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveScenario } from '../sim/scenario/index.ts';
import { runScenario } from '../sim/run.ts';
import { newRecord } from '../sim/metrics/index.ts';
import { openRequestsCsv } from '../sim/report/index.ts';
import { scriptArgs } from './args.ts';

const { values: options } = parseArgs({
  args: scriptArgs(import.meta.url),
  options: {
    requests: { type: 'string', default: '1000000' },
    case: { type: 'string' },
    scale: { type: 'boolean', default: false },
    'scale-requests': { type: 'string', default: '100000000' },
    'daily-peak': { type: 'string', default: '1000' },
  },
});
const NUM_REQUESTS = Number(options.requests);
if (!Number.isInteger(NUM_REQUESTS) || NUM_REQUESTS < 1) throw new Error(`--requests must be a positive integer, got ${options.requests}`);

const SCALE_REQUESTS = Number(options['scale-requests']);
if (!Number.isInteger(SCALE_REQUESTS) || SCALE_REQUESTS < 1) throw new Error(`--scale-requests must be a positive integer, got ${options['scale-requests']}`);

const SPECULATIVE = { method: 'draft-model', draftModel: 'llama-3.2-1b', numSpeculativeTokens: 3, acceptance: { kind: 'constant', rate: 0.7 } };

function scenario(arrival: Record<string, unknown>, numRequests: number, numReplicas: number, speculative = false) {
  return resolveScenario(
    {
      name: 'bench',
      model: 'llama-3.1-8b',
      hardware: { gpu: 'h100-sxm', tp: 1, numReplicas },
      router: { kind: 'round-robin' },
      workload: {
        arrival,
        promptTokens: { kind: 'fixed', tokens: 512 },
        outputTokens: { kind: 'fixed', tokens: 256 },
        stop: { numRequests },
      },
      seed: 1,
      ...(speculative ? { speculative: SPECULATIVE } : {}),
    },
    { file: 'bench' },
  );
}

/** Writes 1M records shaped like a run's (binary-inexact instants, every status) through the CSV sink. */
function csvCase(): void {
  const rows = 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-bench-csv-'));
  const path = join(dir, 'requests.csv');
  const t0 = performance.now();
  const sink = openRequestsCsv(path);
  const r = newRecord(0, 0, 512, 256, true);
  for (let i = 0; i < rows; i++) {
    r.id = i;
    r.arrivedAt = i * 0.0123456789;
    r.scheduledAt = r.arrivedAt + 0.00123456789;
    r.firstTokenAt = r.scheduledAt + 0.0456789;
    r.finishedAt = i % 50 === 0 ? NaN : r.firstTokenAt + 3.21098765;
    r.status = i % 50 === 0 ? 0 : 1;
    r.replica = i % 16;
    sink.write(r);
  }
  sink.close();
  const wall = (performance.now() - t0) / 1000;
  const bytes = statSync(path).size;
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ name: 'csv', rows, bytes, wallSeconds: wall, peakRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

/** Wall seconds of `sakiyomi run` on a 1k-request default scenario, 10 runs: median and best. */
function startupCase(): { median: number; best: number; dist: boolean } {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-bench-startup-'));
  const file = join(dir, 'startup.yaml');
  const text = readFileSync(join(root, 'scenarios', 'default.yaml'), 'utf8');
  if (!/numRequests: \d+/.test(text)) throw new Error('scenarios/default.yaml has no numRequests to cut');
  writeFileSync(file, text.replace(/numRequests: \d+/, 'numRequests: 1000'));
  const cli = join(root, 'bin', 'sakiyomi.mjs');
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, [cli, 'run', file, '--no-report'], { stdio: 'ignore' });
    times.push((performance.now() - t0) / 1000);
  }
  rmSync(dir, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  let dist = false;
  try {
    dist = statSync(join(root, 'dist', 'sakiyomi.mjs')).isFile();
  } catch {
    dist = false;
  }
  return { median: (times[4] + times[5]) / 2, best: times[0], dist };
}

/** Hourly weights of a stylised diurnal chat curve (as in scenarios/daily-curve-h100.yaml). */
const DIURNAL = [0.55, 0.45, 0.38, 0.33, 0.3, 0.32, 0.4, 0.55, 0.72, 0.86, 0.95, 0.98, 0.97, 0.99, 1, 0.98, 0.94, 0.88, 0.82, 0.8, 0.79, 0.76, 0.7, 0.62];

function dailyCase(): void {
  const peak = Number(options['daily-peak']);
  if (!(peak > 0)) throw new Error(`--daily-peak must be a positive number, got ${options['daily-peak']}`);
  const at = (arrival: Record<string, unknown>, stop: Record<string, number>, numReplicas: number) =>
    resolveScenario({
      name: 'bench-daily',
      model: 'llama-3.2-1b',
      hardware: { gpu: 'h100-sxm', tp: 1, numReplicas },
      router: { kind: 'round-robin' },
      workload: { arrival, promptTokens: { kind: 'fixed', tokens: 128 }, outputTokens: { kind: 'fixed', tokens: 32 }, stop },
      seed: 1,
    }, { file: 'bench' });
  const capacity = runScenario(at({ kind: 'max' }, { numRequests: 20_000 }, 1)).summary.throughput.requestsPerSecond;
  const replicas = Math.ceil(peak / (0.8 * capacity));
  const s = at({ kind: 'daily', hourlyWeights: DIURNAL, peakRatePerSecond: peak, secondsPerHour: 3600 }, { durationSeconds: 86_400 }, replicas);
  const t0 = performance.now();
  const result = runScenario(s);
  const wall = (performance.now() - t0) / 1000;
  process.stdout.write(JSON.stringify({
    name: 'daily',
    peakRatePerSecond: peak,
    replicas,
    capacityPerReplica: capacity,
    requests: result.summary.requests.finished,
    simulatedSeconds: result.simulatedSeconds,
    events: result.events,
    wallSeconds: wall,
    requestsPerWallSecond: result.summary.requests.finished / wall,
    // maxRSS: the kernel's peak resident set of this process (runScenario is synchronous, so a sampler could not run).
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    overloaded: result.summary.overloaded,
    p99TtftMs: result.summary.ttftSeconds.p99 * 1000,
  }) + '\n');
}

function runCase(name: string): void {
  if (name === 'csv') return csvCase();
  if (name === 'daily') return dailyCase();
  const speculative = name === 'speculative';
  const offline = runScenario(scenario({ kind: 'max' }, 20_000, 1, speculative));
  const capacity = offline.summary.throughput.requestsPerSecond;
  const replicas = name === 'cluster' ? 16 : 1;
  const rate = 0.8 * capacity * replicas;
  const numRequests = name === 'scale' ? SCALE_REQUESTS : NUM_REQUESTS;
  const s = scenario({ kind: 'poisson', ratePerSecond: rate }, numRequests, replicas, speculative);
  const t0 = performance.now();
  const result = runScenario(s);
  const wall = (performance.now() - t0) / 1000;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({
      name,
      replicas,
      capacityPerReplica: capacity,
      ratePerSecond: rate,
      requests: result.summary.requests.finished,
      wallSeconds: wall,
      simulatedSeconds: result.simulatedSeconds,
      events: result.events,
      requestsPerWallSecond: result.summary.requests.finished / wall,
      eventsPerWallSecond: result.events / wall,
      peakRssMiB,
      overloaded: result.summary.overloaded,
      p99TtftMs: result.summary.ttftSeconds.p99 * 1000,
      meanTpotMs: result.summary.tpotSeconds.mean * 1000,
    }) + '\n',
  );
}

const only = options.case;
if (only) {
  runCase(only);
} else {
  const self = fileURLToPath(import.meta.url);
  const launcher = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
  const cases = ['single', 'cluster', 'speculative', ...(options.scale ? ['scale'] : [])];
  const rows = cases.map((c) =>
    JSON.parse(
      execFileSync(process.execPath, [launcher, self, '--case', c, '--requests', String(NUM_REQUESTS), '--scale-requests', String(SCALE_REQUESTS)], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      }),
    ),
  );
  const csv = JSON.parse(execFileSync(process.execPath, [launcher, self, '--case', 'csv'], { encoding: 'utf8' }));
  const line = (r: Record<string, number | string | boolean>) =>
    `${String(r.name).padEnd(11)} replicas=${r.replicas}  rate=${(r.ratePerSecond as number).toFixed(1)}/s  ` +
    `requests=${r.requests}  wall=${(r.wallSeconds as number).toFixed(2)} s  ` +
    `sim-req/s=${Math.round(r.requestsPerWallSecond as number)}  events/s=${Math.round(r.eventsPerWallSecond as number)}  ` +
    `events=${r.events}  peak-rss=${(r.peakRssMiB as number).toFixed(0)} MiB  overloaded=${r.overloaded}`;
  process.stdout.write(`sakiyomi benchmark: ${NUM_REQUESTS} requests per case, Llama-3.1-8B on H100-SXM, prompt 512 / output 256\n`);
  for (const r of rows) process.stdout.write(line(r) + '\n');
  const startup = startupCase();
  process.stdout.write(
    `startup     1k-request run --no-report, 10 runs: median=${startup.median.toFixed(3)} s  best=${startup.best.toFixed(3)} s` +
      `  (${startup.dist ? 'dist/sakiyomi.mjs if fresh' : 'no dist/: sources through tsx; npm run build'})\n`,
  );
  process.stdout.write(
    `csv         rows=${csv.rows}  bytes=${csv.bytes}  wall=${(csv.wallSeconds as number).toFixed(2)} s  ` +
      `rows/s=${Math.round(csv.rows / csv.wallSeconds)}  peak-rss=${(csv.peakRssMiB as number).toFixed(0)} MiB\n`,
  );
}
