// The per-request outcome records of a run, as columns of typed arrays indexed by request id
// (ids 0, 1, 2, … in add() order, which is arrival order). Metrics are formulas over these
// columns (definitions.md). REQUEST_COLUMN_ARRAYS is the one list of the columns: RequestColumns
// (types.ts) is derived from it, and allocation, columns() and growth loop over it.
// Invariants: 0 ≤ id < count for every written record; a new record has scheduledAt,
// firstTokenAt and finishedAt = NaN (never happened), status 0 (unfinished), replica −1,
// numPreemptions 0. Columns grow by doubling, so add() is amortised O(1) and a run of n
// requests makes O(log n) allocations.
// NOTE: writers set fields directly by id (`store.firstTokenAt[id] = t`). Growth replaces the
// arrays, so the column fields are reassigned by add(): never keep a column across an add().
// NOTE: add() writes each field directly rather than looping over the list: it runs once per
// request.
// As a RequestSink (runScenario's keepRequests), write(record) puts each record at its id — ids
// arrive out of order (finish order) — and remembers that order in `recordOrder`, so
// requests.csv from these columns has the same rows in the same order as the streamed file.
// NOTE: this store grows with the run (≈ 60 bytes per request): it is for tests, goldens and
// library users who ask for the records; the CLI streams them instead.

import type { RequestColumns } from './types.ts';
import type { RequestRecord, RequestSink } from './request-record.ts';

/** Every per-request column and its typed array, in CSV order (classIndex, last, is not in requests.csv). */
export const REQUEST_COLUMN_ARRAYS = {
  arrivedAt: Float64Array,
  scheduledAt: Float64Array,
  firstTokenAt: Float64Array,
  finishedAt: Float64Array,
  numPromptTokens: Int32Array,
  numOutputTokens: Int32Array,
  numPreemptions: Int32Array,
  replica: Int32Array,
  /** 0 = unfinished, 1 = finished, 2 = rejected. */
  status: Uint8Array,
  /** 1 when the request counts toward latency metrics (after warm-up). */
  measured: Uint8Array,
  /** The request's class index (0 when no classes are declared); not a requests.csv column. */
  classIndex: Int32Array,
} as const;

export type RequestColumnName = keyof typeof REQUEST_COLUMN_ARRAYS;
export const REQUEST_COLUMN_NAMES = Object.keys(REQUEST_COLUMN_ARRAYS) as RequestColumnName[];

type AnyColumn = Float64Array | Int32Array | Uint8Array;

/** Columns built by make(name) for every column: the one loop over the list. */
function buildColumns(count: number, make: (name: RequestColumnName) => AnyColumn): RequestColumns {
  const columns: Record<string, number | AnyColumn> = { count };
  for (const name of REQUEST_COLUMN_NAMES) columns[name] = make(name);
  return columns as unknown as RequestColumns;
}

/** n records of zeros in every column (tests and fixtures fill in what they need). */
export function emptyColumns(n: number): RequestColumns {
  return buildColumns(n, (name) => new REQUEST_COLUMN_ARRAYS[name](n));
}

// The class gets its column fields (typed by RequestColumns) from this merged interface, so the
// list is not restated here; the constructor assigns them.
export interface RecordStore extends RequestColumns {}

export class RecordStore implements RequestSink {
  /** Records added so far (read-only for callers): one more than the highest id written. */
  count = 0;
  /** Ids in the order write() received them (only when write() is used). */
  private order: Int32Array | null = null;
  private written = 0;

  constructor(initialCapacity = 1024) {
    this.replaceColumns(emptyColumns(Math.max(1, Math.ceil(initialCapacity))));
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
    this.classIndex[id] = 0;
    this.count = id + 1;
    return id;
  }

  /** Stores a record at its id (growing as needed) and notes the order of arrival here. */
  write(r: Readonly<RequestRecord>): void {
    const id = r.id;
    if (id >= this.arrivedAt.length) this.grow(Math.max(2 * this.arrivedAt.length, id + 1));
    if (this.order === null) this.order = new Int32Array(this.arrivedAt.length);
    else if (this.written === this.order.length) {
      const to = new Int32Array(2 * this.order.length);
      to.set(this.order);
      this.order = to;
    }
    this.order[this.written++] = id;
    this.arrivedAt[id] = r.arrivedAt;
    this.scheduledAt[id] = r.scheduledAt;
    this.firstTokenAt[id] = r.firstTokenAt;
    this.finishedAt[id] = r.finishedAt;
    this.numPromptTokens[id] = r.numPromptTokens;
    this.numOutputTokens[id] = r.numOutputTokens;
    this.numPreemptions[id] = r.numPreemptions;
    this.replica[id] = r.replica;
    this.status[id] = r.status;
    this.measured[id] = r.measured;
    this.classIndex[id] = r.classIndex;
    if (id >= this.count) this.count = id + 1;
  }

  /**
   * Views of the first `count` records (no copy): they see later writes to existing records,
   * but not records added after a growth — take columns() once the run is over.
   */
  columns(): RequestColumns {
    const n = this.count;
    const columns = buildColumns(n, (name) => this[name].subarray(0, n));
    if (this.order !== null) columns.recordOrder = this.order.subarray(0, this.written);
    return columns;
  }

  private grow(capacity: number): void {
    this.replaceColumns(
      buildColumns(this.count, (name) => {
        const to = new REQUEST_COLUMN_ARRAYS[name](capacity);
        to.set(this[name]);
        return to;
      }),
    );
  }

  /** Takes every column array of `columns` (not its count). */
  private replaceColumns(columns: RequestColumns): void {
    const self = this as unknown as Record<RequestColumnName, AnyColumn>;
    for (const name of REQUEST_COLUMN_NAMES) self[name] = columns[name];
  }
}
