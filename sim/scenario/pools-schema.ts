// The `pools` section: several pools of replicas in one cluster (e.g. 4× H100 FP8 + 2× B200
// NVFP4), each with its own hardware (gpu, tp, pp, numReplicas, usdPerGpuHour), precision,
// engine settings and cost model. The plain top-level `hardware:` form is the one-pool shorthand.
// Merge rule (resolve.ts, poolRaws): a pool's fields override the top level's —
//   hardware  field by field over the top-level hardware (which may be absent when every pool
//             names its gpu);
//   engine    field by field over the top-level engine (preset included);
//   precision and costModel  replaced whole when the pool gives them (their fields depend on
//             each other: a kvCache default follows the weights), else the top level's.
// Every other section (workload, router, slo, metrics, ...) is the scenario's, one per cluster.
// Each merged pool is resolved and fit-checked as a scenario of its own; its problems are named
// `pools.<i>.<path>`.
// The schema factory takes the part schemas from schema.ts, so schema.ts stays their one
// definition (and no import cycle forms). A pool's engine, precision and costModel are parsed
// here for the messages and the JSON Schema; the run uses the merged raw values.

import { z } from 'zod';

/** A pool name labels summary sections and console rows: a short safe slug. */
export const POOL_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;
export const POOL_NAME_RULE = "a pool name is 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'";
/** Most pools one scenario may declare. */
export const MAX_POOLS = 16;

interface PoolParts {
  autoscale: z.ZodType;
  precision: z.ZodType;
  engine: z.ZodType;
  costModel: z.ZodType;
}

export function poolsSchema(parts: PoolParts) {
  const positiveInt = () => z.number().int().positive();
  const PoolHardwareSchema = z.object({
    gpu: z.string().min(1).optional().describe("GPU id from `sakiyomi gpus` (default: the top-level hardware's)."),
    tp: positiveInt().optional().describe("Tensor-parallel degree (default: the top-level hardware's, else 1)."),
    pp: positiveInt().max(64).optional().describe("Pipeline-parallel degree (default: the top-level hardware's, else 1)."),
    numReplicas: positiveInt().max(1024).optional().describe("Replicas in this pool (default: the top-level hardware's, else 1)."),
    usdPerGpuHour: z.number().positive().optional().describe('Price override for this pool (default: the top-level override, else the GPU catalog).'),
    autoscale: parts.autoscale.optional().describe("This pool's autoscaling policy (as hardware.autoscale of a fleet without pools: numReplicas is then the pool's replicas active at t = 0; cold start from this pool's weight bytes per GPU)."),
  }).strict();
  const PoolSchema = z.object({
    name: z.string().regex(POOL_NAME, { message: POOL_NAME_RULE }).describe('Pool name (summary.pools key).'),
    hardware: PoolHardwareSchema.optional(),
    precision: parts.precision.optional().describe("This pool's number formats (replaces the top-level precision whole)."),
    engine: parts.engine.optional().describe("This pool's engine settings (field by field over the top-level engine)."),
    costModel: parts.costModel.optional().describe("This pool's cost model (replaces the top-level costModel whole)."),
    role: z.enum(['prefill', 'decode']).optional().describe(
      "Disaggregated serving (needs the top-level `disaggregation`): 'prefill' pools take the routed requests and compute their prompts and first tokens; 'decode' pools receive their KV over the link and generate the rest. Absent: colocated (both).",
    ),
  }).strict();
  return z
    .array(PoolSchema)
    .min(1)
    .max(MAX_POOLS)
    .superRefine((pools, ctx) => {
      const seen = new Map<string, number>();
      pools.forEach((p, i) => {
        const first = seen.get(p.name);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `pool name '${p.name}' is already used by pools.${first}: names must be distinct` });
        else seen.set(p.name, i);
      });
    })
    .describe(
      'Several pools of replicas behind the one router (heterogeneous fleet). Each pool overrides the top level: hardware and engine field by field, precision and costModel whole. ' +
        'With pools the top-level hardware holds defaults and may be omitted when every pool names its gpu. Replicas are numbered pool by pool in this order.',
    );
}
