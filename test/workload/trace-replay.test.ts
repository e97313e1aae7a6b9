// End to end: the bundled Azure traces replayed through the whole simulator realise exactly the
// trace's rows and token sums (computed here independently, by splitting the file's lines), and a
// scenario's workload.trace.file is resolved against the scenario file with a clear error.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveScenario, ScenarioError, traceFileResolver } from '../../sim/scenario/index.ts';
import { runScenario } from '../fixtures/run.ts';

const ROOT = resolve(__dirname, '../..');
const SCENARIO_FILE = join(ROOT, 'scenarios', 'trace-test.yaml');

function fileTotals(path: string): { rows: number; prompt: number; output: number } {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).slice(1).filter((l) => l !== '');
  let prompt = 0;
  let output = 0;
  for (const l of lines) {
    const [, p, o] = l.split(',');
    prompt += Number(p);
    output += Number(o);
  }
  return { rows: lines.length, prompt, output };
}

function traceScenario(file: string, extra: Record<string, unknown> = {}) {
  return resolveScenario(
    {
      name: 'trace-test',
      model: 'llama-3.1-8b',
      hardware: { gpu: 'h200-sxm', numReplicas: 8 },
      costModel: { kind: 'constant', stepSeconds: 0.0005 },
      workload: { trace: { file, ...extra } },
    },
    { file: SCENARIO_FILE, resolveTraceFile: traceFileResolver(SCENARIO_FILE) },
  );
}

describe('replaying the bundled Azure traces', () => {
  for (const name of ['AzureLLMInferenceTrace_code.csv', 'AzureLLMInferenceTrace_conv.csv']) {
    it(`${name}: every row arrives once, with the file's exact prompt and output token sums`, () => {
      const relative = `../data/traces/azure-llm-2023/${name}`;
      const scenario = traceScenario(relative);
      expect(scenario.traceFile).toBe(join(ROOT, 'data', 'traces', 'azure-llm-2023', name));
      const expected = fileTotals(scenario.traceFile!);
      const r = runScenario(scenario);
      const { requests } = r;
      expect(requests.count).toBe(expected.rows);
      let prompt = 0;
      let output = 0;
      for (let i = 0; i < requests.count; i++) {
        prompt += requests.numPromptTokens[i];
        output += requests.numOutputTokens[i];
      }
      expect(prompt).toBe(expected.prompt);
      expect(output).toBe(expected.output);
      expect(requests.arrivedAt[0]).toBe(0);
      expect(r.summary.requests.finished).toBe(expected.rows);
    });
  }

  it('a missing trace file is one problem at workload.trace.file, naming the path as written', () => {
    expect(() => traceScenario('nope.csv')).toThrow(ScenarioError);
    expect(() => traceScenario('nope.csv')).toThrow("workload.trace.file: 'nope.csv': no such file; the path is relative to the scenario file");
    expect(() => traceScenario('.')).toThrow("workload.trace.file: '.': not a regular file");
  });

  it("malformed rows skipped with onMalformed 'skip' reach the run's notes", () => {
    const r = runScenario(traceScenario('../test/fixtures/traces/malformed.csv', { onMalformed: 'skip' }));
    expect(r.requests.count).toBe(3);
    expect(r.notes).toContain('trace malformed.csv: 3 malformed rows skipped (workload.trace.onMalformed: skip)');
  });
});
