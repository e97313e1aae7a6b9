// A cost model in which every step takes exactly the same time, whatever its shape: the
// deterministic service time of queueing theory (M/D/1), so the scheduler and the cluster can be
// checked against closed-form answers through the real code.
// Invariants: stepTime returns stepSeconds for every shape, empty or not, and attributes all of
// it to overheadSeconds (no compute, memory, communication, GEMM or attention time).
// Pipeline parallelism (stageTimes): the step's stepSeconds is the whole forward pass, split evenly
// over the pp stages, with no CPU overhead and no transfer time — so one micro-batch still takes
// stepSeconds end to end and a full pipeline completes pp of them per stepSeconds.
// NOTE: an empty step costs stepSeconds too: callers never ask for one, and a constant model
// that special-cased it would no longer be constant.

import type { Seconds } from '../units.ts';
import type { CostModel, StageTimes, StepBreakdown } from './types.ts';
import type { SchedulerOutput } from '../step/index.ts';

export class ConstantCostModel implements CostModel {
  readonly stepSeconds: Seconds;

  constructor(stepSeconds: Seconds) {
    if (!(stepSeconds > 0) || !Number.isFinite(stepSeconds)) {
      throw new RangeError(`stepSeconds must be a positive finite number, got ${stepSeconds}`);
    }
    this.stepSeconds = stepSeconds;
  }

  stepTime(_shape: SchedulerOutput, out: StepBreakdown): Seconds {
    const s = this.stepSeconds;
    out.totalSeconds = s;
    out.computeSeconds = 0;
    out.memorySeconds = 0;
    out.communicationSeconds = 0;
    out.overheadSeconds = s;
    out.gemmSeconds = 0;
    out.attentionSeconds = 0;
    out.draftSeconds = 0;
    return s;
  }

  stageTimes(shape: SchedulerOutput, out: StageTimes, breakdown: StepBreakdown): void {
    const stages = out.stageSeconds;
    const t = this.stepSeconds / stages.length;
    for (let i = 0; i < stages.length; i++) stages[i] = t;
    out.overheadSeconds = 0;
    out.transferSeconds = 0;
    this.stepTime(shape, breakdown);
  }
}
