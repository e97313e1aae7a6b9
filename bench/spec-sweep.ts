// Speculative decoding swept over load: scenarios/speculative-70b-h100-tp4.yaml with and without
// its `speculative` section at several Poisson rates and at 'max' (offline). Prints one Markdown
// table row per (rate, mode): TPOT, E2E and output tokens/s, and the speed-up. `npm run spec-sweep`.
// Usage: node bin/run-ts.mjs bench/spec-sweep.ts [scenario.yaml]
import { parseArgs } from 'node:util';
import { formatMagnitude, formatMarkdownTable, formatNumber, formatPercent, formatSeconds, type Alignment } from '../sim/report/index.ts';
import { loadScenario, type Scenario } from '../sim/scenario/index.ts';
import { runScenario } from '../sim/run.ts';
import { scriptArgs } from './args.ts';

const { positionals } = parseArgs({ args: scriptArgs(import.meta.url), allowPositionals: true });
const file = positionals[0] ?? 'scenarios/speculative-70b-h100-tp4.yaml';
const rates: (number | 'max')[] = [0.5, 1, 2, 4, 8, 16, 'max'];

function variant(base: Scenario, rate: number | 'max', spec: boolean): Scenario {
  const s = structuredClone(base);
  s.config.workload.arrival = rate === 'max' ? { kind: 'max' } : { kind: 'poisson', ratePerSecond: rate };
  // Two simulated minutes of arrivals at least, so the warm-up leaves plenty measured.
  s.config.workload.stop = { numRequests: rate === 'max' ? 1000 : Math.max(300, Math.round(rate * 120)) };
  s.config.metrics.warmupSeconds = rate === 'max' ? 0 : s.config.metrics.warmupSeconds;
  if (!spec) delete s.config.speculative;
  return s;
}

const ratio = (x: number): string => `${formatNumber(x, 2)}×`;

const base = loadScenario(file);
const rows: string[][] = [];
for (const rate of rates) {
  const plain = runScenario(variant(base, rate, false)).summary;
  const spec = runScenario(variant(base, rate, true)).summary;
  for (const [mode, s] of [['plain', plain], ['speculative', spec]] as const) {
    rows.push([
      rate === 'max' ? 'max (1000 at t=0)' : `${rate} req/s`,
      mode,
      formatSeconds(s.tpotSeconds.mean),
      formatSeconds(s.tpotSeconds.p95),
      formatSeconds(s.e2eSeconds.mean),
      formatMagnitude(s.throughput.outputTokensPerSecond),
      s.speculative ? formatNumber(s.speculative.meanAcceptanceLength, 2) : '–',
      s.speculative ? formatPercent(s.speculative.draftOverheadShare) : '–',
      mode === 'speculative' ? ratio(plain.tpotSeconds.mean / spec.tpotSeconds.mean) : '',
      mode === 'speculative' ? ratio(spec.throughput.outputTokensPerSecond / plain.throughput.outputTokensPerSecond) : '',
    ]);
  }
}
const headers = ['load', 'mode', 'TPOT mean', 'TPOT p95', 'E2E mean', 'output tok/s', 'mean acceptance length', 'draft share', 'TPOT speed-up', 'throughput ratio'];
const align = headers.map((_, i): Alignment => (i < 2 ? 'left' : 'right'));
process.stdout.write(`${formatMarkdownTable(headers, rows, { align })}\n`);
