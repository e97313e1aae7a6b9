// Multi-turn sessions (workload.sessions): a chat conversation is a chain of requests, one per
// turn. The arrival process (or a closed-loop client) starts a session with its first turn;
// turn k + 1 arrives `think` seconds after turn k finished, and its prompt is turn k's whole
// sequence — prompt and every output token — followed by new user tokens, so each turn repeats
// the one before it (what prefix caching can serve from the session's cached KV blocks).
// Randomness: when a session starts, its turn count and, for every later turn, the new user
// tokens, the output tokens and the think time are drawn in that order from the stream
// 'sessions' (first turns keep the source's 'lengths' and 'prefix' draws). Session starts come
// in arrival order, so a later turn's numbers depend only on its session and its place in it,
// never on when earlier turns finished: two policies see the same conversations (common random
// numbers), even though their turns arrive at different instants.
// A session ends after its drawn turns, or earlier: when a turn was rejected (it could never fit
// the KV cache), when a turn was lost to a replica failure (failures.onFailure 'lost'), when the next turn's prompt + output would exceed maxContextTokens, or when
// the next turn would come after the workload's stop condition (the caller decides that one).
// Invariants: a session has at most one turn in flight; `live` counts sessions whose turn in
// flight is not their last; turn ids are 1, 2, … without gaps; repeatedTokens + new user tokens
// = numPromptTokens. Memory: three numbers per later turn of each live session (turns <= MAX_TURNS).
// NOTE: the prefix group (if any) is the first turn's, kept by every later turn; the previous
// turn's output counts as the engine generated it (e.g. after a beam length factor).
// Request classes (workload.classes, class-mix.ts) keep one Sessions per class (or one shared by
// classes on the workload's settings): ids then come from a counter the instances share (ids stay
// 0, 1, … in the order sessions start, unique in the run), and a later turn keeps its first
// turn's classIndex.

import type { Seconds } from '../units.ts';
import type { RandomStream } from '../random/index.ts';
import { exponential, lognormal } from '../random/index.ts';
import type { LengthDistributionConfig, SessionsConfig, ThinkTimeConfig } from '../scenario/index.ts';
import { createLengthSampler, lognormalMu } from './lengths.ts';
import type { FinishedRequest, RequestSpec, SessionStats } from './types.ts';

/** A live session's drawn future: turns, and (user tokens, output tokens, think) per later turn. */
interface Plan {
  turns: number;
  /** Turn k >= 2 at index 3(k − 2): new user tokens, output tokens, think seconds. */
  later: Float64Array;
}

export class Sessions {
  readonly stats: SessionStats = { started: 0, turns: 0, endedByStop: 0, endedByContextCap: 0, endedByRejection: 0 };
  /** Sessions with a turn in flight and turns left, by id. */
  private readonly plans = new Map<number, Plan>();
  private readonly turnCounts;
  private readonly userTokens;
  private readonly outputTokens;
  private readonly think: () => Seconds;
  private readonly maxContextTokens: number;
  /** The id of the next session started anywhere in the run (shared by a workload's instances). */
  private readonly nextId: () => number;

  /** `nextId` numbers sessions across instances (class-mix.ts); default: this instance's start count. */
  constructor(config: SessionsConfig, promptTokens: LengthDistributionConfig, outputTokens: LengthDistributionConfig, rng: RandomStream, nextId?: () => number) {
    this.turnCounts = createLengthSampler(config.turns, rng);
    this.userTokens = createLengthSampler(config.userTokens ?? promptTokens, rng);
    this.outputTokens = createLengthSampler(outputTokens, rng);
    this.think = thinkSampler(config.thinkSeconds, rng);
    this.maxContextTokens = config.maxContextTokens ?? Number.POSITIVE_INFINITY;
    this.nextId = nextId ?? (() => this.stats.started);
  }

  /** Sessions whose turn in flight is not their last. */
  get live(): number {
    return this.plans.size;
  }

  /** Makes `first` (a freshly generated request) the first turn of a new session and draws the session's future. */
  begin(first: RequestSpec): RequestSpec {
    const id = this.nextId();
    this.stats.started++;
    this.stats.turns++;
    first.session = id;
    first.turn = 1;
    first.repeatedTokens = 0;
    const turns = this.turnCounts.sample();
    if (turns > 1) {
      const later = new Float64Array(3 * (turns - 1));
      for (let i = 0; i < later.length; i += 3) {
        later[i] = this.userTokens.sample();
        later[i + 1] = this.outputTokens.sample();
        later[i + 2] = this.think();
      }
      this.plans.set(id, { turns, later });
    }
    return first;
  }

  /**
   * The next turn of the session whose turn `done` left the system at `now`, arriving at
   * now + its think time — or null when the session is over: it had no turns left, the turn was
   * rejected, the next one would exceed maxContextTokens, or `mayArrive(arrivedAt)` (the
   * caller's stop condition) says no. The returned turn counts as generated.
   */
  next(now: Seconds, done: FinishedRequest, mayArrive: (arrivedAt: Seconds) => boolean): RequestSpec | null {
    const prev = done.spec;
    const id = prev.session!;
    const plan = this.plans.get(id);
    if (plan === undefined) return null; // that was its last turn
    if (done.rejected) return this.end(id, 'endedByRejection');
    // A turn lost to a replica failure: the client got an error, not an answer to continue from.
    if (done.lost === true) return this.end(id, 'endedByLoss');
    const turn = prev.turn! + 1;
    const at = 3 * (turn - 2);
    const repeatedTokens = prev.numPromptTokens + done.numOutputTokens;
    const numPromptTokens = repeatedTokens + plan.later[at];
    const numOutputTokens = plan.later[at + 1];
    if (numPromptTokens + numOutputTokens > this.maxContextTokens) return this.end(id, 'endedByContextCap');
    const arrivedAt = now + plan.later[at + 2];
    if (!mayArrive(arrivedAt)) return this.end(id, 'endedByStop');
    if (turn === plan.turns) this.plans.delete(id);
    this.stats.turns++;
    const spec: RequestSpec = { arrivedAt, numPromptTokens, numOutputTokens };
    if (prev.prefixGroup !== undefined) {
      spec.prefixGroup = prev.prefixGroup;
      spec.prefixTokens = prev.prefixTokens;
    }
    spec.session = id;
    spec.turn = turn;
    spec.repeatedTokens = repeatedTokens;
    if (prev.classIndex !== undefined) spec.classIndex = prev.classIndex;
    return spec;
  }

  private end(id: number, why: 'endedByStop' | 'endedByContextCap' | 'endedByRejection' | 'endedByLoss'): null {
    this.plans.delete(id);
    this.stats[why] = (this.stats[why] ?? 0) + 1;
    return null;
  }
}

function thinkSampler(config: ThinkTimeConfig, rng: RandomStream): () => Seconds {
  if (typeof config === 'number') return () => config;
  switch (config.kind) {
    case 'exponential': {
      const rate = 1 / config.meanSeconds;
      return () => exponential(rng, rate);
    }
    case 'lognormal': {
      const mu = lognormalMu(config.meanSeconds, config.sigma);
      const sigma = config.sigma;
      return () => lognormal(rng, mu, sigma);
    }
    default: {
      const unknown: never = config;
      throw new Error(`unknown think-time kind: ${JSON.stringify(unknown)}`);
    }
  }
}
