// Speculative decoding, composed: from the scenario's `speculative` section to what each room
// needs — the proposer's memory for the KV sizing (hardware), the step-time model that adds the
// draft's passes to the target's verify (hardware), each replica's scheduler settings with its
// own acceptance stream 'acceptance/<replica>' (scheduler), and the summary's figures from the
// replicas' counts (metrics' speculativeSummary). Nothing here runs per step.
// Per-class acceptance: a request's class is keyedUniform(seed, 'spec-class')(key) mapped through
// the class weights, key = its session id when it belongs to a multi-turn session (a conversation
// keeps one class, and session ids follow session starts, which no policy reorders), else its
// request id (arrival order: fixed by the workload in an open loop). So the class does not depend
// on routing or on which replica verifies it. (In a closed loop request ids follow finish order,
// as the lengths drawn for them do.)
// NOTE: the draft's cost model is the target's roofline parameters without the engine's per-step
// and per-sequence overheads (paid once per step by the target; see speculative-cost-model.ts).

import {
  RooflineCostModel,
  SpeculativeCostModel,
  draftFootprint,
  type CostModel,
  type CostModelParams,
  type DraftFootprint,
  type ResolvedPrecision,
} from '../hardware/index.ts';
import { keyedUniform, type RandomStreams } from '../random/index.ts';
import { speculativeClassOf, type Scenario, type SpeculativeConfig } from '../scenario/index.ts';
import { LeadingRunAcceptance, classFromUniform, type SpeculativeSchedulerConfig } from '../scheduler/index.ts';

/**
 * Default host time of an n-gram (prompt-lookup) proposal per sequence per step. Order of
 * magnitude from vLLM PR #13365 (2025-02, numba-compiled matching): 1.9 s of cumulative proposer
 * time in a 5,000-request ShareGPT run, i.e. about 2 µs per request per step if each request ran
 * ~200 steps (our estimate; the PR gives no step count). 5 µs is a rounded-up, conservative
 * figure; PR #24986 (2025-09) later cut it up to 8× by running the batch on several threads.
 */
export const DEFAULT_NGRAM_SECONDS_PER_SEQ = 5e-6;

export class Speculation {
  readonly footprint: DraftFootprint;

  constructor(
    readonly config: SpeculativeConfig,
    private readonly scenario: Scenario,
    private readonly precision: ResolvedPrecision,
  ) {
    this.footprint = draftFootprint(config.method, scenario.model, precision, scenario.config.hardware.tp, {
      ...(scenario.draftModel ? { draftModel: scenario.draftModel } : {}),
      ...(config.draftLayers !== undefined ? { draftLayers: config.draftLayers } : {}),
    });
  }

  /** The proposer's memory for kvCapacity's `draft` input. */
  memory(): { weightBytesPerGpu: number; kvBytesPerTokenPerGpu: number } {
    return { weightBytesPerGpu: this.footprint.weightBytesPerGpu, kvBytesPerTokenPerGpu: this.footprint.kvBytesPerTokenPerGpu };
  }

  /** The target's cost model with the proposer's work added (roofline parameters `params`). */
  costModel(target: CostModel, params: CostModelParams): CostModel {
    const c = this.config;
    if (c.method === 'ngram') return new SpeculativeCostModel(target, { kind: 'per-sequence', secondsPerSeq: c.proposalSecondsPerSeq ?? DEFAULT_NGRAM_SECONDS_PER_SEQ });
    const { gpu, config } = this.scenario;
    const draftParams = { ...params, stepOverheadSeconds: 0, perSequenceOverheadSeconds: 0 };
    const draft = new RooflineCostModel({ model: this.footprint.passModel!, gpu, precision: this.precision, tp: config.hardware.tp, params: draftParams });
    return new SpeculativeCostModel(target, { kind: 'passes', model: draft });
  }

  /** Replica `index`'s scheduler settings, its acceptance draws from stream 'acceptance/<index>'. */
  schedulerConfig(index: number, streams: RandomStreams, seed: number): SpeculativeSchedulerConfig {
    const c = this.config;
    const a = c.acceptance;
    const uniform = streams.stream(`acceptance/${index}`).next;
    let acceptance: LeadingRunAcceptance;
    switch (a.kind) {
      case 'constant':
        acceptance = new LeadingRunAcceptance([[a.rate]], uniform);
        break;
      case 'per-position':
        acceptance = new LeadingRunAcceptance([a.rates], uniform);
        break;
      case 'per-class': {
        // Acceptance classes named after workload classes: each request takes its endpoint's α.
        const byWorkloadClass = speculativeClassOf(this.scenario.config);
        if (byWorkloadClass !== null) {
          acceptance = new LeadingRunAcceptance(a.classes.map((k) => [k.rate]), uniform, (r) => byWorkloadClass[r.classIndex]);
          break;
        }
        const weights = a.classes.map((k) => k.weight);
        const key = keyedUniform(seed, 'spec-class');
        acceptance = new LeadingRunAcceptance(a.classes.map((k) => [k.rate]), uniform, (r) => classFromUniform(weights, key(r.session >= 0 ? r.session : r.id)));
        break;
      }
    }
    return { numSpeculativeTokens: c.numSpeculativeTokens, disableAboveBatchSize: c.disableAboveBatchSize ?? Infinity, acceptance };
  }

  /** One line for the run's notes. */
  note(): string {
    const c = this.config;
    const a = c.acceptance;
    const acceptance =
      a.kind === 'constant' ? `α ${a.rate}` : a.kind === 'per-position' ? `α per position ${a.rates.join('/')}` : `α per class ${a.classes.map((k) => `${k.name} ${k.rate} (weight ${k.weight})`).join(', ')}`;
    const proposer =
      c.method === 'draft-model'
        ? `draft model ${this.scenario.draftModel?.id} (+${gib(this.footprint.weightBytesPerGpu)} GiB weights and ${this.footprint.kvBytesPerTokenPerGpu} B of KV per token per GPU)`
        : c.method === 'self-speculative'
          ? `draft heads of ${c.draftLayers ?? 1} target layer(s) (+${gib(this.footprint.weightBytesPerGpu)} GiB weights per GPU)`
          : `n-gram prompt lookup (${c.proposalSecondsPerSeq ?? DEFAULT_NGRAM_SECONDS_PER_SEQ} s per sequence per step)`;
    const off = c.disableAboveBatchSize !== undefined ? `, off above ${c.disableAboveBatchSize} decoding requests` : '';
    const constant = this.scenario.config.costModel.kind === 'constant' ? ' — the constant cost model ignores verify width and draft cost' : '';
    return `speculative decoding: ${proposer}, γ ${c.numSpeculativeTokens}, ${acceptance}${off}${constant}`;
  }
}

function gib(bytes: number): string {
  return (bytes / 2 ** 30).toFixed(2);
}
