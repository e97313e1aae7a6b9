// Speculative decoding swept over load: scenarios/speculative-70b-h100-tp4.yaml with and without
// its `speculative` section at several Poisson rates and at 'max' (offline). Prints one table row
// per (rate, mode): TPOT, E2E and output tokens/s, and the speed-up. `npm run spec-sweep`.
import { loadScenario, type Scenario } from '../sim/scenario/index.ts';
import { runScenario } from '../sim/run.ts';

const file = process.argv.slice(2).find((a) => /\.(ya?ml|json)$/.test(a)) ?? 'scenarios/speculative-70b-h100-tp4.yaml';
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

const base = loadScenario(file);
const rows: string[] = ['| load | mode | TPOT mean | TPOT p95 | E2E mean | output tok/s | mean acceptance length | draft share | TPOT speed-up | throughput ratio |', '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|'];
for (const rate of rates) {
  const plain = runScenario(variant(base, rate, false)).summary;
  const spec = runScenario(variant(base, rate, true)).summary;
  for (const [mode, s] of [['plain', plain], ['speculative', spec]] as const) {
    rows.push(
      `| ${rate === 'max' ? 'max (1000 at t=0)' : `${rate} req/s`} | ${mode} | ${(s.tpotSeconds.mean * 1e3).toFixed(1)} ms | ${(s.tpotSeconds.p95 * 1e3).toFixed(1)} ms | ${s.e2eSeconds.mean.toFixed(2)} s | ${s.throughput.outputTokensPerSecond.toFixed(0)} | ` +
        `${s.speculative ? s.speculative.meanAcceptanceLength.toFixed(2) : '–'} | ${s.speculative ? (s.speculative.draftOverheadShare * 100).toFixed(1) + '%' : '–'} | ` +
        `${mode === 'speculative' ? (plain.tpotSeconds.mean / spec.tpotSeconds.mean).toFixed(2) + '×' : ''} | ${mode === 'speculative' ? (spec.throughput.outputTokensPerSecond / plain.throughput.outputTokensPerSecond).toFixed(2) + '×' : ''} |`,
    );
  }
}
process.stdout.write(rows.join('\n') + '\n');
