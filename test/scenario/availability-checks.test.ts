// The autoscale and failures checks (sim/scenario/availability-checks.ts, pools.ts): every message
// path, with its field path, the expected value and the suggestion — called directly (pure) and
// through resolveScenario (problems inside a pool named pools.<i>.…).
import { describe, expect, it } from 'vitest';
import { builtReplicas, checkAvailability, checkPoolFailures } from '../../sim/scenario/availability-checks.ts';
import type { ScenarioConfig } from '../../sim/scenario/index.ts';
import { baseScenario, scenarioFrom } from '../fixtures/scenarios.ts';
import { resolveErrorOf } from '../fixtures/problems.ts';

const AUTO = { policy: 'target-concurrency', target: 8, minReplicas: 2, maxReplicas: 4 };

function configOf(hardware: Record<string, unknown>, failures?: Record<string, unknown>): ScenarioConfig {
  return scenarioFrom({ ...baseScenario(), hardware: { gpu: 'h100-sxm', ...hardware }, ...(failures === undefined ? {} : { failures }) }).config;
}

const hw = (numReplicas: number, autoscale?: Record<string, unknown>) =>
  ({ gpu: 'h100-sxm', tp: 1, pp: 1, numReplicas, ...(autoscale === undefined ? {} : { autoscale: { intervalSeconds: 30, scaleDownDelaySeconds: 0, ...autoscale } }) }) as unknown as ScenarioConfig['hardware'];

describe('builtReplicas', () => {
  it('is maxReplicas when autoscaled, else numReplicas', () => {
    expect(builtReplicas(hw(3))).toBe(3);
    expect(builtReplicas(hw(2, AUTO))).toBe(4);
  });
});

describe('checkAvailability', () => {
  it('accepts numReplicas within [minReplicas, maxReplicas] and events naming built replicas', () => {
    expect(checkAvailability(configOf({ numReplicas: 2, autoscale: AUTO }, { events: [{ replica: 3, atSeconds: 1, repairSeconds: 5 }] }))).toEqual([]);
  });

  it('refuses numReplicas below minReplicas or above maxReplicas, suggesting the nearest bound', () => {
    const low = checkAvailability({ ...configOf({ numReplicas: 2, autoscale: AUTO }), hardware: hw(1, AUTO) });
    expect(low).toEqual([
      { path: 'hardware.numReplicas', message: 'with autoscale, numReplicas is the replicas active at t = 0 and must lie from minReplicas (2) to maxReplicas (4); got 1', suggestion: 'set numReplicas: 2' },
    ]);
    const high = checkAvailability({ ...configOf({ numReplicas: 2, autoscale: AUTO }), hardware: hw(9, AUTO) });
    expect(high[0].suggestion).toBe('set numReplicas: 4');
    expect(resolveErrorOf({ ...baseScenario(), hardware: { gpu: 'h100-sxm', numReplicas: 5, autoscale: AUTO } })).toMatch(/hardware\.numReplicas: with autoscale, .* got 5; set numReplicas: 4/);
  });

  it('says nothing of numReplicas when minReplicas > maxReplicas (the schema reports that one)', () => {
    expect(checkAvailability({ ...configOf({ numReplicas: 2 }), hardware: hw(9, { ...AUTO, minReplicas: 5 }) })).toEqual([]);
  });

  it('refuses an event naming a replica beyond the fleet (built to maxReplicas when autoscaled)', () => {
    const p = checkAvailability({ ...configOf({ numReplicas: 2, autoscale: AUTO }), failures: { events: [{ replica: 4, atSeconds: 1, repairSeconds: 5 }], onFailure: 'retry' } });
    expect(p).toEqual([{ path: 'failures.events.0.replica', message: 'replica 4 does not exist: the fleet has 4 replica(s), numbered 0 to 3', suggestion: 'use a replica from 0 to 3' }]);
    expect(resolveErrorOf({ ...baseScenario(), failures: { events: [{ replica: 1, atSeconds: 1, repairSeconds: 5 }] } })).toMatch(/failures\.events\.0\.replica: replica 1 does not exist: the fleet has 1 replica\(s\), numbered 0 to 0; use a replica from 0 to 0/);
  });

  it('refuses an event naming a pool when the scenario has none', () => {
    expect(resolveErrorOf({ ...baseScenario(), failures: { events: [{ pool: 'a', replica: 0, atSeconds: 1, repairSeconds: 5 }] } })).toMatch(
      /failures\.events\.0\.pool: the scenario has no pools, so a failure names no pool \(got 'a'\); remove pool: replica is the index in the fleet/,
    );
  });

  it('within one pool checks numReplicas only (events are checked across pools)', () => {
    const c: ScenarioConfig = { ...configOf({ numReplicas: 1 }), failures: { events: [{ replica: 7, atSeconds: 1, repairSeconds: 5 }], onFailure: 'retry' } };
    expect(checkAvailability(c, true)).toEqual([]);
    expect(checkAvailability(c, false)).toHaveLength(1);
  });
});

describe('checkPoolFailures and the pool refusals (pools.ts)', () => {
  const pools = [
    { name: 'small', hardware: { gpu: 'h100-sxm', numReplicas: 1 } },
    { name: 'big', hardware: { gpu: 'h100-sxm', numReplicas: 2, autoscale: AUTO } },
  ];
  const withPools = (failures: unknown, extra: Record<string, unknown> = {}) => {
    const raw: Record<string, unknown> = { ...baseScenario(), pools, failures, ...extra };
    delete raw.hardware;
    return raw;
  };

  it('accepts an event naming a pool and a replica built in it (an autoscaled pool: up to maxReplicas − 1)', () => {
    expect(scenarioFrom(withPools({ events: [{ pool: 'big', replica: 3, atSeconds: 1, repairSeconds: 5 }] })).config.failures!.events![0]).toMatchObject({ pool: 'big', replica: 3 });
  });

  it('refuses an event without a pool, naming the pools', () => {
    expect(resolveErrorOf(withPools({ events: [{ replica: 0, atSeconds: 1, repairSeconds: 5 }] }))).toMatch(
      /failures\.events\.0\.pool: with pools, a failure names the pool of its replica \(one of 'small', 'big'\); add pool: small, with replica the index within that pool/,
    );
  });

  it('refuses an unknown pool with did-you-mean, or the list when nothing is close', () => {
    expect(resolveErrorOf(withPools({ events: [{ pool: 'bgi', replica: 0, atSeconds: 1, repairSeconds: 5 }] }))).toMatch(/failures\.events\.0\.pool: no pool is named 'bgi' \(pools: 'small', 'big'\); did you mean 'big'\?/);
    expect(resolveErrorOf(withPools({ events: [{ pool: 'zzzzzzzz', replica: 0, atSeconds: 1, repairSeconds: 5 }] }))).toMatch(/no pool is named 'zzzzzzzz' .*; use one of small, big/);
  });

  it('refuses a replica beyond its pool', () => {
    expect(resolveErrorOf(withPools({ events: [{ pool: 'small', replica: 1, atSeconds: 1, repairSeconds: 5 }] }))).toMatch(
      /failures\.events\.0\.replica: replica 1 does not exist: pool 'small' has 1 replica\(s\), numbered 0 to 0; use a replica from 0 to 0/,
    );
    expect(checkPoolFailures({ events: [{ pool: 'big', replica: 4, atSeconds: 1, repairSeconds: 5 }], onFailure: 'retry' }, [{ name: 'big', hardware: hw(2, AUTO) }])[0].message).toBe(
      "replica 4 does not exist: pool 'big' has 4 replica(s), numbered 0 to 3",
    );
  });

  it('refuses failures with disaggregation, saying why and what to do instead; autoscaled prefill/decode pools resolve', () => {
    const raw: Record<string, unknown> = {
      ...baseScenario(),
      pools: [
        { name: 'p', role: 'prefill', hardware: { numReplicas: 2, autoscale: AUTO } },
        { name: 'd', role: 'decode' },
      ],
      disaggregation: { link: { preset: 'ib-ndr-400' } },
      failures: { mtbfSeconds: 100, repairSeconds: 10 },
    };
    const text = resolveErrorOf(raw);
    expect(text).toMatch(/^bad\.yaml: 1 problem\n  failures: failure injection is not supported with disaggregated prefill\/decode yet: .*; remove failures, or remove disaggregation$/);
    const { failures: _, ...autoscaledOnly } = raw;
    expect(scenarioFrom(autoscaledOnly).pools![0].scenario.config.hardware.autoscale).toMatchObject({ minReplicas: 2, maxReplicas: 4 });
  });
});

describe('floors that keep a run finite (the schema)', () => {
  it('autoscale.intervalSeconds below 1 s and failures.mtbfSeconds below 1 s are refused with why', () => {
    const base = baseScenario();
    const scaled = resolveErrorOf({ ...base, hardware: { ...base.hardware, numReplicas: 1, autoscale: { policy: 'target-concurrency', target: 8, minReplicas: 1, maxReplicas: 2, intervalSeconds: 1e-6 } } });
    expect(scaled).toContain('hardware.autoscale.intervalSeconds: got 0.000001; expected at least 1 s');
    const failing = resolveErrorOf({ ...base, failures: { mtbfSeconds: 0.001, repairSeconds: 0.001, onFailure: 'retry' } });
    expect(failing).toContain('failures.mtbfSeconds: got 0.001; expected at least 1 s between failures of a replica');
  });
});
