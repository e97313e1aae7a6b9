// summary.classes and summary.windows through runScenario, checked against hand folds over the
// kept records. Classes are the classes engineer's schema; here they are set up by construction:
// requestClassesOf is stubbed (vi.mock of scenario/classes.ts, only while `declared` is set) to
// declare two classes with their own SLOs, and createWorkload is wrapped so every request spec
// gets classIndex 1 when its prompt has more than 600 tokens, else 0.
import { quantileSorted } from 'd3-array';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_WINDOW_ROWS, STATUS_FINISHED, type RequestColumns, type RunResult } from '../../sim/metrics/index.ts';
import { runScenario } from '../../sim/run.ts';
import type { RequestClasses } from '../../sim/scenario/index.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';

const stub = vi.hoisted(() => ({ classes: null as RequestClasses | null }));

vi.mock('../../sim/scenario/classes.ts', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../sim/scenario/classes.ts')>();
  return { ...mod, requestClassesOf: (config: Parameters<typeof mod.requestClassesOf>[0]) => stub.classes ?? mod.requestClassesOf(config) };
});

vi.mock('../../sim/workload/source.ts', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../sim/workload/source.ts')>();
  type Spec = ReturnType<ReturnType<typeof mod.createWorkload>['nextArrival']>;
  const tag = (s: Spec): Spec => (s === null || stub.classes === null ? s : { ...s, classIndex: s.numPromptTokens > 600 ? 1 : 0 });
  return {
    ...mod,
    createWorkload: (...args: Parameters<typeof mod.createWorkload>) => {
      const w = mod.createWorkload(...args);
      return { ...w, nextArrival: () => tag(w.nextArrival()), onFinished: (now: number, f?: Parameters<typeof w.onFinished>[1]) => tag(w.onFinished(now, f)), followUpsPending: (now: number) => w.followUpsPending(now), sessionStats: () => w.sessionStats(), halt: () => w.halt() };
    },
  };
});

afterEach(() => {
  stub.classes = null;
});

const SHORT = { ttftSeconds: 0.2, tpotSeconds: 0.05, ttft: { p95: 0.3 } };
const LONG = { ttftSeconds: 0.02, tpotSeconds: 0.05, goodput: { fraction: 0.99 } };

function declareTwo(): void {
  stub.classes = {
    declared: true,
    classes: [
      { name: 'short', priority: 0, slo: SHORT },
      { name: 'long', priority: 0, slo: LONG },
    ],
  };
}

function scenario(changes: Record<string, unknown> = {}) {
  return scenarioFrom(withChanges(baseScenario(), { 'workload.stop': { numRequests: 300 }, 'metrics.warmupSeconds': 2, ...changes }));
}

/** Ids of kept records matching `keep`. */
function ids(c: RequestColumns, keep: (i: number) => boolean): number[] {
  return Array.from({ length: c.count }, (_, i) => i).filter(keep);
}

describe('summary.classes (declared classes)', () => {
  it('is absent when no classes are declared; summary.windows is always there', () => {
    const r = runScenario(scenario());
    expect(r.summary.classes).toBeUndefined();
    expect(r.summary.windows!.length).toBeGreaterThan(0);
  });

  it("each class's counts, goodput (against the class's thresholds), latencies and rates equal a hand fold over its kept records", () => {
    declareTwo();
    const r = runScenario(scenario(), { keepRequests: true });
    const c = r.requests!;
    const classes = r.summary.classes!;
    expect(Object.keys(classes)).toEqual(['short', 'long']);
    const { startSeconds, endSeconds } = r.summary.window;
    let shares = 0;
    [SHORT, LONG].forEach((slo, k) => {
      const s = classes[k === 0 ? 'short' : 'long'];
      const mine = ids(c, (i) => c.classIndex[i] === k);
      expect(mine.every((i) => (c.numPromptTokens[i] > 600 ? 1 : 0) === k)).toBe(true);
      const mf = mine.filter((i) => c.measured[i] === 1 && c.status[i] === STATUS_FINISHED);
      expect(s.requests.arrived).toBe(mine.length);
      expect(s.requests.measured).toBe(mine.filter((i) => c.measured[i] === 1).length);
      expect(s.requests.finished).toBe(mine.filter((i) => c.status[i] === STATUS_FINISHED).length);
      const ttft = mf.map((i) => c.firstTokenAt[i] - c.arrivedAt[i]);
      const tpot = (i: number) => (c.finishedAt[i] - c.firstTokenAt[i]) / (c.numOutputTokens[i] - 1);
      const good = mf.filter((i) => c.firstTokenAt[i] - c.arrivedAt[i] <= slo.ttftSeconds && (c.numOutputTokens[i] < 2 || tpot(i) <= slo.tpotSeconds));
      expect(s.goodput.fractionMeetingSlo).toBe(good.length / s.requests.measured);
      expect(s.goodput.requestsPerSecond).toBeCloseTo(good.filter((i) => c.arrivedAt[i] > startSeconds).length / (endSeconds - startSeconds), 12);
      expect(s.ttftSeconds.max).toBe(Math.max(...ttft));
      expect(s.ttftSeconds.mean).toBeCloseTo(ttft.reduce((a, b) => a + b, 0) / ttft.length, 12);
      // Percentiles: R-7 within the class histograms' relative error (≤ 0.5 %).
      const sorted = [...ttft].sort((a, b) => a - b);
      expect(Math.abs(s.ttftSeconds.p95 / quantileSorted(sorted, 0.95)! - 1)).toBeLessThan(0.005);
      // Finished in the window (start, end], over its span.
      const finishedIn = mine.filter((i) => c.status[i] === STATUS_FINISHED && c.finishedAt[i] > startSeconds && c.finishedAt[i] <= endSeconds);
      expect(s.throughput.requestsPerSecond).toBeCloseTo(finishedIn.length / (endSeconds - startSeconds), 12);
      expect(s.window).toEqual(r.summary.window);
      shares += s.cost.share;
      // Sharing by tokens processed: every class pays the fleet's price per 1k tokens.
      expect(s.cost.usdPer1kTokens / r.summary.cost.usdPer1kTokens - 1).toBeLessThan(0.02);
    });
    expect(shares).toBeCloseTo(1, 12);
    expect(classes.short.requests.arrived + classes.long.requests.arrived).toBe(r.summary.requests.arrived);
  });

  it("judges each class's SLO targets (and only them)", () => {
    declareTwo();
    const s = runScenario(scenario()).summary.classes!;
    expect(s.short.slo.verdicts.map((v) => [v.metric, v.percentile, v.target])).toEqual([['ttft', 'p95', 0.3]]);
    expect(s.short.slo.verdicts[0].value).toBe(s.short.ttftSeconds.p95);
    expect(s.long.slo.verdicts.map((v) => [v.metric, v.percentile, v.value])).toEqual([['goodput', 'fraction', s.long.goodput.fractionMeetingSlo]]);
  });
});

describe('summary.windows', () => {
  function windowOf(t: number, w: number): number {
    return t > 0 ? Math.ceil(t / w) - 1 : 0;
  }

  it('arrivals and completions per window (all and per class) equal counts over the kept records', () => {
    declareTwo();
    const r = runScenario(scenario({ 'metrics.windowSeconds': 5 }), { keepRequests: true });
    const c = r.requests!;
    const rows = r.summary.windows!;
    for (const row of rows) {
      const k = Math.round(row.start / 5);
      const cls = row.class === undefined ? -1 : row.class === 'short' ? 0 : 1;
      const mine = ids(c, (i) => cls < 0 || c.classIndex[i] === cls);
      expect(row.arrivals).toBe(mine.filter((i) => windowOf(c.arrivedAt[i], 5) === k).length);
      expect(row.completions).toBe(mine.filter((i) => c.status[i] === STATUS_FINISHED && windowOf(c.finishedAt[i], 5) === k).length);
    }
    expect(rows.filter((x) => x.class === undefined).length * 3).toBe(rows.length);
    expect(rows[rows.length - 1].end).toBe(r.simulatedSeconds);
  });

  it('the running and KV means of the windows, weighted by their spans, are the run\'s drain-inclusive means (constant cost model)', () => {
    const r = runScenario(scenario({ costModel: { kind: 'constant', stepSeconds: 0.02 }, 'metrics.windowSeconds': 3 }), { keepRequests: true });
    const rows = r.summary.windows!;
    const weighted = (f: (x: (typeof rows)[number]) => number) => rows.reduce((a, x) => a + f(x) * (x.end - x.start), 0) / r.simulatedSeconds;
    expect(weighted((x) => x.running!)).toBeCloseTo(r.summary.kv.meanRunningWithDrain, 10);
    expect(weighted((x) => x.kvUsage!)).toBeCloseTo(r.summary.kv.meanUsageWithDrain, 10);
    const tokens = rows.reduce((a, x) => a + x.outputTokensPerSecond * (x.end - x.start), 0);
    // Every request finished, so the tokens emitted are Σ output lengths.
    expect(r.summary.requests.unfinished).toBe(0);
    expect(tokens).toBeCloseTo(sumOutput(r), 6);
    // The windows' costs (usdPer1kOutputTokens × their tokens) add up to the fleet's GPU cost over the run.
    const usd = rows.reduce((a, x) => a + (x.usdPer1kOutputTokens! * x.outputTokensPerSecond * (x.end - x.start)) / 1000, 0);
    expect(usd).toBeCloseTo((r.summary.costWithDrain.gpuHours * 2.79), 9); // one H100 at the catalog's $2.79/h
    // Goodput per window: Σ fraction × arrivals = the requests (warm-up included) meeting the per-request SLO, by hand.
    const good = rows.reduce((a, x) => a + (x.arrivals > 0 ? x.goodputFraction! * x.arrivals : 0), 0);
    const slo = scenario().config.slo;
    const c = r.requests!;
    let meeting = 0;
    for (let i = 0; i < c.count; i++) {
      if (c.status[i] !== STATUS_FINISHED) continue;
      const tpot = c.numOutputTokens[i] >= 2 ? (c.finishedAt[i] - c.firstTokenAt[i]) / (c.numOutputTokens[i] - 1) : 0;
      if (c.firstTokenAt[i] - c.arrivedAt[i] <= slo.ttftSeconds && tpot <= slo.tpotSeconds) meeting++;
    }
    expect(meeting).toBeGreaterThan(0);
    expect(good).toBeCloseTo(meeting, 6);
  });

  it('stays bounded: a tiny windowSeconds is widened by doubling to at most MAX_WINDOW_ROWS rows, with a note', () => {
    const r = runScenario(scenario({ 'metrics.windowSeconds': 0.001 }));
    const rows = r.summary.windows!;
    expect(rows.length).toBeLessThanOrEqual(MAX_WINDOW_ROWS);
    expect(rows.reduce((a, x) => a + x.arrivals, 0)).toBe(300);
    expect(r.notes.some((n) => /windows widened from 0\.001 s to [\d.]+ s/.test(n))).toBe(true);
  });

  it('is deterministic: the same scenario and seed give the same windows and classes', () => {
    declareTwo();
    const a = runScenario(scenario());
    const b = runScenario(scenario());
    expect(JSON.stringify([a.summary.windows, a.summary.classes])).toBe(JSON.stringify([b.summary.windows, b.summary.classes]));
  });
});

/** Output tokens of the kept records (one sequence each in these scenarios). */
function sumOutput(r: RunResult): number {
  return r.requests!.numOutputTokens.reduce((a, b) => a + b, 0);
}
