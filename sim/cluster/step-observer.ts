// What a replica reports after each step, for time-weighted metrics (KV usage, queue lengths,
// tokens over time, inter-token latency). Implemented by the cluster's metrics collector.

export interface StepObserver {
  stepDone(
    replica: number,
    startedAt: number,
    endedAt: number,
    usedBlocks: number,
    running: number,
    waiting: number,
    emittedTokens: number,
    measuredDecodes: number,
  ): void;
}
