// The bounded-memory fold of every request record of a run: exact counts, token sums, goodput
// and the measurement window, and log histograms of TTFT, TPOT, E2E and queue time (exact count,
// mean, min and max; quantiles within LogHistogram.relativeError = √1.001 − 1 ≈ 0.05 %). Its
// memory is fixed (four 25,342-bin histograms, ≈ 0.8 MB; a per-class fold uses coarser bins,
// class-summary.ts) whatever the number of requests.
// Populations (definitions.md): latencies over MF, the measured finished requests (TPOT: those
// with ≥ 2 output tokens); goodput counts MF requests meeting both SLOs, exactly, at add().
// Invariants: add() is called once per request; arrived = finished + rejected + unfinished + lost;
// every count and sum is exact (integers); windowStart = min arrivedAt of measured records,
// windowEnd = max finishedAt of measured finished records (±Infinity while there are none): the
// span of the drain-inclusive rates (throughputWithDrain), not the steady-state window.
// A lost request (STATUS_LOST: its replica failed under failures.onFailure 'lost') counts in
// `lost` only: if measured, it is in `measured` but never meets the SLO (a goodput miss), and it
// is not unfinished (the run did not leave it in flight).
// NOTE: token sums are the records' lengths (one sequence); summarize multiplies by the
// sequences delivered per request.

import { LogHistogram, type LogHistogramOptions } from './log-histogram.ts';
import { STATUS_FINISHED, STATUS_LOST, STATUS_REJECTED, type RequestRecord } from './request-record.ts';

export interface Slo {
  ttftSeconds: number;
  tpotSeconds: number;
}

export class RequestOutcomes {
  arrived = 0;
  finished = 0;
  rejected = 0;
  unfinished = 0;
  /** Lost to replica failures (STATUS_LOST). */
  lost = 0;
  measured = 0;
  measuredFinished = 0;
  /** Measured requests still unfinished when the run ended (SLO misses, reported). */
  measuredUnfinished = 0;
  /** Measured finished requests meeting both SLOs. */
  meetingSlo = 0;
  /** Of those, the ones that arrived strictly after the window's start (the goodput rate's numerator). */
  meetingSloInWindow = 0;
  measuredPromptTokens = 0;
  measuredOutputTokens = 0;
  /** Over every finished request, measured or not (cost and energy). */
  finishedPromptTokens = 0;
  finishedOutputTokens = 0;
  windowStart = Infinity;
  windowEnd = -Infinity;
  readonly ttft: LogHistogram;
  readonly tpot: LogHistogram;
  readonly e2e: LogHistogram;
  readonly queue: LogHistogram;

  /** `histogram`: the four histograms' bins (default LogHistogram's; per-class folds use coarser ones). */
  constructor(
    private readonly slo: Slo,
    histogram: LogHistogramOptions = {},
  ) {
    this.ttft = new LogHistogram(histogram);
    this.tpot = new LogHistogram(histogram);
    this.e2e = new LogHistogram(histogram);
    this.queue = new LogHistogram(histogram);
  }

  /** Folds one record; `windowStart` (known by then: a measured request finishes after it) splits the goodput rate's arrivals. */
  add(r: Readonly<RequestRecord>, windowStart = -Infinity): void {
    this.arrived++;
    const s = r.status;
    if (s === STATUS_FINISHED) this.finished++;
    else if (s === STATUS_REJECTED) this.rejected++;
    else if (s === STATUS_LOST) this.lost++;
    else this.unfinished++;
    const measured = r.measured === 1;
    if (measured) {
      this.measured++;
      if (r.arrivedAt < this.windowStart) this.windowStart = r.arrivedAt;
      if (s !== STATUS_FINISHED && s !== STATUS_REJECTED && s !== STATUS_LOST) this.measuredUnfinished++;
    }
    if (s !== STATUS_FINISHED) return;
    this.finishedPromptTokens += r.numPromptTokens;
    this.finishedOutputTokens += r.numOutputTokens;
    if (!measured) return;
    this.measuredFinished++;
    this.measuredPromptTokens += r.numPromptTokens;
    this.measuredOutputTokens += r.numOutputTokens;
    if (r.finishedAt > this.windowEnd) this.windowEnd = r.finishedAt;
    const ttft = r.firstTokenAt - r.arrivedAt;
    this.ttft.add(ttft, 1);
    this.e2e.add(r.finishedAt - r.arrivedAt, 1);
    this.queue.add(r.scheduledAt - r.arrivedAt, 1);
    let tpotOk = true;
    if (r.numOutputTokens >= 2) {
      const tpot = (r.finishedAt - r.firstTokenAt) / (r.numOutputTokens - 1);
      this.tpot.add(tpot, 1);
      tpotOk = tpot <= this.slo.tpotSeconds;
    }
    if (ttft <= this.slo.ttftSeconds && tpotOk) {
      this.meetingSlo++;
      if (r.arrivedAt > windowStart) this.meetingSloInWindow++;
    }
  }
}
