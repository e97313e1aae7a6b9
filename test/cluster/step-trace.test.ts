// StepTrace: a traced run writes one "X" event per step per replica (equal to the replicas'
// step counts), one instant event per preemption (equal to the summary's count), changes no
// result, and keeps at most maxSteps events, counting the dropped ones.
import { describe, expect, it } from 'vitest';
import { StepTrace } from '../../sim/cluster/index.ts';
import { runScenario } from '../../sim/run.ts';
import { baseScenario, scenarioFrom, withChanges } from '../fixtures/scenarios.ts';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../fixtures/cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');

// Two replicas, a small KV cache under load: steps on both and some preemptions.
const scenario = scenarioFrom(withChanges(baseScenario(), { 'hardware.numReplicas': 2, 'workload.stop.numRequests': 200, 'workload.arrival.ratePerSecond': 40 }));

describe('StepTrace', () => {
  it('records every step of every replica as a complete event, and changes no result', () => {
    const trace = new StepTrace();
    const traced = runScenario(scenario, { trace });
    const plain = runScenario(scenario);
    expect(traced.summary).toEqual(plain.summary);
    const json = trace.toJSON(scenario.name);
    const steps = json.traceEvents.filter((e) => e.ph === 'X');
    const totalSteps = traced.replicas.reduce((n, r) => n + r.steps, 0);
    expect(totalSteps).toBeGreaterThan(100);
    expect(steps).toHaveLength(totalSteps);
    expect(trace.stepsSeen).toBe(totalSteps);
    for (const [i, r] of traced.replicas.entries()) expect(steps.filter((e) => e.pid === i)).toHaveLength(r.steps);
    expect(json.traceEvents.filter((e) => e.ph === 'M').map((e) => e.args.name)).toEqual(['replica 0', 'replica 1']);
    for (const e of steps) {
      expect(e.dur).toBeGreaterThan(0);
      expect(e.ts).toBeGreaterThanOrEqual(0);
    }
    expect(json.traceEvents.filter((e) => e.ph === 'i')).toHaveLength(traced.summary.kv.preemptions);
    expect(trace.preemptionsSeen).toBe(traced.summary.kv.preemptions);
    expect(json.metadata).toMatchObject({ stepsDropped: 0, preemptionsDropped: 0 });
    // Byte-stable: the same run traces the same bytes.
    const again = new StepTrace();
    runScenario(scenario, { trace: again });
    expect(JSON.stringify(again.toJSON(scenario.name))).toBe(JSON.stringify(json));
  });

  it('gives each step its batch composition and cost breakdown: the parts sum to its duration, prefill tokens to the prompts', () => {
    // No preemption and no prefix cache: every prompt token is prefilled exactly once.
    const s = scenarioFrom(withChanges(baseScenario(), { 'hardware.numReplicas': 2, 'workload.stop.numRequests': 60, 'workload.arrival.ratePerSecond': 5 }));
    const trace = new StepTrace();
    const result = runScenario(s, { trace, keepRequests: true });
    expect(result.summary.kv.preemptions).toBe(0);
    const steps = trace.toJSON(s.name).traceEvents.filter((e) => e.ph === 'X');
    let prefill = 0;
    let decodes = 0;
    for (const e of steps) {
      const a = e.args as Record<string, number>;
      const parts = a.computeMs + a.memoryMs + a.communicationMs + a.overheadMs;
      // dur is in µs rounded to 1 ns, the parts in ms rounded to 1 ns each.
      expect(Math.abs(parts * 1000 - e.dur!)).toBeLessThan(0.01);
      expect(Math.abs(a.gemmMs + a.attentionMs + a.communicationMs + a.overheadMs - parts)).toBeLessThan(1e-5);
      prefill += a.prefillTokens;
      decodes += a.decodeSeqs;
      if (a.decodeSeqs === 0) expect(a.decodeContextMean).toBe(0);
    }
    const q = result.requests!;
    let prompts = 0;
    let outputs = 0;
    for (let i = 0; i < q.count; i++) {
      prompts += q.numPromptTokens[i];
      outputs += q.numOutputTokens[i];
    }
    expect(prefill).toBe(prompts);
    // RunResult.stepBreakdown agrees with the trace: prefill steps' compute and decode-only steps' memory, per replica.
    for (const [i] of result.replicas.entries()) {
      const mine = steps.filter((e) => e.pid === i).map((e) => e.args as Record<string, number>);
      const prefillCompute = mine.filter((a) => a.prefillChunks > 0).reduce((t, a) => t + a.computeMs, 0) / 1000;
      const decodeMemory = mine.filter((a) => a.prefillChunks === 0).reduce((t, a) => t + a.memoryMs, 0) / 1000;
      expect(result.stepBreakdown![i].prefill.compute).toBeCloseTo(prefillCompute, 6);
      expect(result.stepBreakdown![i].decode.memory).toBeCloseTo(decodeMemory, 6);
      expect(decodeMemory).toBeGreaterThan(0);
    }
    // Each request's first token comes from its last prefill chunk, every other from a decode.
    expect(decodes).toBe(outputs - q.count);
  });

  it('keeps the first maxSteps steps and counts the rest as dropped', () => {
    const trace = new StepTrace(10);
    const result = runScenario(scenario, { trace });
    const json = trace.toJSON(scenario.name);
    const totalSteps = result.replicas.reduce((n, r) => n + r.steps, 0);
    expect(json.traceEvents.filter((e) => e.ph === 'X')).toHaveLength(10);
    expect(json.metadata.stepsSeen).toBe(totalSteps);
    expect(json.metadata.stepsDropped).toBe(totalSteps - 10);
  });
});

describe('sakiyomi run --trace', () => {
  it('writes the trace file with one step event per step (the run\'s replicas\' steps)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sakiyomi-trace-')), 'md1.trace.json');
    const r = await runCli('run', join(ROOT, 'scenarios', 'analytic', 'md1.yaml'), '--no-report', '--json', '--trace', file, '--trace-max-steps', '5');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.traceEvents.filter((e: { ph: string }) => e.ph === 'X')).toHaveLength(5);
    expect(json.metadata.stepsSeen).toBeGreaterThan(5);
    expect(json.metadata.stepsDropped).toBe(json.metadata.stepsSeen - 5);
  });

  it('refuses two scenarios with a clear message, exit 2', async () => {
    const md1 = join(ROOT, 'scenarios', 'analytic', 'md1.yaml');
    const r = await runCli('run', md1, join(ROOT, 'scenarios', 'default.yaml'), '--no-report', '--trace', '/tmp/x.trace.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: --trace records one run: give one scenario file');
  });

  it('refuses a trace inside the report folder and a run with failures, exit 2, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-trace-'));
    const inside = await runCli('run', join(ROOT, 'scenarios', 'analytic', 'md1.yaml'), '--trace', join(dir, 'out', 't.json'), '--out', join(dir, 'out'));
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/is inside the report folder/);
    const failing = await runCli('run', join(ROOT, 'scenarios', 'node-failure-peak.yaml'), '--no-report', '--trace', join(dir, 'f.json'));
    expect(failing.code).toBe(2);
    expect(failing.stderr).toMatch(/--trace does not record runs with failures yet/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
