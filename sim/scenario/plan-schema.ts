// The two sections a plan file adds to a scenario file (the plan format is in README "Plans"):
//   sweep  axes over scenario fields by dotted path — a non-empty list of values, or a range
//          { from, to, steps, scale? } — plus `zip`, groups of axes that vary together;
//   plan   what `sakiyomi plan` searches for (max rate under the SLO, fewest replicas for a
//          target rate) and how (tolerance, replications, replica cap).
// Also what a sweep may name: every dotted path of the scenario format (scenarioFieldPaths, read
// from its JSON Schema, through union members), and the precision fallbacks a plan refuses
// (precisionFallbacks: a format the GPU has no tensor cores for, e.g. FP4 on Hopper).
// Invariants: the zod output keeps no key order of its own; callers take the axis order from the
// raw section (sweep.ts). Paths step into one list only, pools (`pools.0.hardware.numReplicas`,
// every index below MAX_POOLS); never into others (an axis cannot name `classes.0.rate`).
// NOTE: ranges are capped at MAX_RANGE_STEPS and a sweep at MAX_CONFIGURATIONS before anything
// is expanded, so a hostile file cannot ask for 10^12 configurations.

import { z } from 'zod';
import { resolvePrecision, type GpuSpec } from '../hardware/index.ts';
import { scenarioJsonSchema } from './json-schema.ts';
import type { PrecisionConfig } from './schema.ts';
import { MAX_POOLS } from './pools-schema.ts';

/** The most values one range may expand to. */
export const MAX_RANGE_STEPS = 10_000;
/** The most configurations one plan may have (checked on the product of the axis lengths). */
export const MAX_CONFIGURATIONS = 100_000;

export const RangeSchema = z.object({
  from: z.number().describe('First value (inclusive).'),
  to: z.number().describe('Last value (inclusive).'),
  steps: z.number().int().min(2).max(MAX_RANGE_STEPS).describe(`Number of values, from and to included (2 to ${MAX_RANGE_STEPS}).`),
  scale: z.enum(['linear', 'log']).default('linear').describe("'linear': equal differences; 'log': equal ratios (from and to > 0)."),
}).strict().refine((r) => r.scale !== 'log' || (r.from > 0 && r.to > 0), {
  message: "a log range needs from > 0 and to > 0",
  path: ['from'],
}).refine((r) => r.from !== r.to, { message: 'from and to are equal: every step would be the same value; list it instead', path: ['to'] });

export const AxisSchema = z.union([
  z.array(z.unknown()).min(1).describe('The values, in order.'),
  RangeSchema,
]);

export const ZipSchema = z.array(z.array(z.string().min(1)).min(2)).describe('Groups of axis paths whose values go together (equal lengths).');

/** The sweep section: `zip` and axes keyed by dotted path (the order of the file is the axis order). */
export const SweepSchema = z.object({ zip: ZipSchema.optional() }).catchall(AxisSchema);

export const PlanSectionSchema = z.object({
  maxRate: z.boolean().default(true).describe('Search the largest arrival rate at which every SLO target is met.'),
  target: z.object({
    ratePerSecond: z.number().positive().describe('The expected load (requests/s).'),
  }).strict().optional().describe('Also find the fewest replicas meeting the SLO at this rate.'),
  tolerance: z.number().gt(0).lt(1).default(0.02).describe('Relative bracket width at which the rate search stops.'),
  replications: z.number().int().min(1).max(1000).default(5).describe('Replications per simulated point; SLO verdicts are judged on their intervals.'),
  maxReplicas: z.number().int().min(1).max(1024).default(64).describe('Cap for the fewest-replicas search.'),
  screen: z.union([
    z.literal(false).describe('Give every configuration the full search.'),
    z.object({
      replications: z.number().int().min(1).max(1000).default(1).describe('Replications per probe of the screening pass.'),
      tolerance: z.number().gt(0).lt(1).default(0.1).describe('Bracket width of the screening pass\'s rate search.'),
      margin: z.number().min(0).max(10).default(0.25).describe('A configuration gets the full search when, scaled down by 1 + margin, no other screened configuration dominates it (on either frontier), or its cost is within 1 + margin of the cheapest.'),
      minConfigurations: z.number().int().min(1).default(8).describe('Screen only plans with at least this many configurations to search; smaller plans give every one the full search.'),
    }).strict(),
  ]).default({ replications: 1, tolerance: 0.1, margin: 0.25, minConfigurations: 8 }).describe('A cheap first pass over every configuration (few replications, a coarse bracket); only the configurations near the frontier get the full search.'),
}).strict();

export type RangeSection = z.output<typeof RangeSchema>;
export type AxisSection = z.output<typeof AxisSchema>;
export type SweepSection = z.output<typeof SweepSchema>;
export type PlanSection = z.output<typeof PlanSectionSchema>;

let pathsCache: string[] | undefined;

/** Every dotted path of the scenario format (objects only, union members merged), sorted. */
export function scenarioFieldPaths(): string[] {
  if (pathsCache) return pathsCache;
  const out = new Set<string>();
  const walk = (node: unknown, prefix: string, depth: number): void => {
    if (node === null || typeof node !== 'object' || depth > 8) return;
    const obj = node as Record<string, unknown>;
    for (const key of ['anyOf', 'oneOf', 'allOf']) {
      if (Array.isArray(obj[key])) for (const member of obj[key] as unknown[]) walk(member, prefix, depth);
    }
    if (obj.properties && typeof obj.properties === 'object') {
      for (const [k, child] of Object.entries(obj.properties as Record<string, unknown>)) {
        const path = prefix === '' ? k : `${prefix}.${k}`;
        out.add(path);
        walk(child, path, depth + 1);
        // The one list a path steps into: pools.<i>.… (a pool's fields, by its index).
        if (path === 'pools') for (let i = 0; i < MAX_POOLS; i++) walk(poolItems(child), `pools.${i}`, depth + 1);
      }
    }
  };
  walk(scenarioJsonSchema(), '', 0);
  out.delete('$schema');
  pathsCache = [...out].sort();
  return pathsCache;
}

/** The item schema of the pools list in the JSON Schema (through its optional wrapper). */
function poolItems(node: unknown): unknown {
  const obj = node as Record<string, unknown>;
  if (obj.items !== undefined) return obj.items;
  for (const key of ['anyOf', 'oneOf']) {
    const member = (obj[key] as Record<string, unknown>[] | undefined)?.find((m) => m.items !== undefined);
    if (member !== undefined) return member.items;
  }
  return undefined;
}

/**
 * Why a configuration's precision is not what its GPU runs (one line per format the GPU has no
 * tensor cores for: FP4 on Hopper, FP8 on Ampere, INT8 on B300), from the hardware room's notes;
 * empty when every format is native.
 */
export function precisionFallbacks(gpu: GpuSpec, precision: PrecisionConfig): string[] {
  return resolvePrecision(gpu, precision).notes.filter((n) => n.startsWith(`${gpu.id} has no `));
}
