// The journey scenarios (scenarios/journey/, tabulated by `sakiyomi journey`): every step loads,
// steps 1–6 see exactly the same traffic (common random numbers: same workload, seed, SLO and
// warm-up), steps 7–8 share the short-chat endpoint's traffic, and each step changes only what
// its description says it changes. Loads the files; runs none of them (that is `npm run journey`).
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, type Scenario } from '../../sim/scenario/index.ts';

const DIR = join(import.meta.dirname, '..', '..', 'scenarios', 'journey');
const files = readdirSync(DIR).filter((n) => n.endsWith('.yaml')).sort();
const steps: Scenario[] = files.map((f) => loadScenario(join(DIR, f)));

/** Leaf paths ("engine.batching.kind") whose values differ between two parsed configs. */
function changedPaths(a: unknown, b: unknown, prefix = ''): string[] {
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObject(a) || !isObject(b)) return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => changedPaths(a[k], b[k], prefix === '' ? k : `${prefix}.${k}`));
}

/** What step i changes from step i − 1, as sections (first two path segments), besides its name and description. */
function changedSections(i: number): string[] {
  const paths = changedPaths(steps[i - 1].config, steps[i].config).filter((p) => p !== 'name' && p !== 'description');
  return [...new Set(paths.map((p) => p.split('.').slice(0, 2).join('.')))].sort();
}

const traffic = (s: Scenario) => ({ seed: s.config.seed, workload: s.config.workload, slo: s.config.slo, metrics: s.config.metrics });

describe('scenarios/journey', () => {
  it('holds eight numbered steps, each named after its file and described', () => {
    expect(files).toEqual([
      '01-a100-fp16-static-contiguous.yaml',
      '02-continuous-paged.yaml',
      '03-prefix-caching.yaml',
      '04-h100-fp8.yaml',
      '05-b200-nvfp4.yaml',
      '06-b200-fp4-fp8-hybrid.yaml',
      '07-short-chat-endpoint.yaml',
      '08-speculative-short-chat.yaml',
    ]);
    for (const [i, s] of steps.entries()) {
      expect(s.name).toBe(basename(files[i], '.yaml'));
      expect(s.config.description ?? '', s.name).toMatch(i === 0 ? /^Starting point/ : /^Changed from step \d/);
    }
  });

  it('steps 1–6 share one traffic: workload, seed, SLO and warm-up (common random numbers)', () => {
    for (const s of steps.slice(1, 6)) expect(traffic(s), s.name).toEqual(traffic(steps[0]));
    const w = steps[0].config.workload;
    expect(w.arrival?.kind).toBe('poisson');
    expect(w.sharedPrefix?.tokens).toBeGreaterThan(0);
  });

  it('steps 7–8 share the short-chat traffic, which differs from steps 1–6 and says so', () => {
    expect(traffic(steps[7])).toEqual(traffic(steps[6]));
    expect(steps[6].config.workload).not.toEqual(steps[0].config.workload);
    expect(steps[6].config.seed).toBe(steps[0].config.seed);
    for (const s of steps.slice(6)) expect(s.config.description, s.name).toMatch(/not yet modelled/);
  });

  it('each step changes only what the story says it changes', () => {
    expect(changedSections(1)).toEqual(['engine.batching', 'engine.kvLayout']);
    expect(changedSections(2)).toEqual(['engine.enablePrefixCaching']);
    expect(changedSections(3)).toEqual(['hardware.gpu', 'hardware.tp', 'precision.weights']);
    expect(changedSections(4)).toEqual(['hardware.gpu', 'hardware.tp', 'precision.weights']);
    expect(changedSections(5)).toEqual(['precision.attentionWeights']);
    expect(changedSections(6)).toEqual(['workload.arrival', 'workload.outputTokens', 'workload.promptTokens']);
    expect(changedSections(7)).toEqual(['speculative']);
  });

  it('the engine and hardware of each step are the ones the story names', () => {
    const summary = steps.map((s) => [
      s.gpu.id,
      s.config.hardware.tp * s.config.hardware.pp * s.config.hardware.numReplicas,
      s.config.precision.weights,
      s.config.precision.attentionWeights ?? '-',
      s.engine.batching.kind,
      s.engine.kvLayout,
      s.engine.enablePrefixCaching,
      s.config.speculative?.method ?? '-',
    ]);
    expect(summary).toEqual([
      ['a100-sxm-80gb', 4, 'fp16', '-', 'static', 'contiguous', false, '-'],
      ['a100-sxm-80gb', 4, 'fp16', '-', 'continuous', 'paged', false, '-'],
      ['a100-sxm-80gb', 4, 'fp16', '-', 'continuous', 'paged', true, '-'],
      ['h100-sxm', 2, 'fp8', '-', 'continuous', 'paged', true, '-'],
      ['b200', 1, 'nvfp4', '-', 'continuous', 'paged', true, '-'],
      ['b200', 1, 'nvfp4', 'fp8', 'continuous', 'paged', true, '-'],
      ['b200', 1, 'nvfp4', 'fp8', 'continuous', 'paged', true, '-'],
      ['b200', 1, 'nvfp4', 'fp8', 'continuous', 'paged', true, 'draft-model'],
    ]);
  });
});
