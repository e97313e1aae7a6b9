// The disaggregation section and pools' roles resolved: a valid pair, and every refusal with its
// field path and a suggestion (disagg-checks.ts).
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resolveScenario } from '../../sim/scenario/index.ts';
import { kvLinkSpecOf } from '../../sim/cluster/index.ts';
import { baseScenario } from '../fixtures/scenarios.ts';
import { resolveErrorOf } from '../fixtures/problems.ts';

const PAIR = [
  { name: 'p', role: 'prefill' },
  { name: 'd', role: 'decode' },
];
const raw = (pools: unknown[] = PAIR, disaggregation: unknown = { link: { preset: 'ib-ndr-400' } }): Record<string, any> => ({ ...baseScenario(), pools, disaggregation });

const problemsOf = (r: unknown): string => resolveErrorOf(r);

describe('disaggregation: resolve', () => {
  it('accepts a prefill and a decode pool with a link; linkScope defaults to per-prefill-replica', () => {
    const s = resolveScenario(raw(), { file: 'ok.yaml' });
    expect(s.config.disaggregation).toEqual({ link: { preset: 'ib-ndr-400' }, linkScope: 'per-prefill-replica' });
    expect(s.config.pools!.map((p) => p.role)).toEqual(['prefill', 'decode']);
  });

  it('the link: a preset, overridden field by field', () => {
    expect(kvLinkSpecOf({ preset: 'ib-ndr-400' })).toEqual({ bandwidthBytesPerSecond: 50e9, latencySeconds: 10e-6 });
    expect(kvLinkSpecOf({ preset: 'ib-ndr-400', bandwidthGBps: 42 })).toEqual({ bandwidthBytesPerSecond: 42e9, latencySeconds: 10e-6 });
    expect(kvLinkSpecOf({ bandwidthGBps: 1, latencySeconds: 0 })).toEqual({ bandwidthBytesPerSecond: 1e9, latencySeconds: 0 });
  });

  it('refuses roles without disaggregation, and disaggregation without pools', () => {
    expect(problemsOf({ ...baseScenario(), pools: PAIR })).toMatch(/pools\.0\.role: role 'prefill' needs the top-level 'disaggregation' section/);
    const noPools = { ...baseScenario(), disaggregation: { link: { preset: 'nvlink4' } } };
    expect(problemsOf(noPools)).toMatch(/disaggregation: disaggregation needs pools with roles/);
  });

  it('refuses a pool without a role, and a missing prefill or decode pool', () => {
    expect(problemsOf(raw([{ name: 'p', role: 'prefill' }, { name: 'x' }]))).toMatch(/pools\.1\.role: with 'disaggregation' every pool needs a role/);
    const onlyPrefill = problemsOf(raw([{ name: 'p', role: 'prefill' }]));
    expect(onlyPrefill).toMatch(/pools: disaggregation needs at least one pool with role decode/);
    expect(problemsOf(raw([{ name: 'd', role: 'decode' }]))).toMatch(/pools: disaggregation needs at least one pool with role prefill/);
  });

  it('refuses a decode pool that is contiguous, statically batched or pipelined', () => {
    const bad = problemsOf(raw([PAIR[0], { name: 'd', role: 'decode', engine: { kvLayout: 'contiguous' }, hardware: { pp: 2 } }]));
    expect(bad).toMatch(/pools\.1\.engine\.kvLayout: a decode pool needs the paged KV layout/);
    expect(bad).toMatch(/pools\.1\.hardware\.pp: a decode pool must have pp = 1/);
    const stat = problemsOf(raw([PAIR[0], { name: 'd', role: 'decode', engine: { batching: { kind: 'static', maxBatchSize: 8, batchTimeoutSeconds: 0.01 } } }]));
    expect(stat).toMatch(/pools\.1\.engine\.batching: a decode pool needs continuous batching/);
  });

  it('refuses an unknown preset with did-you-mean, and an incomplete link', () => {
    const typo = problemsOf(raw(PAIR, { link: { preset: 'nvlnk4' } }));
    expect(typo).toMatch(/disaggregation\.link\.preset: unknown link preset 'nvlnk4'/);
    expect(typo).toMatch(/did you mean 'nvlink4'/);
    expect(problemsOf(raw(PAIR, { link: { bandwidthGBps: 10 } }))).toMatch(/disaggregation\.link: the link needs a preset, or both bandwidthGBps and latencySeconds/);
    expect(problemsOf(raw(PAIR, { link: {}, linkScope: 'per-node' }))).toMatch(/disaggregation\.linkScope/);
  });

  it('a link number that is not finite (YAML .inf, .nan) or not a number says a finite positive number is expected, and to give a number or a preset', () => {
    const inf = problemsOf(raw(PAIR, parse('link: { bandwidthGBps: .inf, latencySeconds: 0 }')));
    expect(inf).toContain(
      'disaggregation.link.bandwidthGBps: expected a finite positive number of GB/s, got number Infinity; give a number, e.g. bandwidthGBps: 50 (1e12 for a near-infinite link); or a preset: link: {preset: ib-ndr-400} (presets: nvlink4, nvlink5, ib-ndr-400, ib-hdr-200, roce-400)',
    );
    expect(problemsOf(raw(PAIR, { link: { bandwidthGBps: NaN, latencySeconds: 0 } }))).toMatch(/bandwidthGBps: expected a finite positive number of GB\/s, got number NaN; give a number/);
    expect(problemsOf(raw(PAIR, { link: { bandwidthGBps: 'fast', latencySeconds: 0 } }))).toMatch(/bandwidthGBps: expected a finite positive number of GB\/s, got the string "fast"/);
    expect(problemsOf(raw(PAIR, parse('link: { preset: ib-ndr-400, latencySeconds: .inf }')))).toMatch(
      /disaggregation\.link\.latencySeconds: expected a finite number of seconds from 0 to 10, got number Infinity; give a number, e.g\. latencySeconds: 0\.00001; or a preset/,
    );
    // Elsewhere a non-finite number is named as such (no link suggestion).
    const elsewhere = problemsOf({ ...baseScenario(), engine: { gpuMemoryUtilization: Infinity } });
    expect(elsewhere).toMatch(/engine\.gpuMemoryUtilization: expected a finite number, got number Infinity/);
    expect(elsewhere).not.toMatch(/preset/);
  });

  it('refuses router pool rules and weights with disaggregation', () => {
    const r = { ...raw(), router: { kind: 'round-robin', poolWeights: { p: 1, d: 1 } } };
    expect(problemsOf(r)).toMatch(/router\.poolWeights: router\.poolWeights is not supported with disaggregation yet/);
  });
});
