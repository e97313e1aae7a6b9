// A binary min-heap of events ordered by (time, sequence number): the earliest time first and,
// among events at the same instant, the one scheduled first (FIFO ties, as SimPy does).
// Invariants: heap order on (time, seq) holds between calls; seq increases by one per push and
// doubles as the event's id. Events are (time, kind, target) triples of numbers stored in
// parallel typed arrays, so pushing and popping allocate nothing (arrays grow by doubling).
// NOTE: the queue knows no domain; `kind` and `target` mean whatever the handler says.

export type EventId = number;

export class EventQueue {
  private times: Float64Array;
  private seqs: Float64Array;
  private kinds: Int32Array;
  private targets: Int32Array;
  private n = 0;
  private nextSeq = 0;

  /** Fields of the event most recently returned by pop(). */
  time = 0;
  kind = 0;
  target = 0;
  id: EventId = -1;

  constructor(initialCapacity = 64) {
    const c = Math.max(2, initialCapacity);
    this.times = new Float64Array(c);
    this.seqs = new Float64Array(c);
    this.kinds = new Int32Array(c);
    this.targets = new Int32Array(c);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.times[0] : Infinity;
  }

  push(time: number, kind: number, target: number): EventId {
    if (this.n === this.times.length) this.grow();
    const seq = this.nextSeq++;
    let i = this.n++;
    // Sift up: move parents down until the slot fits.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = this.times[p];
      if (pt < time || (pt === time && this.seqs[p] < seq)) break;
      this.move(p, i);
      i = p;
    }
    this.times[i] = time;
    this.seqs[i] = seq;
    this.kinds[i] = kind;
    this.targets[i] = target;
    return seq;
  }

  /** Removes the earliest event into (time, kind, target, id); false when empty. */
  pop(): boolean {
    if (this.n === 0) return false;
    this.time = this.times[0];
    this.kind = this.kinds[0];
    this.target = this.targets[0];
    this.id = this.seqs[0];
    const last = --this.n;
    if (last > 0) {
      const t = this.times[last];
      const s = this.seqs[last];
      const k = this.kinds[last];
      const g = this.targets[last];
      let i = 0;
      // Sift down the former last element from the root.
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const r = l + 1;
        let c = l;
        if (r < last && (this.times[r] < this.times[l] || (this.times[r] === this.times[l] && this.seqs[r] < this.seqs[l]))) c = r;
        const ct = this.times[c];
        if (t < ct || (t === ct && s < this.seqs[c])) break;
        this.move(c, i);
        i = c;
      }
      this.times[i] = t;
      this.seqs[i] = s;
      this.kinds[i] = k;
      this.targets[i] = g;
    }
    return true;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.seqs[to] = this.seqs[from];
    this.kinds[to] = this.kinds[from];
    this.targets[to] = this.targets[from];
  }

  private grow(): void {
    const c = this.times.length * 2;
    const t = new Float64Array(c); t.set(this.times); this.times = t;
    const s = new Float64Array(c); s.set(this.seqs); this.seqs = s;
    const k = new Int32Array(c); k.set(this.kinds); this.kinds = k;
    const g = new Int32Array(c); g.set(this.targets); this.targets = g;
  }
}
