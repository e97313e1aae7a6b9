// The `workload.classes` section: several request classes (endpoints: chat, summarisation, code
// completion, agent tool calls) in one scenario, each with its own traffic shape, scheduling
// priority and SLO. Two ways to give the traffic, never mixed in one file:
//   share    every class has a share: a relative weight of the top-level workload.arrival; each
//            request's class is drawn from the random stream 'classes' (Poisson splitting), so the
//            arrivals and the other streams are those of the same scenario without classes.
//   arrival  every class has its own open-loop arrival process (top-level arrival absent); the
//            classes' requests are merged by time, each class drawing from its own named streams.
// promptTokens, outputTokens, sharedPrefix and sessions default to the workload's; priority to 0
// (lower is scheduled first, vLLM's --scheduling-policy priority); slo to the scenario's.
// The schema is built by a factory from the workload's own part schemas, so that schema.ts
// stays the one definition of an arrival or a length distribution (and no import cycle forms).
// A class's `generation` (sampling n, beam width B, length penalty) replaces the top-level
// generation for its requests (cluster/generation.ts classGenerations); its per-step
// samplingOverheadSeconds is refused (classes-checks.ts: the step cost is one per replica), as are
// per-class generation with pools (the pool summaries convert tokens with one factor) and, like
// the top level, non-greedy generation with speculative decoding or static batching.
// NOTE: per-class `speculative` settings are refused with a message naming the field (see
// CLASS_FIELDS_REFUSED): the speculative proposer (draft model, γ) is part of the replica's
// scheduler and cost model, one per replica, so a request cannot bring its own. A class's sessions are supported (workload/class-mix.ts). A per-class α is given by naming speculative.acceptance's
// per-class classes after the workload classes (classes.ts, speculativeClassOf).

import { z } from 'zod';
import { SloSchema } from './slo-schema.ts';

/** A class name labels summary sections, CSV rows and file names: a short safe slug. */
export const CLASS_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;
export const CLASS_NAME_RULE = "a class name is 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'";
/** Most classes one scenario may declare. */
export const MAX_CLASSES = 64;

/** Fields a class may not carry, with why (checked by the schema so the message names the field). */
export const CLASS_FIELDS_REFUSED: Record<string, string> = {
  speculative:
    "per-class speculative settings are not supported: the proposer is one per replica; for per-class α give the top-level speculative.acceptance { kind: per-class } classes named after the workload classes",
};

interface ClassParts {
  arrival: z.ZodType;
  lengths: z.ZodType;
  sharedPrefix: z.ZodType;
  sessions: z.ZodType;
  generation: z.ZodType;
}

/** The schema of workload.classes, from the workload's part schemas (schema.ts). */
export function requestClassesSchema<P extends ClassParts>(parts: P) {
  const RequestClassSchema = z.object({
    name: z.string().regex(CLASS_NAME, { message: CLASS_NAME_RULE }).describe(`The class (endpoint) name, unique in the scenario: it labels the summary's per-class section; a speculative.acceptance per-class class of the same name gives this class's α. ${CLASS_NAME_RULE}.`),
    share: z.number().positive().max(1e9).optional().describe("Relative weight of this class in the top-level workload.arrival (shares need not sum to 1). Each request's class is drawn from the random stream 'classes'."),
    arrival: (parts.arrival as P['arrival']).optional().describe("This class's own open-loop arrival process (top-level workload.arrival then absent); its requests are merged by time with the other classes'. Draws from the streams 'arrivals/<name>', 'lengths/<name>', …"),
    promptTokens: (parts.lengths as P['lengths']).optional().describe("This class's prompt lengths (default: workload.promptTokens)."),
    outputTokens: (parts.lengths as P['lengths']).optional().describe("This class's output lengths (default: workload.outputTokens)."),
    sharedPrefix: (parts.sharedPrefix as P['sharedPrefix']).optional().describe("This class's shared prefixes (default: workload.sharedPrefix). Groups are numbered per class, so two classes never share a prefix."),
    sessions: (parts.sessions as P['sessions']).optional().describe("This class's multi-turn sessions (default: workload.sessions): its own turns, think time, userTokens and maxContextTokens, drawn from the stream 'sessions/<name>'; later turns keep the class, and their user tokens and outputs default to the class's own lengths."),
    priority: z.number().int().min(-1_000_000).max(1_000_000).default(0).describe("Scheduling priority under engine.schedulingPolicy 'priority': lower values are scheduled first, ties by arrival time (vLLM's --scheduling-policy priority). Default 0."),
    slo: SloSchema.optional().describe("This class's SLO, the same fields as the top-level slo (default: the scenario's slo)."),
    generation: (parts.generation as P['generation']).optional().describe("This class's generation strategy (default: the top-level generation, else greedy): sampling n or beam width B for this class's requests only; delivered output tokens count n per request for sampling, 1 for beam. samplingOverheadSeconds, a per-step cost, is top-level only."),
    speculative: z.unknown().optional(),
  }).strict().superRefine((c, ctx) => {
    for (const field of Object.keys(CLASS_FIELDS_REFUSED)) {
      if ((c as Record<string, unknown>)[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: CLASS_FIELDS_REFUSED[field] });
    }
    if (c.share !== undefined && c.arrival !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['arrival'], message: 'give a class either a share (of the top-level workload.arrival) or its own arrival, not both' });
    }
    const kind = (c.arrival as { kind?: string } | undefined)?.kind;
    if (kind === 'closed-loop' || kind === 'max') {
      ctx.addIssue({ code: 'custom', path: ['arrival', 'kind'], message: `a class's own arrival must be open-loop (poisson, gamma, constant, …), not '${kind}': classes are merged by arrival time` });
    }
  });

  return z.array(RequestClassSchema).min(1).max(MAX_CLASSES).superRefine((classes, ctx) => {
    const seen = new Map<string, number>();
    classes.forEach((c, i) => {
      const first = seen.get(c.name);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `class name '${c.name}' is already used by class ${first}; names must be unique` });
      else seen.set(c.name, i);
    });
  }).describe(
    'Request classes (endpoints), each with its own traffic, priority and SLO. Either every class has a share of the top-level arrival, or every class has its own arrival (and workload.arrival is absent).',
  );
}

interface WorkloadForClasses {
  arrival?: unknown;
  trace?: { use?: string; mapping?: { endpoint?: string } };
  classes?: readonly { share?: number; arrival?: unknown; promptTokens?: unknown; outputTokens?: unknown; sharedPrefix?: unknown; sessions?: unknown }[];
}

/**
 * The workload-level rules of classes (WorkloadSchema's superRefine calls it): either every
 * class has a share and workload.arrival is given, or every class has its own arrival and
 * workload.arrival is absent; with workload.trace the trace names each row's class (its
 * endpoint column), so classes carry no share, arrival or lengths. Without classes,
 * workload.arrival is required unless a trace supplies the arrivals.
 */
export function classesWorkloadIssues(w: WorkloadForClasses): { path: (string | number)[]; message: string }[] {
  const classes = w.classes;
  if (classes === undefined) {
    return w.arrival === undefined && w.trace === undefined ? [{ path: ['arrival'], message: 'required field missing (expected an arrival process, e.g. { kind: poisson, ratePerSecond: 10 })' }] : [];
  }
  if (w.trace !== undefined && w.trace.use === 'lengths') {
    return [{ path: ['classes'], message: "a trace used only for its lengths (trace.use: lengths) names no endpoints, so it cannot carry classes; replay it (use: replay) with an endpoint column, or drop workload.trace and give the classes their own lengths" }];
  }
  if (w.trace !== undefined) {
    const issues: { path: (string | number)[]; message: string }[] = [];
    if (w.trace.mapping?.endpoint === undefined) {
      issues.push({ path: ['trace', 'mapping', 'endpoint'], message: "classes with a replayed trace need the trace's endpoint column (trace.mapping.endpoint): each row's endpoint names its class; without it every row would fall in the first class" });
    }
    classes.forEach((c, i) => {
      for (const field of ['share', 'arrival', 'promptTokens', 'outputTokens', 'sharedPrefix', 'sessions'] as const) {
        if (c[field] !== undefined) issues.push({ path: ['classes', i, field], message: `with workload.trace a class takes its requests from the trace rows naming it (the endpoint column): remove ${field}` });
      }
    });
    return issues;
  }
  const withShare = classes.filter((c) => c.share !== undefined).length;
  const withArrival = classes.filter((c) => c.arrival !== undefined).length;
  if (withShare === classes.length) {
    return w.arrival === undefined ? [{ path: ['arrival'], message: 'every class has a share, so workload.arrival is required: the shares split it' }] : [];
  }
  if (withArrival === classes.length) {
    return w.arrival === undefined ? [] : [{ path: ['arrival'], message: 'every class has its own arrival, so workload.arrival must be absent (remove it, or give the classes shares of it instead)' }];
  }
  return [{
    path: ['classes'],
    message: `either every class has a share (of workload.arrival) or every class has its own arrival; got ${withShare} with a share, ${withArrival} with an arrival, ${classes.length - withShare - withArrival} with neither`,
  }];
}
