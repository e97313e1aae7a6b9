// The performance benchmark (not a timed test): simulates 1,000,000 requests on one H100
// (Llama-3.1-8B, prompt 512 / output 256, Poisson at about 80% of the replica's capacity) and
// 1,000,000 requests on a 16-replica cluster at the same per-replica load, and prints wall
// seconds, simulated requests per second, events per second and peak memory (max RSS).
// Capacity is measured, not guessed: an offline run (`max` arrivals) of 20,000 requests gives
// the replica's saturated request rate; the Poisson rate is 80% of it.
// A third case, 'speculative', is the single replica with a Llama-3.2-1B draft (γ 3, α 0.7): its
// decoding requests are advanced eagerly (O(batch) per step), so it measures that path.
// Each case runs in its own process so that its peak memory is its own.
// Usage: npm run bench [-- --requests N]

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveScenario } from '../sim/scenario/index.ts';
import { runScenario } from '../sim/run.ts';
import { scriptArgs } from './args.ts';

const { values: options } = parseArgs({
  args: scriptArgs(import.meta.url),
  options: { requests: { type: 'string', default: '1000000' }, case: { type: 'string' } },
});
const NUM_REQUESTS = Number(options.requests);
if (!Number.isInteger(NUM_REQUESTS) || NUM_REQUESTS < 1) throw new Error(`--requests must be a positive integer, got ${options.requests}`);

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

function runCase(name: string): void {
  const speculative = name === 'speculative';
  const offline = runScenario(scenario({ kind: 'max' }, 20_000, 1, speculative));
  const capacity = offline.summary.throughput.requestsPerSecond;
  const replicas = name === 'cluster' ? 16 : 1;
  const rate = 0.8 * capacity * replicas;
  const s = scenario({ kind: 'poisson', ratePerSecond: rate }, NUM_REQUESTS, replicas, speculative);
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
  const rows = ['single', 'cluster', 'speculative'].map((c) =>
    JSON.parse(execFileSync(process.execPath, [launcher, self, '--case', c, '--requests', String(NUM_REQUESTS)], { encoding: 'utf8' })),
  );
  const line = (r: Record<string, number | string | boolean>) =>
    `${String(r.name).padEnd(11)} replicas=${r.replicas}  rate=${(r.ratePerSecond as number).toFixed(1)}/s  ` +
    `requests=${r.requests}  wall=${(r.wallSeconds as number).toFixed(2)} s  ` +
    `sim-req/s=${Math.round(r.requestsPerWallSecond as number)}  events/s=${Math.round(r.eventsPerWallSecond as number)}  ` +
    `events=${r.events}  peak-rss=${(r.peakRssMiB as number).toFixed(0)} MiB  overloaded=${r.overloaded}`;
  process.stdout.write(`sakiyomi benchmark: ${NUM_REQUESTS} requests per case, Llama-3.1-8B on H100-SXM, prompt 512 / output 256\n`);
  for (const r of rows) process.stdout.write(line(r) + '\n');
}
