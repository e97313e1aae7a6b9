// The per-request outcome records of a run, as columns of typed arrays indexed by request id
// (ids 0, 1, 2, … in add() order, which is arrival order). Metrics are formulas over these
// columns (definitions.md).
// Invariants: 0 ≤ id < count for every written record; a new record has scheduledAt,
// firstTokenAt and finishedAt = NaN (never happened), status 0 (unfinished), replica −1,
// numPreemptions 0. Columns grow by doubling, so add() is amortised O(1) and a run of n
// requests makes O(log n) allocations.
// NOTE: writers set fields directly by id (`store.firstTokenAt[id] = t`). Growth replaces the
// arrays, so the column fields are reassigned by add(): never keep a column across an add().

import type { RequestColumns } from './types.ts';

export class RecordStore implements RequestColumns {
  /** Records added so far (read-only for callers). */
  count = 0;
  arrivedAt: Float64Array;
  scheduledAt: Float64Array;
  firstTokenAt: Float64Array;
  finishedAt: Float64Array;
  numPromptTokens: Int32Array;
  numOutputTokens: Int32Array;
  numPreemptions: Int32Array;
  replica: Int32Array;
  status: Uint8Array;
  measured: Uint8Array;

  constructor(initialCapacity = 1024) {
    const n = Math.max(1, Math.ceil(initialCapacity));
    this.arrivedAt = new Float64Array(n);
    this.scheduledAt = new Float64Array(n);
    this.firstTokenAt = new Float64Array(n);
    this.finishedAt = new Float64Array(n);
    this.numPromptTokens = new Int32Array(n);
    this.numOutputTokens = new Int32Array(n);
    this.numPreemptions = new Int32Array(n);
    this.replica = new Int32Array(n);
    this.status = new Uint8Array(n);
    this.measured = new Uint8Array(n);
  }

  /** Room for this many records before the next growth. */
  get capacity(): number {
    return this.arrivedAt.length;
  }

  /** Appends a record and returns its id. */
  add(arrivedAt: number, numPromptTokens: number, numOutputTokens: number, measured: boolean): number {
    const id = this.count;
    if (id === this.arrivedAt.length) this.grow(2 * id);
    this.arrivedAt[id] = arrivedAt;
    this.scheduledAt[id] = NaN;
    this.firstTokenAt[id] = NaN;
    this.finishedAt[id] = NaN;
    this.numPromptTokens[id] = numPromptTokens;
    this.numOutputTokens[id] = numOutputTokens;
    this.numPreemptions[id] = 0;
    this.replica[id] = -1;
    this.status[id] = 0;
    this.measured[id] = measured ? 1 : 0;
    this.count = id + 1;
    return id;
  }

  /**
   * Views of the first `count` records (no copy): they see later writes to existing records,
   * but not records added after a growth — take columns() once the run is over.
   */
  columns(): RequestColumns {
    const n = this.count;
    return {
      count: n,
      arrivedAt: this.arrivedAt.subarray(0, n),
      scheduledAt: this.scheduledAt.subarray(0, n),
      firstTokenAt: this.firstTokenAt.subarray(0, n),
      finishedAt: this.finishedAt.subarray(0, n),
      numPromptTokens: this.numPromptTokens.subarray(0, n),
      numOutputTokens: this.numOutputTokens.subarray(0, n),
      numPreemptions: this.numPreemptions.subarray(0, n),
      replica: this.replica.subarray(0, n),
      status: this.status.subarray(0, n),
      measured: this.measured.subarray(0, n),
    };
  }

  private grow(capacity: number): void {
    this.arrivedAt = grown(this.arrivedAt, new Float64Array(capacity));
    this.scheduledAt = grown(this.scheduledAt, new Float64Array(capacity));
    this.firstTokenAt = grown(this.firstTokenAt, new Float64Array(capacity));
    this.finishedAt = grown(this.finishedAt, new Float64Array(capacity));
    this.numPromptTokens = grown(this.numPromptTokens, new Int32Array(capacity));
    this.numOutputTokens = grown(this.numOutputTokens, new Int32Array(capacity));
    this.numPreemptions = grown(this.numPreemptions, new Int32Array(capacity));
    this.replica = grown(this.replica, new Int32Array(capacity));
    this.status = grown(this.status, new Uint8Array(capacity));
    this.measured = grown(this.measured, new Uint8Array(capacity));
  }
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from as ArrayLike<number>);
  return to;
}
