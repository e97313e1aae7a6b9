// router.poolRules / router.poolWeights resolved: errors name the field path with a did-you-mean
// (unknown class, unknown pool, rules without pools, a class no pool may serve, a rule twice),
// and allowedPoolsOf gives each class its pools (no rule: all).
import { describe, expect, it } from 'vitest';
import { allowedPoolsOf } from '../../sim/scenario/index.ts';
import { baseScenario, scenarioFrom } from '../fixtures/scenarios.ts';
import { resolveErrorOf } from '../fixtures/problems.ts';

function withRouting(router: Record<string, unknown>, pools = true): Record<string, any> {
  const raw: Record<string, any> = { ...baseScenario(), router: { kind: 'round-robin', ...router } };
  raw.workload.classes = [
    { name: 'chat', share: 3 },
    { name: 'batch', share: 1 },
  ];
  if (pools) {
    delete raw.hardware;
    raw.pools = [
      { name: 'h100-pool', hardware: { gpu: 'h100-sxm', tp: 1, numReplicas: 2 } },
      { name: 'b200-pool', hardware: { gpu: 'b200', tp: 1, numReplicas: 1 } },
    ];
  }
  return raw;
}

const problemsOf = (raw: unknown): string => resolveErrorOf(raw);

describe('router pool routing: resolve', () => {
  it('gives each class the pools of its rule, and every pool to a class without one', () => {
    const s = scenarioFrom(withRouting({ poolRules: [{ class: 'batch', pool: 'b200-pool' }] }));
    expect(allowedPoolsOf(s.config)).toEqual([[0, 1], [1]]);
    const both = scenarioFrom(withRouting({ poolRules: [{ class: 'chat', pool: ['b200-pool', 'h100-pool'] }], poolWeights: { 'h100-pool': 3, 'b200-pool': 1 } }));
    expect(allowedPoolsOf(both.config)).toEqual([[0, 1], [0, 1]]);
    expect(both.config.router.poolWeights).toEqual({ 'h100-pool': 3, 'b200-pool': 1 });
  });

  it('names an unknown class or pool, with a suggestion', () => {
    const msg = problemsOf(withRouting({ poolRules: [{ class: 'chta', pool: 'b200-pol' }] }));
    expect(msg).toMatch(/router\.poolRules\.0\.class: no workload class is named 'chta' \(classes: 'chat', 'batch'\); did you mean 'chat'\?/);
    expect(msg).toMatch(/router\.poolRules\.0\.pool: no pool is named 'b200-pol' .*did you mean 'b200-pool'\?/);
    const list = problemsOf(withRouting({ poolRules: [{ class: 'chat', pool: ['h100-pool', 'h200-pool'] }] }));
    expect(list).toMatch(/router\.poolRules\.0\.pool\.1: no pool is named 'h200-pool'/);
    expect(problemsOf(withRouting({ poolWeights: { 'h100-poll': 1 } }))).toMatch(/router\.poolWeights\.h100-poll: no pool is named 'h100-poll'.*did you mean 'h100-pool'\?/);
  });

  it('refuses rules or weights without pools, and inside pools reports them once', () => {
    const msg = problemsOf(withRouting({ poolRules: [{ class: 'chat', pool: 'a' }] }, false));
    expect(msg).toMatch(/router\.poolRules: poolRules routes over pools, but the scenario declares no pools; declare pools:/);
    expect(problemsOf(withRouting({ poolWeights: { a: 1 } }, false))).toMatch(/router\.poolWeights: poolWeights routes over pools/);
    const twice = problemsOf(withRouting({ poolRules: [{ class: 'nope', pool: 'h100-pool' }] }));
    expect(twice.match(/no workload class is named 'nope'/g)).toHaveLength(1);
  });

  it('refuses a class that no pool may serve, and a second rule for a class', () => {
    const zero = problemsOf(withRouting({ poolRules: [{ class: 'batch', pool: 'b200-pool' }], poolWeights: { 'h100-pool': 1, 'b200-pool': 0 } }));
    expect(zero).toMatch(/router\.poolWeights: no pool may serve class 'batch': every pool it may go to \('b200-pool'\) has weight 0/);
    const dup = problemsOf(withRouting({ poolRules: [{ class: 'chat', pool: 'b200-pool' }, { class: 'chat', pool: 'h100-pool' }] }));
    expect(dup).toMatch(/router\.poolRules\.1\.class: class 'chat' has an earlier rule; one rule per class; merge the pools into one rule/);
  });

  it("names the implicit class 'default' when the scenario declares no classes", () => {
    const raw = withRouting({ poolRules: [{ class: 'default', pool: 'h100-pool' }] });
    delete raw.workload.classes;
    expect(allowedPoolsOf(scenarioFrom(raw).config)).toEqual([[0]]);
  });
});
