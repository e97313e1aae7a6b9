// Cross-field checks of disaggregated serving (disagg-schema.ts), on a scenario whose pools have
// each been resolved (pools.ts). Every problem names its field path:
//   pools.<i>.role        a role without `disaggregation`, or a pool without a role with it;
//   pools                 no prefill pool, or no decode pool;
//   pools.<i>.engine.kvLayout / .engine.batching / .hardware.pp
//                         a decode pool must be paged, continuous batching, pp = 1 (the handoff
//                         reserves the prompt's blocks in its paged cache and the scheduler
//                         admits the request as a decode, sim/cluster/kv-handoff.ts);
//   disaggregation.link.preset   an unknown preset, with did-you-mean;
//   disaggregation.link   neither a preset nor both bandwidthGBps and latencySeconds.
// And, for the schema's type errors on the link's numbers (bandwidthGBps: .inf, a string; YAML's
// .inf reaches zod as Infinity, which z.number() refuses as a type), disaggLinkTypeHint: what the
// field takes and the way out (a number, or a preset), used by resolve.ts's issue messages.
// A `disaggregation` section without `pools` is refused in resolve.ts (it has no roles to read).

import { KV_LINK_PRESET_IDS, findKvLinkPreset } from '../hardware/index.ts';
import type { Problem } from './errors.ts';
import type { PoolScenario } from './resolve.ts';
import type { ScenarioConfig } from './schema.ts';
import { didYouMean } from './suggest.ts';

const LINK_NUMBERS: Record<string, { expected: string; example: string }> = {
  bandwidthGBps: { expected: 'a finite positive number of GB/s', example: 'bandwidthGBps: 50 (1e12 for a near-infinite link)' },
  latencySeconds: { expected: 'a finite number of seconds from 0 to 10', example: 'latencySeconds: 0.00001' },
};

/** For a type error at disaggregation.link.bandwidthGBps or .latencySeconds: what it expects and the suggestion (a number, or a preset). */
export function disaggLinkTypeHint(path: readonly PropertyKey[]): { expected: string; suggestion: string } | undefined {
  if (path.length !== 3 || path[0] !== 'disaggregation' || path[1] !== 'link') return undefined;
  const field = LINK_NUMBERS[String(path[2])];
  if (field === undefined) return undefined;
  return { expected: field.expected, suggestion: `give a number, e.g. ${field.example}; or a preset: link: {preset: ib-ndr-400} (presets: ${KV_LINK_PRESET_IDS.join(', ')})` };
}

export function checkDisaggregation(config: ScenarioConfig, pools: readonly PoolScenario[]): Problem[] {
  const problems: Problem[] = [];
  const poolConfigs = config.pools ?? [];
  const disagg = config.disaggregation;
  if (disagg === undefined) {
    poolConfigs.forEach((p, i) => {
      if (p.role !== undefined) {
        problems.push({
          path: `pools.${i}.role`,
          message: `role '${p.role}' needs the top-level 'disaggregation' section (the link the KV cache crosses)`,
          suggestion: "add disaggregation: {link: {preset: ib-ndr-400}}, or remove the role to serve colocated",
        });
      }
    });
    return problems;
  }
  poolConfigs.forEach((p, i) => {
    if (p.role === undefined) problems.push({ path: `pools.${i}.role`, message: `with 'disaggregation' every pool needs a role, prefill or decode; pool '${p.name}' has none` });
  });
  const roles = poolConfigs.map((p) => p.role);
  for (const field of ['poolRules', 'poolWeights'] as const) {
    if (config.router[field] !== undefined) {
      problems.push({
        path: `router.${field}`,
        message: `router.${field} is not supported with disaggregation yet: requests are routed among the prefill pools' replicas only`,
        suggestion: `remove router.${field}; the router's kind spreads requests over the prefill replicas, and decode replicas are chosen by load at hand-off`,
      });
    }
  }
  if (!roles.includes('prefill')) problems.push({ path: 'pools', message: 'disaggregation needs at least one pool with role prefill', suggestion: 'set role: prefill on the pool that should take the requests' });
  if (!roles.includes('decode')) problems.push({ path: 'pools', message: 'disaggregation needs at least one pool with role decode', suggestion: 'set role: decode on the pool that should generate the outputs' });
  poolConfigs.forEach((p, i) => {
    if (p.role !== 'decode') return;
    const s = pools[i]?.scenario;
    if (s === undefined) return;
    if (s.engine.kvLayout !== 'paged') problems.push({ path: `pools.${i}.engine.kvLayout`, message: `a decode pool needs the paged KV layout (it reserves a handed-off prompt's blocks before the transfer), got '${s.engine.kvLayout}'`, suggestion: 'remove kvLayout or set it to paged' });
    if (s.engine.batching.kind !== 'continuous') problems.push({ path: `pools.${i}.engine.batching`, message: `a decode pool needs continuous batching (it admits handed-off requests as decodes), got '${s.engine.batching.kind}'`, suggestion: 'remove batching or set kind: continuous' });
    if (s.config.hardware.pp !== 1) problems.push({ path: `pools.${i}.hardware.pp`, message: `a decode pool must have pp = 1 (handoff into pipeline-parallel replicas is not modelled), got ${s.config.hardware.pp}`, suggestion: 'use tp instead of pp on the decode pool' });
  });
  const { preset, bandwidthGBps, latencySeconds } = disagg.link;
  if (preset !== undefined && findKvLinkPreset(preset) === undefined) {
    const hint = didYouMean(preset, KV_LINK_PRESET_IDS);
    problems.push({ path: 'disaggregation.link.preset', message: `unknown link preset '${preset}'`, suggestion: `${hint === undefined ? '' : `${hint} `}known: ${KV_LINK_PRESET_IDS.join(', ')}` });
  }
  if (preset === undefined && (bandwidthGBps === undefined || latencySeconds === undefined)) {
    problems.push({ path: 'disaggregation.link', message: 'the link needs a preset, or both bandwidthGBps and latencySeconds', suggestion: `e.g. link: {preset: ib-ndr-400} (presets: ${KV_LINK_PRESET_IDS.join(', ')})` });
  }
  return problems;
}
