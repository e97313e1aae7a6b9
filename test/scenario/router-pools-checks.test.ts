// checkPoolRouting and allowedPoolsOf (sim/scenario/router-pools-checks.ts) on parsed configs:
// every message, exactly — rules or weights without pools, an unknown class or pool (with
// did-you-mean, and the fallback hint when no name is close), a class with two rules, and a
// class no pool may serve (its rule names no pool with weight; every allowed pool weighs 0) —
// and the problems of the names stop the reachability check.
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, type ScenarioConfig } from '../../sim/scenario/index.ts';
import { allowedPoolsOf, checkPoolRouting } from '../../sim/scenario/router-pools-checks.ts';
import { baseScenario } from '../fixtures/scenarios.ts';

const POOLS = [
  { name: 'h100-pool', hardware: { gpu: 'h100-sxm', numReplicas: 2 } },
  { name: 'b200-pool', hardware: { gpu: 'b200', numReplicas: 1 } },
];

function config(router: Record<string, unknown>, pools: unknown[] | null = POOLS): ScenarioConfig {
  const raw: Record<string, any> = { ...baseScenario(), router: { kind: 'round-robin', ...router } };
  raw.workload.classes = [
    { name: 'chat', share: 3 },
    { name: 'batch', share: 1 },
  ];
  if (pools !== null) raw.pools = pools;
  return ScenarioSchema.parse(raw);
}

const lines = (c: ScenarioConfig): string[] => checkPoolRouting(c).map((p) => `${p.path}: ${p.message}${p.suggestion === undefined ? '' : ` | ${p.suggestion}`}`);

describe('checkPoolRouting', () => {
  it('without poolRules and poolWeights: no problem, even without pools', () => {
    expect(lines(config({}))).toEqual([]);
    expect(lines(config({}, null))).toEqual([]);
  });

  it('rules or weights without pools: one problem at the field given (rules first)', () => {
    expect(lines(config({ poolRules: [{ class: 'chat', pool: 'a' }], poolWeights: { a: 1 } }, null))).toEqual([
      'router.poolRules: poolRules routes over pools, but the scenario declares no pools | declare pools: (each with a name), or remove the field',
    ]);
    expect(lines(config({ poolWeights: { a: 1 } }, null))).toEqual([
      'router.poolWeights: poolWeights routes over pools, but the scenario declares no pools | declare pools: (each with a name), or remove the field',
    ]);
  });

  it('an unknown class: did-you-mean when a name is close, else the fallback hint', () => {
    expect(lines(config({ poolRules: [{ class: 'chta', pool: 'h100-pool' }] }))).toEqual([
      "router.poolRules.0.class: no workload class is named 'chta' (classes: 'chat', 'batch') | did you mean 'chat'?",
    ]);
    expect(lines(config({ poolRules: [{ class: 'zzzzzz', pool: 'h100-pool' }] }))).toEqual([
      "router.poolRules.0.class: no workload class is named 'zzzzzz' (classes: 'chat', 'batch') | use a workload.classes name",
    ]);
  });

  it('a class with an earlier rule', () => {
    expect(lines(config({ poolRules: [{ class: 'chat', pool: 'h100-pool' }, { class: 'chat', pool: 'b200-pool' }] }))).toEqual([
      "router.poolRules.1.class: class 'chat' has an earlier rule; one rule per class | merge the pools into one rule: pool: [a, b]",
    ]);
  });

  it('an unknown pool in a rule (one name: .pool; a list: .pool.<j>) and in the weights', () => {
    expect(lines(config({ poolRules: [{ class: 'chat', pool: 'b200-pol' }] }))).toEqual([
      "router.poolRules.0.pool: no pool is named 'b200-pol' (pools: 'h100-pool', 'b200-pool') | did you mean 'b200-pool'?",
    ]);
    expect(lines(config({ poolRules: [{ class: 'chat', pool: ['h100-pool', 'qqqqqqqq'] }] }))).toEqual([
      "router.poolRules.0.pool.1: no pool is named 'qqqqqqqq' (pools: 'h100-pool', 'b200-pool') | use a pools[].name",
    ]);
    expect(lines(config({ poolWeights: { 'h100-poll': 1, 'b200-pool': 1 } }))).toEqual([
      "router.poolWeights.h100-poll: no pool is named 'h100-poll' (pools: 'h100-pool', 'b200-pool') | did you mean 'h100-pool'?",
    ]);
  });

  it('a class no pool may serve: every pool it may go to weighs 0 (named), reported at the weights', () => {
    expect(lines(config({ poolRules: [{ class: 'batch', pool: ['b200-pool'] }], poolWeights: { 'h100-pool': 1, 'b200-pool': 0 } }))).toEqual([
      "router.poolWeights: no pool may serve class 'batch': every pool it may go to ('b200-pool') has weight 0 | give one of its pools a positive weight, or change its rule",
    ]);
    // A class without a rule may go to every pool: a pool not listed weighs 0.
    expect(lines(config({ poolWeights: { 'h100-pool': 0 } }))).toEqual([
      "router.poolWeights: no pool may serve class 'chat': every pool it may go to ('h100-pool', 'b200-pool') has weight 0 | give one of its pools a positive weight, or change its rule",
      "router.poolWeights: no pool may serve class 'batch': every pool it may go to ('h100-pool', 'b200-pool') has weight 0 | give one of its pools a positive weight, or change its rule",
    ]);
  });

  it('a problem with a name stops before reachability (no second message for the same rule)', () => {
    expect(lines(config({ poolRules: [{ class: 'batch', pool: 'nope-pool' }], poolWeights: { 'h100-pool': 1 } }))).toEqual([
      "router.poolRules.0.pool: no pool is named 'nope-pool' (pools: 'h100-pool', 'b200-pool') | use a pools[].name",
    ]);
  });

  it('valid rules and weights: no problem', () => {
    expect(lines(config({ poolRules: [{ class: 'batch', pool: 'b200-pool' }], poolWeights: { 'h100-pool': 3, 'b200-pool': 1 } }))).toEqual([]);
  });
});

describe('allowedPoolsOf', () => {
  it('per class: its rule’s pools in pool order (one name or a list), every pool without a rule', () => {
    expect(allowedPoolsOf(config({ poolRules: [{ class: 'batch', pool: 'b200-pool' }] }))).toEqual([[0, 1], [1]]);
    expect(allowedPoolsOf(config({ poolRules: [{ class: 'chat', pool: ['b200-pool', 'h100-pool'] }] }))).toEqual([[0, 1], [0, 1]]);
    expect(allowedPoolsOf(config({}))).toEqual([[0, 1], [0, 1]]);
  });
});
