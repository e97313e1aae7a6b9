// A tiny plan file for the plan tests: 2 GPUs × 2 TPs of a 40-request 8B scenario plus one
// unknown GPU (skipped), 2 replications per point — a second or so in all.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PLAN_TEXT = `name: tiny-plan
seed: 5
model: llama-3.1-8b
hardware: { gpu: h100-sxm }
workload:
  arrival: { kind: poisson, ratePerSecond: 10 }
  promptTokens: { kind: fixed, tokens: 64 }
  outputTokens: { kind: fixed, tokens: 16 }
  stop: { numRequests: 40 }
slo: { ttft: { p95: 1.0 }, tpot: { p95: 0.05 } }
sweep:
  hardware.gpu: [h100-sxm, h200-sxm, nosuch-gpu]
  hardware.tp: [1, 2]
plan: { replications: 2 }
`;

/** A fresh folder holding plan.yaml (PLAN_TEXT, or `text`); returns { dir, file }. */
export function planFile(text = PLAN_TEXT): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sakiyomi-plan-'));
  const file = join(dir, 'plan.yaml');
  writeFileSync(file, text);
  return { dir, file };
}
