// The scenario's `router:` block: how arrivals are spread over replicas. One `kind` per router,
// one case in cluster/router.ts. schema.ts re-exports RouterSchema and takes it as `router:`.
// Load-aware kinds (least-outstanding, least-kv, power-of-two, prefix-aware) take an optional
// staleSeconds Δ: they see replica state as it was at the last multiple of Δ (a snapshot
// refreshed every Δ seconds, as a router scraping engine metrics sees it); 0 = live.
// prefix-aware's load cap follows SGLang's cache-aware router (balance_rel_threshold 1.5 with
// balance_abs_threshold, sgl-project/sglang docs/router/router.md and lightseekorg/smg
// docs/getting-started/load-balancing.md), compared per replica against the mean load.
// Every kind takes poolRules / poolWeights (router-pools-schema.ts): with `pools:`, which pools a
// class may go to and how traffic is split over pools before the kind picks a replica in one.
// NOTE: the router state (sessions, prefix groups recorded) is per run, never evicted.

import { z } from 'zod';
import { poolRoutingFields } from './router-pools-schema.ts';

const staleSeconds = () =>
  z
    .number()
    .min(0)
    .finite()
    .optional()
    .describe('The router sees replica state as observed at the last multiple of this many seconds (a snapshot refreshed every Δ s); 0 or absent = live.');

export const RouterSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('round-robin'), ...poolRoutingFields }).strict(),
    z.object({ kind: z.literal('random'), ...poolRoutingFields }).strict(),
    z.object({ kind: z.literal('least-outstanding'), staleSeconds: staleSeconds(), ...poolRoutingFields }).strict().describe('Fewest waiting + running requests; ties go to the lowest index.'),
    z
      .object({
        kind: z.literal('session-affinity'),
        fallback: z.enum(['round-robin', 'random', 'least-outstanding']).default('least-outstanding').describe('How a session\'s first turn, and any request without a session, is routed.'),
        ...poolRoutingFields,
      })
      .strict()
      .describe('Every later turn of a multi-turn session (workload.sessions) goes to the replica that served its first turn, where its cached KV blocks are (session-based routing, as vLLM production-stack\'s session router).'),
    z.object({ kind: z.literal('least-kv'), staleSeconds: staleSeconds(), ...poolRoutingFields }).strict().describe('Lowest KV-cache usage (used blocks / blocks); ties: fewer outstanding requests, then the lowest index.'),
    z
      .object({ kind: z.literal('power-of-two'), staleSeconds: staleSeconds(), ...poolRoutingFields })
      .strict()
      .describe('Power of two choices: two distinct replicas drawn uniformly from the `router` stream, the one with fewer outstanding requests (ties: the first drawn).'),
    z
      .object({
        kind: z.literal('prefix-aware'),
        loadCap: z
          .union([z.number().min(1).finite(), z.literal('off')])
          .default(1.5)
          .describe('A replica whose outstanding requests exceed both loadCap × the mean over replicas and the mean + loadSlack is skipped (SGLang\'s balance_rel_threshold, default 1.5); "off": never skipped.'),
        loadSlack: z.number().min(0).finite().default(4).describe('Absolute slack of the load cap, in requests (SGLang\'s balance_abs_threshold): light loads never trigger it.'),
        staleSeconds: staleSeconds(),
        ...poolRoutingFields,
      })
      .strict()
      .describe('Cache-aware routing: to the replica holding the longest cached prefix of the request, by what the router itself recorded (which replica it sent each prefix group and each session\'s last turn to, as llm-d\'s and SGLang\'s routers do); replicas over the load cap are skipped; no match → fewest outstanding requests.'),
  ])
  .describe('How arrivals are spread over replicas.');
