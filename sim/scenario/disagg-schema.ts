// The `disaggregation` section: disaggregated prefill/decode serving (DistServe, Splitwise,
// Dynamo). With it, every pool has a `role` (pools-schema.ts): requests are routed among the
// prefill pools' replicas, prefilled there (one output token), and their KV cache moves over a
// link to a decode pool's replica, which generates the rest (sim/cluster/disagg.ts).
// The link: a preset (sim/hardware/kv-link-presets.ts, with sources) and/or an explicit
// bandwidth and latency, which override the preset's. linkScope: one link per prefill replica
// (each prefill GPU's own NIC, the usual RDMA setup) or one link shared by every transfer.
// Invariants: the schema checks shapes only; the cross-field rules (roles ⇔ disaggregation, at
// least one prefill and one decode pool, decode pools paged + continuous at pp = 1, the link
// fully specified, preset names with did-you-mean) are disagg-checks.ts's.

import { z } from 'zod';

export const DisaggLinkSchema = z.object({
  preset: z.string().min(1).optional().describe("Link preset (sakiyomi's table, with sources): nvlink4, nvlink5, ib-ndr-400, ib-hdr-200, roce-400. Nominal one-way rates; give bandwidthGBps for an effective rate."),
  bandwidthGBps: z.number().positive().optional().describe('One-way bandwidth of the link in GB/s (decimal, 1e9 bytes/s); overrides the preset. Give 1e12 or more for a near-infinite link.'),
  latencySeconds: z.number().min(0).max(10).optional().describe('Fixed time of one KV transfer (setup, first byte), seconds; overrides the preset.'),
}).strict();

export const DisaggregationSchema = z.object({
  link: DisaggLinkSchema.describe('The link the KV cache crosses from a prefill replica to a decode replica: a preset, or bandwidthGBps and latencySeconds, or a preset with overrides.'),
  linkScope: z.enum(['per-prefill-replica', 'shared']).default('per-prefill-replica').describe(
    "'per-prefill-replica' (default): each prefill replica has its own link (its NIC), so only its own transfers queue; 'shared': one link carries every transfer, first come first served.",
  ),
}).strict().describe(
  'Disaggregated prefill/decode: pools with role prefill take the requests and compute prompts (first token), pools with role decode receive the KV over the link and generate the rest. The prefill→decode ratio is the pools\' numReplicas.',
);

