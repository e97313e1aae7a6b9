// A FIFO of requests with O(1) push/pop at both ends (a growable ring buffer): the waiting queue.
// New arrivals join the back; preempted requests return to the front (vLLM prepend_request).

import type { Request } from './request.ts';

export class RequestDeque {
  private buf: (Request | undefined)[];
  private head = 0;
  private n = 0;

  constructor(capacity = 64) {
    this.buf = new Array(Math.max(4, capacity));
  }

  get length(): number {
    return this.n;
  }

  front(): Request | undefined {
    return this.n > 0 ? this.buf[this.head] : undefined;
  }

  pushBack(r: Request): void {
    if (this.n === this.buf.length) this.grow();
    this.buf[(this.head + this.n) % this.buf.length] = r;
    this.n++;
  }

  pushFront(r: Request): void {
    if (this.n === this.buf.length) this.grow();
    this.head = (this.head - 1 + this.buf.length) % this.buf.length;
    this.buf[this.head] = r;
    this.n++;
  }

  popFront(): Request | undefined {
    if (this.n === 0) return undefined;
    const r = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) % this.buf.length;
    this.n--;
    return r;
  }

  /** Element i from the front (0-based). */
  at(i: number): Request | undefined {
    return i < this.n ? this.buf[(this.head + i) % this.buf.length] : undefined;
  }

  private grow(): void {
    const old = this.buf;
    const next: (Request | undefined)[] = new Array(old.length * 2);
    for (let i = 0; i < this.n; i++) next[i] = old[(this.head + i) % old.length];
    this.buf = next;
    this.head = 0;
  }
}
