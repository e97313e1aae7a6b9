// AsciiBuffer: CSV text written straight into a reused byte buffer — integers and fixed-point
// seconds as digits, literals as bytes — so writing a million rows creates no string per field
// and little garbage (String(x) on doubles and the per-row strings were most of requests.csv's
// writing time). When the buffer is full, `onFull(bytes, length)` takes what it holds.
// Invariants: only ASCII is written (literals must be ASCII); seconds(x) prints x rounded to the
// nanosecond with trailing zeros dropped ("1.5", "0.000123457", "12"), NaN as nothing, and falls
// back to String(x) for negative values or x ≥ 9e6 s (104 days), where integer nanoseconds would
// no longer fit a 32-bit integer split; int(n) prints any safe integer.

/** Seconds below which seconds() formats from integer nanoseconds. */
const MAX_FIXED_SECONDS = 9e6;
const ZERO = 48;

export class AsciiBuffer {
  readonly bytes: Buffer;
  length = 0;
  private readonly digits = new Uint8Array(24);

  constructor(
    capacity: number,
    private readonly onFull: (bytes: Buffer, length: number) => void,
  ) {
    this.bytes = Buffer.allocUnsafe(Math.max(64, capacity));
  }

  /** Makes room for n more bytes (n ≤ capacity). */
  reserve(n: number): void {
    if (this.length + n > this.bytes.length) this.flush();
  }

  /** Hands the buffered bytes to onFull and empties the buffer. */
  flush(): void {
    if (this.length > 0) this.onFull(this.bytes, this.length);
    this.length = 0;
  }

  byte(c: number): void {
    this.bytes[this.length++] = c;
  }

  /** ASCII text (a literal, or a number's String() form). */
  ascii(text: string): void {
    for (let i = 0; i < text.length; i++) this.bytes[this.length++] = text.charCodeAt(i);
  }

  /** A safe integer in decimal. */
  int(n: number): void {
    if (n < 0) {
      this.byte(45);
      n = -n;
    }
    if (n > 0x7fffffff) return this.ascii(String(n));
    this.uint31(n, 0);
  }

  /** x seconds rounded to the nanosecond, trailing zeros dropped; NaN writes nothing. */
  seconds(x: number): void {
    if (x !== x) return;
    if (!(x >= 0 && x < MAX_FIXED_SECONDS)) return this.ascii(String(x));
    const ns = Math.round(x * 1e9);
    const whole = Math.floor(ns / 1e9);
    let frac = (ns - whole * 1e9) | 0;
    this.uint31(whole, 0);
    if (frac === 0) return;
    // The nine fraction digits, lowest first; the trailing zeros are the lowest ones.
    const d = this.digits;
    for (let k = 0; k < 9; k++) {
      const q = (frac / 10) | 0;
      d[k] = frac - q * 10;
      frac = q;
    }
    let low = 0;
    while (d[low] === 0) low++;
    this.bytes[this.length++] = 46;
    for (let k = 8; k >= low; k--) this.bytes[this.length++] = ZERO + d[k];
  }

  /** n (0 ≤ n < 2^31) in decimal, left-padded with zeros to minWidth digits. */
  private uint31(n: number, minWidth: number): void {
    const d = this.digits;
    let k = 0;
    do {
      const q = (n / 10) | 0;
      d[k++] = n - q * 10;
      n = q;
    } while (n > 0);
    while (k < minWidth) d[k++] = 0;
    while (k > 0) this.bytes[this.length++] = ZERO + d[--k];
  }
}

/** One AsciiBuffer's text as a string (for the string-returning helpers and tests). */
export function asciiText(write: (out: AsciiBuffer) => void): string {
  let text = '';
  const out = new AsciiBuffer(4096, (bytes, length) => {
    text += bytes.toString('latin1', 0, length);
  });
  write(out);
  out.flush();
  return text;
}
