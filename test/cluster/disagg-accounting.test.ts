// Disaggregation's accounting (cluster/disagg.ts stageSummaries / routingByRole): what each pool
// did in its role, against the hand timeline of disagg-run.test.ts (constant 0.5 s steps, 2
// requests at t = 0 of 100 prompt + 4 output tokens, 0.4 s serialisation + 0.2 s latency):
//   r0: prefill done 0.5, lands 1.1, finishes 2.6 → TPOT on the decode pool (2.6 − 1.1)/3 = 0.5;
//   r1: prefill done 0.5, lands 1.5, finishes 3.1 → (3.1 − 1.5)/3 = 0.5333…;
//   prefill pool: 2 prefills, arrival → prefill done 0.5 s each, TTFT 1.1 and 1.5, so its share
//   of TTFT is (0.5 + 0.5)/(1.1 + 1.5).
// ITL per pool: every decode gap on the decode replica's pool, the resumed ones included.
// Routing per role: two prefill and two decode replicas, round-robin: one request routed to each
// prefill replica, one landed on each decode replica (fewest outstanding + waiting + in flight),
// while the fleet-wide balance (decode replicas routed nothing) reads min/mean 0.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../fixtures/run.ts';
import { handTimelineDisagg, scenarioFrom } from '../fixtures/scenarios.ts';
import { routingLine } from '../../sim/report/index.ts';

const disagg = handTimelineDisagg;

describe('disaggregation: per-pool accounting by role', () => {
  it('the prefill pool counts prefills and its share of TTFT; the decode pool counts decodes and their TPOT there (by hand)', () => {
    const r = runScenario(scenarioFrom(disagg()));
    const { p, d } = r.summary.pools!;
    expect(p.stage!.prefills).toBe(2);
    expect(p.stage!.prefillSeconds!.mean).toBeCloseTo(0.5, 12);
    expect(p.stage!.prefillSeconds!.max).toBeCloseTo(0.5, 12);
    expect(p.stage!.ttftFraction).toBeCloseTo(1.0 / 2.6, 12);
    expect(p.stage!.decodes).toBeUndefined();
    expect(d.stage!.decodes).toBe(2);
    expect(d.stage!.tpotSeconds!.mean).toBeCloseTo((0.5 + 1.6 / 3) / 2, 12);
    expect(d.stage!.tpotSeconds!.max).toBeCloseTo(1.6 / 3, 12);
    expect(d.stage!.prefills).toBeUndefined();
    // The whole requests stay credited to the prefill pool (the contract before the stage blocks).
    expect(p.requests.finished).toBe(2);
    expect(d.requests.arrived).toBe(0);
    // The fleet TPOT is the same formula over the same requests.
    expect(r.summary.tpotSeconds.mean).toBeCloseTo(d.stage!.tpotSeconds!.mean, 12);
    expect(Object.keys(p).at(-1)).toBe('stage');
  });

  it("a decode replica's resumed-token gaps (landing → its first token) are the decode pool's ITL, not the prefill pool's (by hand)", () => {
    // Decode replica: r0 lands 1.1, steps 1.1–1.6 (gap 0.5, a resumed token), 1.6–2.1, 2.1–2.6
    // (gaps 0.5); r1 lands 1.5 during the first step, joins 1.6–2.1 (gap 2.1 − 1.5 = 0.6, a
    // resumed token), then 2.1–2.6, 2.6–3.1 (gaps 0.5). Six gaps, all on the decode pool.
    const r = runScenario(scenarioFrom(disagg()));
    const { p, d } = r.summary.pools!;
    expect(r.summary.requests.measured).toBe(2);
    expect(d.itlSeconds.mean).toBeCloseTo((5 * 0.5 + 0.6) / 6, 12);
    expect(d.itlSeconds.max).toBeCloseTo(0.6, 12);
    expect(r.summary.itlSeconds.mean).toBeCloseTo(d.itlSeconds.mean, 12);
    // The prefill pool emits first tokens only: no gap of its own.
    expect(p.itlSeconds).toEqual({ mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 });
  });

  it('the routing balance per role: prefill replicas by requests routed, decode replicas by requests landed', () => {
    const r = runScenario(
      scenarioFrom(
        disagg([
          { name: 'p', role: 'prefill', hardware: { numReplicas: 2 } },
          { name: 'd', role: 'decode', hardware: { numReplicas: 2 } },
        ]),
      ),
    );
    const routing = r.summary.routing!;
    expect(routing.requestsMinOverMean).toBe(0); // fleet-wide: the decode replicas are routed nothing
    expect(routing.byRole!.prefill.requestsMaxOverMean).toBe(1);
    expect(routing.byRole!.prefill.requestsMinOverMean).toBe(1);
    expect(routing.byRole!.decode.requestsMaxOverMean).toBe(1);
    expect(routing.byRole!.decode.requestsMinOverMean).toBe(1);
    expect(r.summary.pools!.d.stage!.decodes).toBe(2);
    const line = routingLine(r.summary, 4);
    expect(line).toMatch(/^routing balance, prefill replicas \(max\/mean\): requests routed 1\.00, /);
    expect(line).toMatch(/\nrouting balance, decode replicas \(max\/mean\): requests landed 1\.00, /);
  });

  it('leaves colocated runs without stage blocks or byRole', () => {
    const raw = disagg([{ name: 'a' }, { name: 'b' }]);
    delete raw.disaggregation;
    const r = runScenario(scenarioFrom(raw));
    expect(r.summary.routing!.byRole).toBeUndefined();
    expect(r.summary.pools!.a.stage).toBeUndefined();
  });
});
