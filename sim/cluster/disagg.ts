// Disaggregated serving, the cluster hook (cluster.ts's ClusterHook): what happens to a request
// between the router and its decode replica.
//   route     the router sees only the prefill pools' replicas; the chosen one receives the
//             request's prefill leg (disagg-legs.ts: same id, one output token), the original is
//             kept here by id.
//   prefilled the leg's one token is sampled (prefillObserver calls onPrefilled at the end of
//             the prefill replica's step): a decode replica is chosen — fewest outstanding +
//             handoff-waiting + in-flight requests, ties to the lowest index — and the request is
//             offered to its KvHandoff with the prompt's KV bytes at that decode pool's KV dtype
//             (decodeKvBytesPerToken × prompt tokens), over its prefill replica's link (linkScope
//             per-prefill-replica) or the one shared link.
//   admitted  the decode replica reserved the prompt's blocks and the pull was queued on the link
//             (kv-handoff.ts, kv-link.ts): a LAND event is scheduled at the transfer's landing.
//   land      handOff (TTFT at landing, see disagg-legs.ts), then the decode replica's add(); the
//             cluster starts a step on it.
//   stepDone  after each decode replica's step completes and its next step has started, the
//             handoff is pumped: blocks the step freed admit waiters (running requests take
//             freed blocks first, as vLLM's scheduler serves running before waiting requests).
// Transfers landing at one instant land in one LAND event (one decode step starts with all).
// Invariants: every routed request is prefilled once and landed at most once; a request of one
// output token ends at its prefill replica (its only token is the first; no transfer, no decode
// replica); decode replicas are plain (pp = 1) paged replicas (disagg-checks.ts), whose KV cache
// the handoff reserves in directly.
// NOTE: the collector's routing and per-pool request records name the PREFILL replica (where the
// request was routed): summary.pools.<prefill>.requests and its latencies are the whole requests'.
// What each pool did in its role is counted here (stageSummaries, summary.pools.<name>.stage):
// a prefill pool its prefills and the part of TTFT spent before the hand-off (arrival → prefill
// done, over the requests whose first token reached the client), a decode pool the requests
// whose KV landed on it and their TPOT there ((finish − landing)/(output tokens − 1), the
// collector's TPOT with the first token at landing); and per role the routing balance
// (routingByRole: prefill replicas by requests routed, decode replicas by requests landed).
// ITL is filed by the replica that emitted the token: a decode step's gaps through stepDone, and
// a decode replica's resumed-token gaps (landing → its first token, a gap spanning a preemption)
// under the pool decodePoolOf names (the collector asks it: the record names the prefill pool).
// Observers: the prefill and decode observers wrap the run's observer chain with forwarding()
// (step-observer.ts), and the request events the hook emits itself (handOff's first token at
// landing, a one-token request's end) go to that chain too, so a RunOptions.observe wrapper and
// the trace see every call the collector hears.
// Memory: what is kept per request lives only while the request is in flight (originals, landing,
// lands, decoding); every figure of the summary is a streaming fold — counts, sums, and log
// histograms where a percentile is reported (the links' shared KvTransferFold, the handoffs'
// shared wait histogram, per pool its prefillSeconds or tpotSeconds) — so a run's memory does not
// grow with its request count. Their percentiles are R-7 within LogHistogram.relativeError
// (≈ 0.05 %), as the request latencies' (definitions.md); means are summed in event order.
// NOTE: decode replicas keep no prefix cache (run.ts): their KV arrives by transfer. Admission
// (cluster.ts) checks prompt + output against every pool, prefill pools included, although a
// prefill replica holds only the prompt + 1 token: conservative for prefill pools with less KV.

import { findKvLinkPreset, kvBytesPerToken, resolvePrecision } from '../hardware/index.ts';
import { kvTransferSummary, KvLink, type KvLinkSpec, type KvTransferSummary } from './kv-link.ts';
import { KvHandoff } from './kv-handoff.ts';
import { KvTransferFold } from './kv-transfer-fold.ts';
import { handOff, prefillLeg } from './disagg-legs.ts';
import { Replica, type ServingReplica } from './replica.ts';
import type { ReplicaObserver } from './replica-factory.ts';
import { forwarding } from './step-observer.ts';
import type { Request, RequestEvents } from '../scheduler/index.ts';
import type { ClusterHook } from './cluster.ts';
import type { DisaggregationConfig, Scenario } from '../scenario/index.ts';
import { LogHistogram, interpolatedStats, routingSummary, type LatencyStats, type PoolStageSummary, type RoutingSummary } from '../metrics/index.ts';
import { GB } from '../units.ts';

export type PoolRole = 'prefill' | 'decode';

/** The link of a scenario's disaggregation.link: the preset's figures, overridden field by field. */
export function kvLinkSpecOf(link: DisaggregationConfig['link']): KvLinkSpec {
  const preset = link.preset === undefined ? undefined : findKvLinkPreset(link.preset);
  if (link.preset !== undefined && preset === undefined) throw new Error(`bug: unknown link preset '${link.preset}' passed the checks`);
  const bandwidth = link.bandwidthGBps !== undefined ? link.bandwidthGBps * GB : preset?.bandwidthBytesPerSecond;
  const latency = link.latencySeconds ?? preset?.latencySeconds;
  if (bandwidth === undefined || latency === undefined) throw new Error('bug: an incomplete link passed the checks');
  return { bandwidthBytesPerSecond: bandwidth, latencySeconds: latency };
}

/** summary.transfers: the link's figures and the decode admission wait. */
export interface DisaggSummary extends KvTransferSummary {
  /** Prefill done → the decode replica reserved the prompt's blocks (and the pull was queued). */
  decodeAdmissionWaitSeconds: LatencyStats;
  linkScope: 'per-prefill-replica' | 'shared';
  bandwidthBytesPerSecond: number;
  latencySeconds: number;
}

/** One pool's stage figures (summary.pools.<name>.stage), folded: fixed size whatever the request count. */
interface StageFold {
  /** Prefill legs completed (prefill pools). */
  prefills: number;
  /** Requests whose KV landed on the pool's replicas (decode pools). */
  landed: number;
  /** Arrival → prefill done of the measured requests whose first token reached the client. */
  readonly prefillSeconds: LogHistogram;
  /** Σ of those prefill seconds and of their TTFTs, in event order (ttftFraction). */
  prefillSum: number;
  ttftSum: number;
  /** (finish − landing) / (output tokens − 1) of the measured requests decoded here with 2+ tokens. */
  readonly tpotSeconds: LogHistogram;
}

interface DecodeSlot {
  readonly replica: Replica;
  readonly handoff: KvHandoff;
  readonly bytesPerToken: number;
  inFlight: number;
}

export class Disaggregation implements ClusterHook {
  routeTargets: readonly ServingReplica[] = [];
  private decodes: DecodeSlot[] = [];
  /** Per replica index: its decode slot, or −1. */
  private slotOf = new Int32Array(0);
  /** Per replica index: the link its transfers cross (prefill replicas only). */
  private linkOf: (KvLink | undefined)[] = [];
  private links: KvLink[] = [];
  /** Every transfer of every link (summary.transfers), and every decode admission wait. */
  private readonly transferFold = new KvTransferFold();
  private readonly admissionWaits = new LogHistogram();
  /** Routed requests not yet landed, by id, with the prefill replica that took them and when their prefill ended (NaN before). */
  private readonly originals = new Map<number, { r: Request; prefill: number; prefilledAt: number }>();
  /** Per replica: its pool; per pool: prefills completed, requests landed, and the stage figures of measured requests. */
  private poolOfReplica = new Int32Array(0);
  private stages: StageFold[] = [];
  /** Per replica: decodes landed on it (decode replicas). */
  private landedPerReplica = new Float64Array(0);
  /** Decoding requests by id: when their KV landed and the decode pool (for their TPOT there). */
  private readonly decoding = new Map<number, { landedAt: number; pool: number }>();
  /** Per request in flight on a link: its decode slot. */
  private readonly landing = new Map<number, number>();
  /** LAND events: per event key the requests landing then, and the key of each pending landing instant. */
  private readonly lands = new Map<number, number[]>();
  private readonly landKeyAt = new Map<number, number>();
  private nextLandKey = 0;
  private schedule: (time: number, id: number) => void = () => {
    throw new Error('bug: Disaggregation used before the cluster bound it');
  };

  constructor(
    private readonly config: DisaggregationConfig,
    /** The run's observer chain (to the collector): what the client sees of a request (TTFT at landing, its end). */
    private readonly events: RequestEvents,
  ) {}

  /** The observer of the prefill replicas: a leg's first token is deferred to its landing and its end is its handoff; the rest forwards. */
  prefillObserver(inner: ReplicaObserver): ReplicaObserver {
    return forwarding(inner, {
      firstToken: () => {}, // deferred to the KV's landing (disagg-legs.ts)
      finished: (leg, now) => this.onPrefilled(leg, now),
    });
  }

  /**
   * The observer of the decode replicas: a decoded request's end also gives its decode pool's
   * TPOT; every call forwards to `inner` (a resumed token's gap included: the collector files it
   * under decodePoolOf's pool, the gaps of a step's decodes under the replica stepDone names).
   */
  decodeObserver(inner: ReplicaObserver): ReplicaObserver {
    return forwarding(inner, {
      finished: (r, now) => {
        this.decoded(r, now);
        inner.finished(r, now);
      },
    });
  }

  /** The decode pool a measured request is decoding on (landed, not finished); undefined otherwise. */
  decodePoolOf(id: number): number | undefined {
    return this.decoding.get(id)?.pool;
  }

  /** The replicas, each with its role and (decode) KV bytes per token of its pool's KV dtype; `numPools`: the scenario's pools (replica.pool indexes them). */
  attach(replicas: readonly ServingReplica[], roles: readonly PoolRole[], kvBytesPerToken: readonly number[], numPools = 1 + Math.max(0, ...replicas.map((r) => r.pool))): void {
    this.poolOfReplica = Int32Array.from(replicas, (r) => r.pool);
    this.stages = Array.from({ length: numPools }, () => ({ prefills: 0, landed: 0, prefillSeconds: new LogHistogram(), prefillSum: 0, ttftSum: 0, tpotSeconds: new LogHistogram() }));
    this.landedPerReplica = new Float64Array(replicas.length);
    const spec = kvLinkSpecOf(this.config.link);
    const shared = this.config.linkScope === 'shared' ? new KvLink(spec, this.transferFold) : undefined;
    this.slotOf = new Int32Array(replicas.length).fill(-1);
    this.linkOf = replicas.map(() => undefined);
    this.links = shared === undefined ? [] : [shared];
    const targets: ServingReplica[] = [];
    replicas.forEach((replica, i) => {
      if (roles[i] === 'prefill') {
        targets.push(replica);
        const link = shared ?? new KvLink(spec, this.transferFold);
        if (shared === undefined) this.links.push(link);
        this.linkOf[i] = link;
      } else {
        if (!(replica instanceof Replica)) throw new Error(`bug: decode replica ${i} is not a plain replica (disagg-checks.ts refuses pp > 1)`);
        const kv = replica.kv;
        this.slotOf[i] = this.decodes.length;
        this.decodes.push({ replica, handoff: new KvHandoff({ tryReserve: (id, tokens) => kv.allocateSlots(id, tokens) !== null }, this.admissionWaits), bytesPerToken: kvBytesPerToken[i], inFlight: 0 });
      }
    });
    this.routeTargets = targets;
  }

  bind(schedule: (time: number, id: number) => void): void {
    this.schedule = schedule;
  }

  routed(r: Request, replica: number): Request {
    this.originals.set(r.id, { r, prefill: replica, prefilledAt: NaN });
    return prefillLeg(r);
  }

  private onPrefilled(leg: Request, now: number): void {
    const o = this.originals.get(leg.id)!;
    const { r, prefill } = o;
    o.prefilledAt = now;
    this.stages[this.poolOfReplica[prefill]].prefills++;
    if (r.maxOutputTokens <= 1) {
      this.originals.delete(r.id);
      this.firstTokenOut(o, now);
      handOff(r, now, this.events);
      return;
    }
    // Autoscaled decode pools: only decode replicas that accept work (not starting, draining or
    // released) are chosen; one always does (minReplicas ≥ 1, and a scale-down drains an active
    // replica only when no starting one is left to cancel: autoscaler.ts). Else every one is.
    let best = 0;
    let bestLoad = Infinity;
    const anyAccepting = this.decodes.some((d) => d.replica.acceptsWork);
    for (let k = 0; k < this.decodes.length; k++) {
      const d = this.decodes[k];
      if (anyAccepting && !d.replica.acceptsWork) continue;
      const load = d.replica.numOutstanding + d.handoff.numWaiting + d.inFlight;
      if (load < bestLoad) {
        bestLoad = load;
        best = k;
      }
    }
    const d = this.decodes[best];
    const link = this.linkOf[prefill]!;
    this.admit(best, d.handoff.offer(now, r.id, r.numPromptTokens, r.numPromptTokens * d.bytesPerToken, link));
  }

  private admit(slot: number, admissions: readonly { id: number; landsAt: number }[]): void {
    for (const a of admissions) {
      this.decodes[slot].inFlight++;
      this.landing.set(a.id, slot);
      // Transfers landing at one instant land in one event, so a decode replica starts one step
      // with all of them (as arrivals in a burst do, cluster.ts).
      const key = this.landKeyAt.get(a.landsAt);
      if (key !== undefined) this.lands.get(key)!.push(a.id);
      else {
        const k = this.nextLandKey++;
        this.landKeyAt.set(a.landsAt, k);
        this.lands.set(k, [a.id]);
        this.schedule(a.landsAt, k);
      }
    }
  }

  land(key: number, now: number): readonly number[] {
    const ids = this.lands.get(key)!;
    this.lands.delete(key);
    this.landKeyAt.delete(now);
    const kick: number[] = [];
    for (const id of ids) {
      const slot = this.landing.get(id)!;
      this.landing.delete(id);
      const d = this.decodes[slot];
      d.inFlight--;
      const o = this.originals.get(id)!;
      const { r } = o;
      this.originals.delete(id);
      this.firstTokenOut(o, now);
      const pool = this.poolOfReplica[d.replica.index];
      this.stages[pool].landed++;
      this.landedPerReplica[d.replica.index]++;
      if (r.measured) this.decoding.set(id, { landedAt: now, pool });
      const decoded = handOff(r, now, this.events);
      if (decoded === null) continue;
      d.replica.add(decoded);
      if (!kick.includes(d.replica.index)) kick.push(d.replica.index);
    }
    return kick;
  }

  /** Hand-offs to replica i not yet in its engine: waiting for its KV room or in flight on a link (0 for a prefill replica). */
  pendingOn(i: number): number {
    const slot = this.slotOf[i];
    if (slot < 0) return 0;
    const d = this.decodes[slot];
    return d.handoff.numWaiting + d.inFlight;
  }

  /** A request's first token reached the client at `now`: its prefill pool's share of its TTFT (measured requests). */
  private firstTokenOut(o: { r: Request; prefill: number; prefilledAt: number }, now: number): void {
    if (!o.r.measured) return;
    const st = this.stages[this.poolOfReplica[o.prefill]];
    const prefillSeconds = o.prefilledAt - o.r.arrivedAt;
    st.prefillSeconds.add(prefillSeconds, 1);
    st.prefillSum += prefillSeconds;
    st.ttftSum += now - o.r.arrivedAt;
  }

  /** A request finished on its decode replica: its TPOT there (measured, two tokens or more). */
  private decoded(r: Request, now: number): void {
    const d = this.decoding.get(r.id);
    if (d === undefined) return;
    this.decoding.delete(r.id);
    if (r.numOutputTokens >= 2) this.stages[d.pool].tpotSeconds.add((now - d.landedAt) / (r.numOutputTokens - 1), 1);
  }

  /** summary.pools.<name>.stage, by pool index: what each pool did in its role. */
  stageSummaries(roles: readonly PoolRole[]): PoolStageSummary[] {
    return this.stages.map((st, k) =>
      roles[k] === 'prefill'
        ? { prefills: st.prefills, prefillSeconds: interpolatedStats(st.prefillSeconds), ttftFraction: st.ttftSum > 0 ? st.prefillSum / st.ttftSum : 0 }
        : { decodes: st.landed, tpotSeconds: interpolatedStats(st.tpotSeconds) },
    );
  }

  /**
   * summary.routing.byRole: the routing balance over the prefill replicas (requests routed to
   * each) and over the decode replicas (requests landed on each), with busy time and KV usage.
   */
  routingByRole(routedPerReplica: ArrayLike<number>, busySeconds: ArrayLike<number>, kvUsageSeconds: ArrayLike<number>): { prefill: RoutingSummary; decode: RoutingSummary } {
    const pick = (decode: boolean, x: ArrayLike<number>): number[] => Array.from(x).filter((_, i) => (this.slotOf[i] >= 0) === decode);
    return {
      prefill: routingSummary(pick(false, routedPerReplica), pick(false, busySeconds), pick(false, kvUsageSeconds)),
      decode: routingSummary(pick(true, this.landedPerReplica), pick(true, busySeconds), pick(true, kvUsageSeconds)),
    };
  }

  stepDone(replica: number, now: number): void {
    const slot = this.slotOf[replica];
    if (slot >= 0) this.admit(slot, this.decodes[slot].handoff.pump(now));
  }

  summary(windowSeconds: number): DisaggSummary {
    const spec = kvLinkSpecOf(this.config.link);
    return {
      ...kvTransferSummary(this.links, windowSeconds),
      decodeAdmissionWaitSeconds: interpolatedStats(this.admissionWaits),
      linkScope: this.config.linkScope,
      bandwidthBytesPerSecond: spec.bandwidthBytesPerSecond,
      latencySeconds: spec.latencySeconds,
    };
  }
}

/**
 * KV bytes per prompt token a decode pool's replicas receive: every layer, every KV head, at the
 * DECODE pool's KV dtype (the decode side allocates its blocks in its own format and the prefill
 * side writes in it, as vLLM's NixlConnector requires matching KV layouts on both ends):
 * hardware's kvBytesPerToken (2·L·H_kv·d·bytes, or MLA's latent L·(r + d_rope)·bytes). A request
 * hands off numPromptTokens × this; the first output token's KV is not sent (the decode replica
 * computes it with its first decode step).
 * NOTE: whole-model bytes over one link: with tensor parallelism each GPU sends its own heads'
 * share over its own NIC, in parallel; a scenario with tp > 1 should give the link the sum of the
 * per-GPU rates (tp × one NIC), which a preset does not do for it.
 */
export function decodeKvBytesPerToken(scenario: Scenario): number {
  return kvBytesPerToken(scenario.model, resolvePrecision(scenario.gpu, scenario.config.precision).kvBytes);
}
