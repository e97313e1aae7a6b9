// The scenario's `failures:` block: replicas that fail and come back. A failed replica holds its
// GPUs and serves nothing until it is repaired; its KV cache (prefix cache included) is lost.
// Its requests — in flight and waiting — are either lost (onFailure 'lost': each leaves the run
// as a lost record) or routed again to a replica that accepts work and start over, prefill
// included (onFailure 'retry'); a retried request keeps its arrival time, so its latency counts
// from the original arrival (cluster/failure-injector.ts, cluster.ts).
// Failures come from `events` (a replica at a time) and/or at a rate: each replica fails after an
// exponential time with mean mtbfSeconds while it is up (held and not failed), drawn from the
// stream 'failures/<replica>', and is repaired repairSeconds later.
// Pools: an event names its pool (`pool: <name>`) and the replica's index within that pool;
// mtbfSeconds is fleet-wide — every replica of every pool fails at that rate while up (streams
// 'failures/<replica>' in the fleet's numbering, pool by pool in file order).

import { z } from 'zod';

const duration = () => z.number().positive().finite();

export const FailuresSchema = z
  .object({
    events: z
      .array(
        z
          .object({
            pool: z.string().min(1).optional().describe('With pools: the name of the pool whose replica fails (required then); replica is then its index within that pool.'),
            replica: z.number().int().min(0).max(1023).describe('Index of the replica that fails (0-based, in fleet order; with pools, within the named pool).'),
            atSeconds: z.number().min(0).finite().describe('When it fails.'),
            repairSeconds: duration().optional().describe('How long until it serves again (default: failures.repairSeconds).'),
          })
          .strict(),
      )
      .max(10_000)
      .optional()
      .describe('Failures at given times.'),
    mtbfSeconds: z.number().finite().min(1, 'expected at least 1 s between failures of a replica (real MTBFs are hours to days); faster failures would restart retried requests without end').optional().describe('Mean time between failures of one replica while it is up: each fails at exponential times (stream failures/<replica>); with pools, every replica of every pool.'),
    repairSeconds: duration().optional().describe('Time from a failure until the replica serves again (required with mtbfSeconds; the default of events without their own).'),
    onFailure: z.enum(['lost', 'retry']).default('retry').describe("What happens to the failed replica's requests: 'retry' (default): each is routed again and starts over, prefill included, its latency counting from its original arrival; 'lost': each leaves the run as lost (an SLO miss)."),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.events === undefined && f.mtbfSeconds === undefined) ctx.addIssue({ code: 'custom', path: [], message: 'failures needs events: [{replica, atSeconds, repairSeconds}] or mtbfSeconds with repairSeconds' });
    if (f.mtbfSeconds !== undefined && f.repairSeconds === undefined) ctx.addIssue({ code: 'custom', path: ['repairSeconds'], message: 'mtbfSeconds needs repairSeconds (how long a failed replica is down, e.g. 300)' });
    f.events?.forEach((e, i) => {
      if (e.repairSeconds === undefined && f.repairSeconds === undefined) ctx.addIssue({ code: 'custom', path: ['events', i, 'repairSeconds'], message: 'expected repairSeconds here or failures.repairSeconds' });
    });
  })
  .describe('Replica failures: at given times or at a rate (MTBF); a failed replica holds its GPUs and serves nothing until repaired; its requests are lost or retried elsewhere.');

export type FailuresConfig = z.output<typeof FailuresSchema>;
