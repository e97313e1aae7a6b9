// The scenario's `hardware.autoscale:` block: how many of the fleet's replicas are held over time.
// The fleet is built to maxReplicas; hardware.numReplicas replicas are active (warm) at t = 0,
// the rest released. A policy decides a desired count at every decision instant
// (cluster/autoscaler.ts); a new replica holds its GPUs through a cold start before it serves, a
// replica scaled down drains (serves what it has, receives nothing) before it is released.
//   target-concurrency — desired = ⌈Σ outstanding (waiting + running) requests / target⌉
//   target-queue       — desired = ⌈Σ waiting requests / target⌉
//                        (both: the Kubernetes HPA rule desired = ⌈current × metric / target⌉ with
//                        the metric a per-replica average, so current cancels);
//   schedule           — desired = the replicas of the last entry at or before t.
// Scale-down is stabilised as the HPA's: the count scaled down to is the largest desired count
// of the last scaleDownDelaySeconds (HPA's --horizontal-pod-autoscaler-downscale-stabilization,
// default 300 s; ours defaults to 0, i.e. none, so that a hand timeline stays simple).
// Cold start default: the weight bytes one GPU loads ÷ storageGBps (GB = 10⁹ B), with
// DEFAULT_STORAGE_GBPS stated below.
// NOTE: the cold start is the weight load alone; engine start-up (CUDA graph capture,
// torch.compile, container pull) adds tens of seconds in practice: state coldStartSeconds when
// you have measured it.

import { z } from 'zod';

/**
 * Storage read bandwidth a cold replica loads its weights at by default, GB/s: about one AWS EBS
 * gp3 volume at its highest provisioned throughput (1,000 MiB/s = 1.05 GB/s; AWS EBS User Guide,
 * "Amazon EBS volume types", gp3), a common place for weights of a cloud autoscaled fleet. A
 * local NVMe SSD reads several times faster (PCIe Gen4 datacenter drives ≈ 7 GB/s sequential).
 */
export const DEFAULT_STORAGE_GBPS = 1;

const seconds = () => z.number().min(0).finite();

export const AutoscaleSchema = z
  .object({
    policy: z
      .enum(['target-concurrency', 'target-queue', 'schedule'])
      .describe("'target-concurrency': ⌈Σ outstanding (waiting + running) requests ÷ target⌉ replicas; 'target-queue': ⌈Σ waiting requests ÷ target⌉; 'schedule': the replicas of `schedule` in force."),
    target: z.number().positive().finite().optional().describe('Outstanding (target-concurrency) or waiting (target-queue) requests per replica the policy aims at; required by those policies.'),
    minReplicas: z.number().int().min(1).max(1024).describe('Fewest replicas held (active or starting) at any time.'),
    maxReplicas: z.number().int().min(1).max(1024).describe('Most replicas held; the fleet is built to this size.'),
    intervalSeconds: z.number().finite().min(1, 'expected at least 1 s: autoscalers decide every 15–30 s (HPA sync period 15 s, KEDA pollingInterval 30 s), and a finer interval only multiplies decisions').default(30).describe('A decision every this many seconds, from t = 0 (KEDA pollingInterval default 30 s); the schedule policy decides at its entries instead.'),
    coldStartSeconds: seconds().optional().describe('Time from a scale-up decision until the new replica serves, holding its GPUs meanwhile (default: weight bytes per GPU ÷ storageGBps).'),
    storageGBps: z.number().positive().finite().optional().describe(`Storage read bandwidth for the default cold start, GB/s (default ${DEFAULT_STORAGE_GBPS}: about an AWS EBS gp3 volume at its maximum throughput).`),
    scaleDownDelaySeconds: seconds().default(0).describe('Scale-down stabilisation: scale down only to the largest count desired over this many past seconds (Kubernetes HPA downscale stabilisation, 300 s there; default 0).'),
    schedule: z
      .array(z.object({ atSeconds: seconds().describe('When this count takes effect.'), replicas: z.number().int().min(1).max(1024).describe('Replicas held from then on.') }).strict())
      .min(1)
      .max(10_000)
      .optional()
      .describe("policy 'schedule': entries in increasing atSeconds; before the first, hardware.numReplicas."),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.minReplicas > a.maxReplicas) ctx.addIssue({ code: 'custom', path: ['minReplicas'], message: `minReplicas (${a.minReplicas}) is more than maxReplicas (${a.maxReplicas}); lower minReplicas or raise maxReplicas` });
    if (a.policy === 'schedule') {
      if (a.schedule === undefined) ctx.addIssue({ code: 'custom', path: ['schedule'], message: "policy 'schedule' needs schedule: [{atSeconds, replicas}, …]" });
      if (a.target !== undefined) ctx.addIssue({ code: 'custom', path: ['target'], message: "target applies to policies 'target-concurrency' and 'target-queue', not 'schedule'; remove it" });
      a.schedule?.forEach((e, i) => {
        if (i > 0 && e.atSeconds <= a.schedule![i - 1].atSeconds) ctx.addIssue({ code: 'custom', path: ['schedule', i, 'atSeconds'], message: `expected atSeconds above the entry before (${a.schedule![i - 1].atSeconds}); sort the entries by time` });
        if (e.replicas < a.minReplicas || e.replicas > a.maxReplicas) ctx.addIssue({ code: 'custom', path: ['schedule', i, 'replicas'], message: `expected replicas from minReplicas (${a.minReplicas}) to maxReplicas (${a.maxReplicas}), got ${e.replicas}` });
      });
    } else {
      if (a.target === undefined) ctx.addIssue({ code: 'custom', path: ['target'], message: `policy '${a.policy}' needs target (requests per replica, e.g. 32)` });
      if (a.schedule !== undefined) ctx.addIssue({ code: 'custom', path: ['schedule'], message: `schedule applies to policy 'schedule' only, not '${a.policy}'; remove it` });
    }
    if (a.coldStartSeconds !== undefined && a.storageGBps !== undefined) ctx.addIssue({ code: 'custom', path: ['storageGBps'], message: 'storageGBps only sets the default cold start; with coldStartSeconds stated it has no effect: remove one' });
  })
  .describe('Autoscaling: replicas are added (after a cold start) and drained away by a policy between minReplicas and maxReplicas; cost counts GPU-seconds actually held.');

export type AutoscaleConfig = z.output<typeof AutoscaleSchema>;
