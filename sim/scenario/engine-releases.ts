// Engine releases as inputs: `engine.preset` names an engine (`tensorrt-llm`) or one of its
// releases (`tensorrt-llm@0.20`), and each fitted release carries the parameters fitted on the
// measurement rows of that release (bench/calibrate.ts): the per-step overhead, the frontend
// latency, and factors on the calibrated compute and memory efficiencies (a newer release's
// kernels reach a different fraction of the same peak).
// The rule for a name (parseEnginePreset):
//   - a bare engine with fitted releases (`tensorrt-llm`) is its LATEST fitted release;
//   - a bare engine without any (`vllm`, `sglang`) is the engine's sourced preset, no release;
//   - `engine@R` with R a fitted release is that release (R compared as dotted numbers, so
//     `0.20.0` is `0.20`);
//   - `engine@R` with R newer than some fitted release but not itself fitted takes the NEAREST
//     EARLIER fitted release, and says so (`note`: the run's notes and summary.modelError's
//     reasons carry it);
//   - R older than every fitted release, R not a dotted number, or a release of an engine that
//     has none fitted, is a problem listing the known releases.
// Invariants: the resolved name (`EnginePresetRef`) names the release in force, never the one
// asked for; releases are listed oldest first.
// NOTE: the factors multiply the calibration's shared efficiencies (sim/hardware/calibration.ts);
// the latest release is the reference (factors 1) so the shared physics is that release's.

import type { Problem } from './errors.ts';
import { didYouMean } from './suggest.ts';

export const ENGINE_IDS = ['vllm', 'tensorrt-llm', 'sglang'] as const;
export type EnginePresetId = (typeof ENGINE_IDS)[number];
/** A resolved preset name: the engine, with `@release` when a fitted release is in force. */
export type EnginePresetRef = EnginePresetId | `${EnginePresetId}@${string}`;

export interface EngineRelease {
  /** Dotted release number as the engine numbers it (`0.20`). */
  release: string;
  /** The rows and script it was fitted with. */
  data: string;
  stepOverheadSeconds: number;
  frontendLatencySeconds: number;
  /** Multiplies the calibrated GEMM and attention compute efficiencies. */
  computeEfficiencyFactor: number;
  /** Multiplies the calibrated weight- and KV-streaming efficiencies. */
  memoryEfficiencyFactor: number;
}

/**
 * Fitted releases per engine, oldest first: `node bin/run-ts.mjs bench/calibrate.ts --write`
 * rewrites the block between the FITTED markers (data/validation/README.md, "Fitting"). Each
 * entry's `data` says what it was fitted to; the newest release of an engine is the reference
 * (factors 1), an older one's factors say how much of the same peak its kernels reached.
 * TensorRT-LLM v0.14 and v0.20: data/validation/calibration.csv (the v0.20 rows include no server
 * measurement, so its frontend latency is v0.14's).
 */
// BEGIN FITTED RELEASES (written by bench/calibrate.ts --write; do not edit by hand)
export const ENGINE_RELEASES: Record<EnginePresetId, readonly EngineRelease[]> = {
  vllm: [],
  'tensorrt-llm': [
    {
      release: '0.14',
      data: 'data/validation/calibration.csv rows of tensorrt-llm@0.14, bench/calibrate.ts, 2026-12-07',
      stepOverheadSeconds: 0.000704,
      frontendLatencySeconds: 0.00374,
      computeEfficiencyFactor: 1,
      memoryEfficiencyFactor: 1,
    },
    {
      release: '0.20',
      data: 'data/validation/calibration.csv rows of tensorrt-llm@0.20, bench/calibrate.ts, 2026-12-07 (no server rows: frontend latency of the nearest release with them) (reference release: factors 1)',
      stepOverheadSeconds: 0.000563,
      frontendLatencySeconds: 0.00374,
      computeEfficiencyFactor: 1,
      memoryEfficiencyFactor: 1,
    },
  ],
  sglang: [],
};
// END FITTED RELEASES

export interface EnginePresetChoice {
  id: EnginePresetId;
  /** The name of what is in force (`tensorrt-llm@0.20`, or the bare engine when it has no release). */
  ref: EnginePresetRef;
  /** The fitted release in force, if any. */
  release?: EngineRelease;
  /** Set when the release asked for is not the one in force (nearest earlier fitted release). */
  note?: string;
}

/** `0.20` → [0, 20]; undefined when not a dotted number (an optional leading `v` is allowed). */
export function releaseNumber(text: string): number[] | undefined {
  const t = text.trim().replace(/^v/i, '');
  if (!/^\d+(\.\d+)*$/.test(t)) return undefined;
  return t.split('.').map(Number);
}

/** Negative when a < b; missing parts count as 0 (0.20 = 0.20.0). */
export function compareReleases(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function knownText(id: EnginePresetId): string {
  const rs = ENGINE_RELEASES[id];
  return rs.length === 0 ? `${id} has no fitted release yet` : `fitted releases of ${id}: ${rs.map((r) => r.release).join(', ')}`;
}

/** The preset a name stands for, or the problem with it (path `engine.preset`, or `path` when given). */
export function parseEnginePreset(name: string, path = 'engine.preset'): EnginePresetChoice | Problem {
  const at = name.indexOf('@');
  const idText = (at < 0 ? name : name.slice(0, at)).trim().toLowerCase();
  if (!(ENGINE_IDS as readonly string[]).includes(idText)) {
    const hint = idText === '' ? undefined : didYouMean(idText, ENGINE_IDS);
    return { path, message: `unknown engine preset '${name}'`, suggestion: `${hint === undefined ? '' : `${hint} `}known engines: ${ENGINE_IDS.join(', ')}, optionally with @release (e.g. tensorrt-llm@0.20)` };
  }
  const id = idText as EnginePresetId;
  const releases = ENGINE_RELEASES[id];
  if (at < 0) {
    const latest = releases[releases.length - 1];
    return latest === undefined ? { id, ref: id } : { id, ref: `${id}@${latest.release}`, release: latest };
  }
  const asked = name.slice(at + 1).trim();
  const n = releaseNumber(asked);
  if (n === undefined) return { path, message: `'${asked}' in '${name}' is not a release number (digits and dots, e.g. 0.20)`, suggestion: knownText(id) };
  if (releases.length === 0) return { path, message: `${id} has no fitted release, so '${name}' cannot be simulated as that release`, suggestion: `write preset: ${id} (its sourced defaults, no release)` };
  let chosen: EngineRelease | undefined;
  for (const r of releases) if (compareReleases(releaseNumber(r.release)!, n) <= 0) chosen = r;
  if (chosen === undefined) {
    return { path, message: `${id} release ${asked} is older than every fitted release`, suggestion: `${knownText(id)}; use one of them (the model is not extrapolated backwards)` };
  }
  const exact = compareReleases(releaseNumber(chosen.release)!, n) === 0;
  return {
    id,
    ref: `${id}@${chosen.release}`,
    release: chosen,
    ...(exact ? {} : { note: `${id} release ${asked} has no calibration rows: simulated with the nearest earlier fitted release, ${chosen.release}` }),
  };
}

/** The engine id of a resolved preset name (`tensorrt-llm@0.20` → `tensorrt-llm`). */
export function engineIdOf(ref: EnginePresetRef): EnginePresetId {
  const at = ref.indexOf('@');
  return (at < 0 ? ref : ref.slice(0, at)) as EnginePresetId;
}
