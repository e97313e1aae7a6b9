// Checks of workload.classes and engine.schedulingPolicy that need more than the schema sees,
// made at load so that a scenario that resolves can run: the engine offers the policy
// (SCHEDULING_POLICIES), the combination is one the simulator models (no classes in a closed
// loop; priority only with continuous batching), and every class's own length distributions
// (its sessions' turns and userTokens too) can be sampled and leave room for an output token (as
// workload-checks.ts does for the workload's).
// Invariants: pure; every problem names its field path.

import type { Problem } from './errors.ts';
import { SCHEDULING_POLICIES, engineOf, type ResolvedEngine } from './engine-presets.ts';
import type { ScenarioConfig } from './schema.ts';
import { speculativeClassOf } from './classes.ts';
import { lognormalMassProblem, minDraw } from './workload-checks.ts';

export function checkClasses(config: ScenarioConfig, engine: ResolvedEngine, maxModelLen: number | undefined): Problem[] {
  const problems: Problem[] = [];
  const policy = engine.schedulingPolicy ?? 'fcfs';
  const rule = SCHEDULING_POLICIES[engineOf(engine)];
  if (!rule.allows(policy)) {
    problems.push({ path: 'engine.schedulingPolicy', message: `the ${engineOf(engine)} preset offers ${rule.text}, not '${policy}'`, suggestion: "remove schedulingPolicy, or use preset 'vllm' or 'sglang'" });
  }
  if (policy === 'priority' && engine.batching.kind === 'static') {
    problems.push({ path: 'engine.schedulingPolicy', message: "'priority' orders an iteration-level scheduler's waiting queue; static batching forms batches in arrival order", suggestion: 'remove schedulingPolicy or engine.batching' });
  }
  const w = config.workload;
  const classes = w.classes;
  if (classes === undefined) return problems;
  if (w.arrival?.kind === 'closed-loop') {
    problems.push({ path: 'workload.classes', message: 'classes split open-loop traffic; a closed loop (arrival kind closed-loop) has no per-class arrivals to split', suggestion: 'use an open-loop arrival (poisson, gamma, constant) with class shares' });
  }
  const spec = speculativeClassOf(config);
  if (spec !== null && spec.includes(-1)) {
    const missing = classes.filter((_, i) => spec[i] < 0).map((c) => `'${c.name}'`);
    problems.push({
      path: 'speculative.acceptance.classes',
      message: `the acceptance classes name some workload classes, so they must name every one: missing ${missing.join(', ')} (a request takes the α of its endpoint's class)`,
      suggestion: 'add an acceptance class for each workload class, or use names that match none (then classes are drawn by weight)',
    });
  }
  classes.forEach((c, i) => {
    const at = `workload.classes.${i}`;
    const own = [
      ['promptTokens', c.promptTokens],
      ['outputTokens', c.outputTokens],
      ['sessions.turns', c.sessions?.turns],
      ['sessions.userTokens', c.sessions?.userTokens],
    ] as const;
    for (const [field, d] of own) {
      const p = d === undefined ? undefined : lognormalMassProblem(`${at}.${field}`, d);
      if (p !== undefined) problems.push(p);
    }
    if (maxModelLen !== undefined && (c.promptTokens ?? w.promptTokens) !== undefined && (c.promptTokens !== undefined || c.sharedPrefix !== undefined)) {
      const shortest = minDraw((c.promptTokens ?? w.promptTokens)!) + ((c.sharedPrefix ?? w.sharedPrefix)?.tokens ?? 0);
      if (shortest >= maxModelLen) {
        problems.push({
          path: `${at}.promptTokens`,
          message: `every prompt of class '${c.name}' has at least ${shortest} tokens, but a prompt must be shorter than maxModelLen ${maxModelLen}: every request of the class would be rejected`,
          suggestion: `draw prompts below ${maxModelLen} tokens`,
        });
      }
    }
  });
  return problems;
}
