// The console report of one run: a header line, request counts, the measurement window, a
// latency table, throughput, goodput, KV cache, cost, energy (and the drain-inclusive figures),
// the SLO targets' verdicts (only when the scenario sets targets: slo-table.ts), the per-class
// table (only with declared request classes: class-table.ts), the per-pool table (only with
// scenario pools: pool-table.ts), a per-replica
// table, the run's notes and — when the run was
// overloaded — a loud OVERLOADED line last, where a terminal leaves the eye.
// Invariants: a pure function of the RunResult (the CLI prints what it returns); ASCII only, no
// colours, no trailing newline; every number goes through format.ts, so the text is the same on
// every machine; each note is one line "note: …"; the OVERLOADED line appears iff
// summary.overloaded, and names only the evidence in summary.overloadEvidence.
// NOTE: latencies carry their own unit per cell (ms below a second, s above) rather than one
// unit per column: a p99 E2E of 40 s and a mean TPOT of 12 ms both stay readable.

import { formatModelError } from './model-error-line.ts';
import { fleetLines } from './fleet-lines.ts';
import { LATENCY_STATS, type LatencyStats, type ReplicaReport, type RunResult, type Summary } from '../metrics/index.ts';
import { formatCount, formatMagnitude, formatNumber, formatPercent, formatRate, formatSeconds, formatUsd } from './format.ts';
import { formatClassTable } from './class-table.ts';
import { formatPoolStageTable, formatPoolTable } from './pool-table.ts';
import { transfersLine } from './transfers-line.ts';
import { formatSloVerdicts } from './slo-table.ts';
import { escapeControl } from './console-text.ts';
import { formatTable } from './table.ts';

function latencyTable(summary: Summary): string {
  const rows: [string, LatencyStats][] = [
    ['TTFT', summary.ttftSeconds],
    ['TPOT', summary.tpotSeconds],
    ['ITL', summary.itlSeconds],
    ['E2E', summary.e2eSeconds],
    ['queue', summary.queueSeconds],
  ];
  return formatTable(
    ['latency', ...LATENCY_STATS],
    rows.map(([name, stats]) => [name, ...LATENCY_STATS.map((column) => formatSeconds(stats[column]))]),
  );
}

function replicaTable(replicas: ReplicaReport[]): string {
  const pipelined = replicas.some((r) => (r.pp ?? 1) > 1);
  const pooled = replicas.some((r) => r.pool !== undefined);
  return formatTable(
    ['replica', ...(pooled ? ['pool'] : []), 'gpu', pipelined ? 'tp×pp' : 'tp', 'blocks', 'steps', 'util', 'compute', 'memory', 'comm', 'overhead', 'dominant'],
    replicas.map((r) => [
      r.index,
      ...(pooled ? [escapeControl(r.pool ?? '')] : []),
      r.gpu,
      pipelined ? `${r.tp}×${r.pp ?? 1}` : r.tp,
      formatCount(r.numGpuBlocks),
      formatCount(r.steps),
      formatPercent(r.utilization),
      formatPercent(r.regimeShares.compute),
      formatPercent(r.regimeShares.memory),
      formatPercent(r.regimeShares.communication),
      formatPercent(r.regimeShares.overhead),
      r.dominantRegime,
    ]),
  );
}

/** Where the steady-state measurement window lies, and what is measured over it. */
export function windowLine(summary: Summary): string {
  const w = summary.window;
  if (w.endsAt === 'whole-run') {
    return 'window: the whole run, drain included (no loaded window: every request arrives at one instant, or warm-up covers every arrival)';
  }
  return (
    `window: ${formatSeconds(w.startSeconds)} to ${formatSeconds(w.endSeconds)} (${w.endsAt === 'duration' ? 'stop.durationSeconds' : 'last arrival'}); ` +
    'rates, utilization, cost and energy are over it, latencies over the requests that arrived in it'
  );
}

/**
 * The loud line of an overloaded run: it names only the evidence that holds
 * (summary.overloadEvidence): the waiting queue's growth, the requests left unfinished, the drain
 * limit reached.
 */
export function overloadedLine(summary: Summary): string {
  const e = summary.overloadEvidence ?? {};
  const evidence: string[] = [];
  if (e.queueGrowth !== undefined) {
    evidence.push(`the waiting queue grew from ${formatNumber(e.queueGrowth.earlyWaiting)} to ${formatNumber(e.queueGrowth.lateWaiting)} requests on average while requests arrived`);
  }
  const limit = e.drainLimitSeconds === undefined ? '' : `the drain limit (${formatSeconds(e.drainLimitSeconds)} after the last arrival)`;
  if (e.unfinished !== undefined) {
    evidence.push(`${formatCount(e.unfinished)} of ${formatCount(summary.requests.arrived)} requests unfinished ${limit === '' ? 'at the end' : `at ${limit}`}`);
  } else if (limit !== '') {
    evidence.push(`${limit} was reached`);
  }
  const why = evidence.length > 0 ? evidence.join('; ') : 'arrivals outpaced service';
  return `OVERLOADED: ${why}; latencies grow with the run length: add replicas or lower the rate`;
}

/** Load imbalance across replicas (summary.routing), only with more than one replica. */
export function routingLine(summary: Summary, numReplicas: number): string {
  const r = summary.routing;
  if (r === undefined || numReplicas < 2) return '';
  if (r.byRole !== undefined) {
    // Disaggregated: decode replicas are routed nothing, so the balance is read per role.
    const { prefill: p, decode: d } = r.byRole;
    return (
      `routing balance, prefill replicas (max/mean): requests routed ${formatNumber(p.requestsMaxOverMean, 2)}, busy time ${formatNumber(p.busyMaxOverMean, 2)}, KV usage ${formatNumber(p.kvUsageMaxOverMean, 2)}\n` +
      `routing balance, decode replicas (max/mean): requests landed ${formatNumber(d.requestsMaxOverMean, 2)}, busy time ${formatNumber(d.busyMaxOverMean, 2)}, KV usage ${formatNumber(d.kvUsageMaxOverMean, 2)}`
    );
  }
  return (
    `routing balance (max/mean over replicas): requests ${formatNumber(r.requestsMaxOverMean, 2)}, busy time ${formatNumber(r.busyMaxOverMean, 2)}, ` +
    `KV usage ${formatNumber(r.kvUsageMaxOverMean, 2)} (min/mean: requests ${formatNumber(r.requestsMinOverMean, 2)}, busy time ${formatNumber(r.busyMinOverMean, 2)})`
  );
}

/** The human-readable report of a run, as printed by `sakiyomi run`. */
export function formatRunSummary(result: RunResult): string {
  const s = result.summary;
  const lines: string[] = [];
  lines.push(
    `scenario ${result.scenarioName} | seed ${result.seed} | ${formatSeconds(result.simulatedSeconds)} simulated | ` +
      `${formatCount(result.events)} events`,
  );
  lines.push(
    `requests: ${formatCount(s.requests.arrived)} arrived, ${formatCount(s.requests.finished)} finished, ` +
      `${formatCount(s.requests.rejected)} rejected, ${formatCount(s.requests.unfinished)} unfinished, ` +
      `${formatCount(s.requests.measured)} measured`,
  );
  lines.push(windowLine(s));
  lines.push('');
  lines.push(latencyTable(s));
  lines.push('');
  lines.push(
    `throughput: ${formatRate(s.throughput.requestsPerSecond, 'req/s')}, ` +
      `${formatRate(s.throughput.inputTokensPerSecond, 'input tok/s')}, ` +
      `${formatRate(s.throughput.outputTokensPerSecond, 'output tok/s')}`,
  );
  lines.push(
    `goodput: ${formatRate(s.goodput.requestsPerSecond, 'req/s')}, ` +
      `${formatPercent(s.goodput.fractionMeetingSlo)} of measured requests meeting the SLO` +
      (s.requests.measuredUnfinished > 0 ? ` (${formatCount(s.requests.measuredUnfinished)} unfinished, counted as misses)` : ''),
  );
  lines.push(
    `kv cache: ${formatCount(s.kv.numGpuBlocks)} blocks, mean usage ${formatPercent(s.kv.meanUsage)}, ` +
      `max usage ${formatPercent(s.kv.maxUsage)}, ${formatCount(s.kv.preemptions)} preemptions`,
  );
  lines.push(
    `kv layout: ${formatNumber(s.kv.meanRunning)} running requests per replica on average, ` +
      `${formatPercent(s.kv.meanInternalFragmentation)} of slots lost to partly filled blocks, ` +
      `${formatPercent(s.kv.meanReservedUnusedFraction)} reserved but unused`,
  );
  if (s.kv.prefixCacheHitRate !== undefined) {
    const sessions = s.sessions;
    lines.push(
      `prefix cache: hit rate ${formatPercent(s.kv.prefixCacheHitRate)} of prefill tokens, ${formatCount(s.kv.prefillTokensSaved ?? 0)} tokens not recomputed` +
        (sessions === undefined ? '' : `; ${formatCount(sessions.started)} sessions, ${formatNumber(sessions.meanTurnsPerSession)} turns each on average`),
    );
  }
  const spec = s.speculative;
  if (spec !== undefined) {
    lines.push(
      `speculative: ${spec.method}, γ ${spec.numSpeculativeTokens}, acceptance rate ${formatPercent(spec.acceptanceRate)}, ` +
        `mean acceptance length ${formatNumber(spec.meanAcceptanceLength)} tokens per verify, ` +
        `${formatPercent(spec.draftOverheadShare)} of busy time drafting, drafting in ${formatPercent(spec.speculativeStepFraction)} of decode steps`,
    );
  }
  lines.push(
    `cost: ${formatMagnitude(s.cost.gpuHours)} GPU-hours, ${formatUsd(s.cost.usdPer1kOutputTokens)} per 1k output tokens, ` +
      `${formatUsd(s.cost.usdPer1kTokens)} per 1k tokens`,
  );
  lines.push(`energy: ${formatMagnitude(s.energy.joulesPerOutputToken)} J per output token`);
  lines.push(...fleetLines(s));
  if (s.window.endsAt !== 'whole-run') {
    lines.push(
      `drain included: ${formatRate(s.throughputWithDrain.outputTokensPerSecond, 'output tok/s')}, ` +
        `${formatUsd(s.costWithDrain.usdPer1kTokens)} per 1k tokens, ${formatMagnitude(s.energyWithDrain.joulesPerOutputToken)} J per output token`,
    );
  }
  const slo = formatSloVerdicts(s.slo?.verdicts ?? []);
  if (slo !== '') lines.push('', slo);
  const perClass = formatClassTable(s);
  if (perClass !== '') lines.push('', perClass);
  const perPool = formatPoolTable(s);
  if (perPool !== '') lines.push('', perPool);
  const roles = formatPoolStageTable(s);
  if (roles !== '') lines.push('', roles);
  const transfers = transfersLine(s);
  if (transfers !== '') lines.push('', transfers);
  lines.push('');
  const routing = routingLine(s, result.replicas.length);
  if (routing !== '') lines.push(routing);
  lines.push(replicaTable(result.replicas));
  if (result.notes.length > 0) {
    lines.push('');
    for (const note of result.notes) lines.push(`note: ${note}`);
  }
  if (s.overloaded) {
    lines.push('');
    lines.push(overloadedLine(s));
  }
  if (s.modelError !== undefined) {
    lines.push('');
    lines.push(formatModelError(s.modelError));
  }
  return lines.join('\n');
}
