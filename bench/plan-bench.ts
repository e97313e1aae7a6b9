// The plan benchmark (not a timed test): one `sakiyomi plan` over 240 configurations — 4 GPUs
// (A100 80 GB, H100, H200, B200) × 4 tensor-parallel degrees (1, 2, 4, 8) × 3 weight formats
// (bf16, fp8, nvfp4) × 5 maxNumSeqs (32…512) for Llama-3.1-70B chat traffic under p95 TTFT 1 s and
// p95 TPOT 50 ms — each searched for its max rate under the SLO (bracketing search to 2%,
// `--replications` per simulated rate, `--requests` per simulation, 10,000 by default). Prints
// the wall time, the configurations (ok / skipped: FP4 on Ampere and Hopper, 70B bf16 on one
// 80 GB GPU…), the simulations run, simulations per second, and the peak memory (max RSS of
// the process, its worker threads included), then the best configuration.
// The plan is built in memory with planFromRaw (as `sakiyomi plan` builds it from a file with
// loadPlan) and run with runPlan on one worker pool of `--jobs` threads (default: every core),
// exactly as the command runs it; `--results FILE` streams the JSON lines there (rerun to resume).
// The screening pass (plan-screen.ts) is on, as in a plan file by default; `--full` turns it off
// (every configuration gets the full search) for the comparison.
// Usage: npm run bench:plan [-- --requests N] [-- --replications R] [-- --jobs J] [-- --results FILE] [-- --full]
// NOTE: nothing here is asserted; the numbers go into the closing note and README.

import { parseArgs } from 'node:util';
import { defaultJobs, planFromRaw, runPlan } from '../sim/study/index.ts';
import { scriptArgs } from './args.ts';

const { values: options } = parseArgs({
  args: scriptArgs(import.meta.url),
  options: {
    requests: { type: 'string', default: '10000' },
    replications: { type: 'string', default: '3' },
    jobs: { type: 'string' },
    results: { type: 'string' },
    full: { type: 'boolean', default: false },
  },
});

function positiveInteger(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${text}`);
  return n;
}

const NUM_REQUESTS = positiveInteger('requests', options.requests);
const REPLICATIONS = positiveInteger('replications', options.replications);
const JOBS = options.jobs === undefined ? defaultJobs() : positiveInteger('jobs', options.jobs);

/** The plan file, as data: a scenario plus sweep and plan sections (the format of scenarios/plans/). */
const RAW_PLAN = {
  name: 'plan-bench',
  seed: 1,
  model: 'llama-3.1-70b',
  hardware: { gpu: 'h100-sxm', tp: 2, numReplicas: 1 },
  precision: { weights: 'fp8' },
  engine: { maxNumSeqs: 256 },
  workload: {
    arrival: { kind: 'poisson', ratePerSecond: 10 },
    promptTokens: { kind: 'lognormal', meanTokens: 1155, sigma: 1.0, maxTokens: 16384 },
    outputTokens: { kind: 'lognormal', meanTokens: 211, sigma: 0.86, maxTokens: 4096 },
    stop: { numRequests: NUM_REQUESTS },
  },
  slo: { ttft: { p95: 1.0 }, tpot: { p95: 0.05 } },
  metrics: { warmupRequests: Math.floor(NUM_REQUESTS / 10) },
  sweep: {
    'hardware.gpu': ['a100-sxm-80gb', 'h100-sxm', 'h200-sxm', 'b200'],
    'hardware.tp': [1, 2, 4, 8],
    'precision.weights': ['bf16', 'fp8', 'nvfp4'],
    'engine.maxNumSeqs': [32, 64, 128, 256, 512],
  },
  plan: { maxRate: true, tolerance: 0.02, replications: REPLICATIONS, ...(options.full ? { screen: false } : {}) },
};

const plan = planFromRaw(RAW_PLAN, 'bench/plan-bench.ts');
const skipped = plan.points.filter((p) => p.skipped !== undefined).length;
console.log(
  `plan-bench: ${plan.points.length} configurations (${plan.points.length - skipped} to search, ${skipped} skipped), ` +
    `${NUM_REQUESTS} requests per simulation, ${REPLICATIONS} replications per rate, ${JOBS} threads, ${options.full ? 'no screening pass (--full)' : 'screening pass on'}`,
);

const started = performance.now();
const result = await runPlan(plan, { jobs: JOBS, ...(options.results === undefined ? {} : { jsonlPath: options.results }) });
const wallSeconds = (performance.now() - started) / 1000;
const peakRssMiB = process.resourceUsage().maxRSS / 1024;

const ok = result.configurations.filter((c) => c.status === 'ok').length;
console.log(`wall time        ${wallSeconds.toFixed(1)} s`);
console.log(`configurations   ${result.configurations.length} (${ok} ok, ${result.configurations.length - ok} skipped)`);
console.log(`simulations      ${result.simulations} (${(result.simulations / wallSeconds).toFixed(1)} per second)`);
const screenedOut = result.configurations.filter((c) => c.screened === true).length;
if (!options.full) console.log(`screened out     ${screenedOut} of ${ok} searched configurations kept their screening figures; ${ok - screenedOut} got the full search`);
console.log(`peak memory      ${peakRssMiB.toFixed(0)} MiB resident (max RSS, worker threads included)`);
if (result.best !== undefined) {
  const b = result.best;
  console.log(`best             ${b.key}: max rate ${b.maxRatePerSecond?.toFixed(2)} req/s, $${b.usdPer1kOutputTokens?.toFixed(4)} per 1k output tokens`);
  const frontier = result.configurations.filter((c) => c.pareto).map((c) => c.key);
  console.log(`cost frontier    ${frontier.length}: ${frontier.join(' ')}`);
}
