// Disaggregated serving, the cluster hook (cluster.ts's ClusterHook): what happens to a request
// between the router and its decode replica.
//   route     the router sees only the prefill pools' replicas; the chosen one receives the
//             request's prefill leg (disagg-legs.ts: same id, one output token), the original is
//             kept here by id.
//   prefilled the leg's one token is sampled (PrefillLegEvents calls onPrefilled at the end of
//             the prefill replica's step): a decode replica is chosen — fewest outstanding +
//             handoff-waiting + in-flight requests, ties to the lowest index — and the request is
//             offered to its KvHandoff with the prompt's KV bytes at that decode pool's KV dtype
//             (kv-handoff-bytes.ts), over its prefill replica's link (linkScope
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
// request was routed); decode pools show their work in their utilization and KV usage.
// NOTE: decode replicas keep no prefix cache (run.ts): their KV arrives by transfer. Admission
// (cluster.ts) checks prompt + output against every pool, prefill pools included, although a
// prefill replica holds only the prompt + 1 token: conservative for prefill pools with less KV.

import { findKvLinkPreset, resolvePrecision } from '../hardware/index.ts';
import { kvHandoffBytes } from './kv-handoff-bytes.ts';
import { kvTransferSummary, KvLink, type KvLinkSpec, type KvTransferSummary } from './kv-link.ts';
import { KvHandoff } from './kv-handoff.ts';
import { PrefillLegEvents, handOff, prefillLeg } from './disagg-legs.ts';
import { Replica, type ServingReplica } from './replica.ts';
import type { ReplicaObserver } from './replica-factory.ts';
import type { Request, RequestEvents } from '../scheduler/index.ts';
import type { ClusterHook } from './cluster.ts';
import type { DisaggregationConfig, Scenario } from '../scenario/index.ts';
import { latencyStats, type LatencyStats } from '../metrics/index.ts';
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
  /** Routed requests not yet landed, by id, with the prefill replica that took them. */
  private readonly originals = new Map<number, { r: Request; prefill: number }>();
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
    /** The collector: what the client sees of a request (TTFT at landing, its end). */
    private readonly events: RequestEvents,
  ) {}

  /** The observer of the prefill replicas: the collector, hearing a leg's end as its handoff. */
  prefillObserver(inner: ReplicaObserver): ReplicaObserver {
    const legs = new PrefillLegEvents(inner, (leg, now) => this.onPrefilled(leg, now));
    return {
      scheduled: (r, now) => legs.scheduled(r, now),
      firstToken: () => legs.firstToken(),
      resumedToken: (r, gap) => legs.resumedToken(r, gap),
      finished: (r, now) => legs.finished(r, now),
      preempted: (r, now) => legs.preempted(r, now),
      stepDone: (...a) => inner.stepDone(...a),
      replicaKvUsed: (u, i, c) => inner.replicaKvUsed(u, i, c),
      ...(inner.stepPlanned === undefined ? {} : { stepPlanned: inner.stepPlanned.bind(inner) }),
      ...(inner.classKvDone === undefined ? {} : { classKvDone: inner.classKvDone.bind(inner) }),
    };
  }

  /** The replicas, each with its role and (decode) KV bytes per token of its pool's KV dtype. */
  attach(replicas: readonly ServingReplica[], roles: readonly PoolRole[], kvBytesPerToken: readonly number[]): void {
    const spec = kvLinkSpecOf(this.config.link);
    const shared = this.config.linkScope === 'shared' ? new KvLink(spec) : undefined;
    this.slotOf = new Int32Array(replicas.length).fill(-1);
    this.linkOf = replicas.map(() => undefined);
    this.links = shared === undefined ? [] : [shared];
    const targets: ServingReplica[] = [];
    replicas.forEach((replica, i) => {
      if (roles[i] === 'prefill') {
        targets.push(replica);
        const link = shared ?? new KvLink(spec);
        if (shared === undefined) this.links.push(link);
        this.linkOf[i] = link;
      } else {
        if (!(replica instanceof Replica)) throw new Error(`bug: decode replica ${i} is not a plain replica (disagg-checks.ts refuses pp > 1)`);
        const kv = replica.kv;
        this.slotOf[i] = this.decodes.length;
        this.decodes.push({ replica, handoff: new KvHandoff({ tryReserve: (id, tokens) => kv.allocateSlots(id, tokens) !== null }), bytesPerToken: kvBytesPerToken[i], inFlight: 0 });
      }
    });
    this.routeTargets = targets;
  }

  bind(schedule: (time: number, id: number) => void): void {
    this.schedule = schedule;
  }

  routed(r: Request, replica: number): Request {
    this.originals.set(r.id, { r, prefill: replica });
    return prefillLeg(r);
  }

  private onPrefilled(leg: Request, now: number): void {
    const { r, prefill } = this.originals.get(leg.id)!;
    if (r.maxOutputTokens <= 1) {
      this.originals.delete(r.id);
      handOff(r, now, this.events);
      return;
    }
    let best = 0;
    let bestLoad = Infinity;
    for (let k = 0; k < this.decodes.length; k++) {
      const d = this.decodes[k];
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
      const { r } = this.originals.get(id)!;
      this.originals.delete(id);
      const decoded = handOff(r, now, this.events);
      if (decoded === null) continue;
      d.replica.add(decoded);
      if (!kick.includes(d.replica.index)) kick.push(d.replica.index);
    }
    return kick;
  }

  stepDone(replica: number, now: number): void {
    const slot = this.slotOf[replica];
    if (slot >= 0) this.admit(slot, this.decodes[slot].handoff.pump(now));
  }

  summary(windowSeconds: number): DisaggSummary {
    const spec = kvLinkSpecOf(this.config.link);
    const wait = latencyStats(Float64Array.from(this.decodes.flatMap((d) => d.handoff.admissionWaits)));
    return {
      ...kvTransferSummary(this.links, windowSeconds),
      decodeAdmissionWaitSeconds: wait,
      linkScope: this.config.linkScope,
      bandwidthBytesPerSecond: spec.bandwidthBytesPerSecond,
      latencySeconds: spec.latencySeconds,
    };
  }
}

/** KV bytes per token a decode pool's replicas receive: the model's, at that pool's KV dtype. */
export function decodeKvBytesPerToken(scenario: Scenario): number {
  return kvHandoffBytes(scenario.model, resolvePrecision(scenario.gpu, scenario.config.precision).kvBytes, 1);
}
