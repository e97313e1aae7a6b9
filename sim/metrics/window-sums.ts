// WindowSums: sums over the run's steady-state measurement window (definitions.md, "Measurement
// window"), kept on line in bounded memory while the window's end is still unknown.
// The window is (start, end]: start = max(warmupSeconds, arrival instant of request number
// warmupRequests (0-based), when warmupRequests > 0); end = the last arrival, or
// stop.durationSeconds when the stop was by duration (arrivals stopped before numRequests).
// Channels hold levels (value × seconds over [t0, t1), split exactly at the window's ends) and
// counts (amounts at an instant t, in the window when start < t ≤ end).
// How the unknown end is handled: every amount is reported at or before the current instant
// (a step at its end), and arrivals come in time order. `mark` = the latest arrival so far
// (at least start); the part of an amount up to mark is surely in the window ("confirmed"); the
// part after mark waits ("pending", cut at the cap = durationSeconds). A later arrival at t ≥
// every instant reported so far moves all pending into confirmed and mark to t. At the end,
// window = confirmed (end = last arrival) or confirmed + pending (end = cap). Before start is
// known (warm-up by count), nothing is in the window; when request number warmupRequests
// arrives at t, everything so far lies at or before t, so nothing before it counts.
// Invariants: O(channels) memory; total(c) = Σ of everything added to c, window or not;
// inWindow(c) ≤ total(c) for non-negative amounts; exact splits (no bins).
// NOTE: an amount is assumed reported no earlier than its own end instant (true of steps and
// token events, which the collector hears at the step's end).

export interface WindowRule {
  warmupSeconds: number;
  warmupRequests: number;
  /** stop.durationSeconds, when the scenario gives one. */
  durationSeconds?: number;
  /** stop.numRequests, when the scenario gives one. */
  numRequests?: number;
}

export interface WindowBounds {
  startSeconds: number;
  endSeconds: number;
  /** What ends the window: the last arrival, or stop.durationSeconds. */
  endsAt: 'last-arrival' | 'duration';
}

export class WindowSums {
  private start: number;
  private mark: number;
  private readonly cap: number;
  private arrivals = 0;
  private readonly totals: Float64Array;
  private readonly confirmed: Float64Array;
  private readonly pending: Float64Array;

  constructor(
    readonly numChannels: number,
    private readonly rule: WindowRule,
  ) {
    this.start = rule.warmupRequests > 0 ? Infinity : rule.warmupSeconds;
    this.mark = this.start;
    this.cap = rule.durationSeconds ?? Infinity;
    this.totals = new Float64Array(numChannels);
    this.confirmed = new Float64Array(numChannels);
    this.pending = new Float64Array(numChannels);
  }

  /** A request arrived at t (call once per request, in arrival order, at instant t). */
  arrived(t: number): void {
    const id = this.arrivals++;
    if (id === this.rule.warmupRequests && this.rule.warmupRequests > 0) {
      // Everything reported so far lies at or before t, so none of it is in the window.
      this.start = Math.max(this.rule.warmupSeconds, t);
      this.mark = this.start;
      this.confirmed.fill(0);
      this.pending.fill(0);
    }
    if (t > this.mark) {
      for (let c = 0; c < this.numChannels; c++) {
        this.confirmed[c] += this.pending[c];
        this.pending[c] = 0;
      }
      this.mark = t;
    }
  }

  /** Adds `value` held over [t0, t1) to channel c (value × seconds). */
  addLevel(c: number, t0: number, t1: number, value: number): void {
    if (!(t1 > t0) || value === 0) return;
    this.totals[c] += value * (t1 - t0);
    const inConfirmed = Math.min(t1, this.mark) - Math.max(t0, this.start);
    if (inConfirmed > 0) this.confirmed[c] += value * inConfirmed;
    const inPending = Math.min(t1, this.cap) - Math.max(t0, this.mark);
    if (inPending > 0) this.pending[c] += value * inPending;
  }

  /** Adds `amount` at instant t to channel c. */
  addCount(c: number, t: number, amount: number): void {
    if (amount === 0) return;
    this.totals[c] += amount;
    if (t > this.start && t <= this.mark) this.confirmed[c] += amount;
    else if (t > this.mark && t <= this.cap) this.pending[c] += amount;
  }

  /** Whether the stop was by duration: a durationSeconds, and fewer arrivals than numRequests (if any). */
  private get endsAtDuration(): boolean {
    const { durationSeconds, numRequests } = this.rule;
    return durationSeconds !== undefined && (numRequests === undefined || this.arrivals < numRequests);
  }

  /** The window's start so far (Infinity until warm-up by count is reached). */
  get startSeconds(): number {
    return this.start;
  }

  /** The window as it stands (call after the last arrival); end ≤ start when there is none. */
  bounds(): WindowBounds {
    const duration = this.endsAtDuration;
    return { startSeconds: this.start, endSeconds: duration ? this.cap : this.mark, endsAt: duration ? 'duration' : 'last-arrival' };
  }

  /** Channel c over the window. */
  inWindow(c: number): number {
    return this.endsAtDuration ? this.confirmed[c] + this.pending[c] : this.confirmed[c];
  }

  /** Channel c over the whole run. */
  total(c: number): number {
    return this.totals[c];
  }
}

/**
 * The run's window channels (the collector fills them, measure reads them): levels over steps
 * (KV blocks, stored and reserved KV tokens, running requests, each × seconds), counts at an
 * instant (output tokens as generated, prompt tokens of requests at their first token, finished
 * requests), then one level per replica: its steps' spans (busy time of a plain replica).
 */
export const WINDOW_CHANNEL = {
  kvBlockSeconds: 0,
  kvStoredTokenSeconds: 1,
  kvReservedTokenSeconds: 2,
  runningSeconds: 3,
  outputTokens: 4,
  promptTokens: 5,
  finished: 6,
  /** Replica i's step spans: channel stepSpan + i. */
  stepSpan: 7,
} as const;

/** Channels for a cluster of numReplicas replicas. */
export function windowChannels(numReplicas: number): number {
  return WINDOW_CHANNEL.stepSpan + numReplicas;
}
