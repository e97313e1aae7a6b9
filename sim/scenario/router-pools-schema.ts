// router.poolRules and router.poolWeights: two-level routing over a scenario's `pools:`. First the
// pools a request may go to (the rule naming its workload class; a class no rule names: every
// pool), then, with weights, one of those pools drawn by weight; the router kind then picks a
// replica inside the chosen pool (without weights: among all replicas of the allowed pools).
// Spread into every router kind's object by router-schema.ts; names are checked against pools
// and classes in router-pools-checks.ts.
// Invariants: without both fields routing is the kind's alone (byte-identical to before).

import { z } from 'zod';

export const PoolRuleSchema = z
  .object({
    class: z.string().min(1).describe("A workload class name (workload.classes[].name; 'default' when the scenario declares no classes)."),
    pool: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .describe('The pool (pools[].name), or the pools, that requests of this class may be routed to.'),
  })
  .strict();

export const poolRoutingFields = {
  poolRules: z
    .array(PoolRuleSchema)
    .min(1)
    .optional()
    .describe('Class-to-pool rules (needs pools:): requests of a class go only to the pools its rule names; a class without a rule may go to any pool.'),
  poolWeights: z
    .record(z.string(), z.number().min(0).finite())
    .optional()
    .describe('Traffic split over pools (needs pools:): each request draws one of its allowed pools with probability proportional to its weight (from the `router` random stream), then the router kind picks a replica in that pool. A pool not listed has weight 0.'),
};

export type PoolRule = z.infer<typeof PoolRuleSchema>;
