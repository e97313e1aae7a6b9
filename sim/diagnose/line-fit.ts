// Ordinary least squares of y on x, folded one point at a time (no storage): the slope and
// intercept of the line through the points, and Pearson's r, for the TPOT-vs-batch and
// TTFT-vs-prompt evidence.
//   slope = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²,  intercept = ȳ − slope·x̄,
//   r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²)
// (the fitted line passes through the means, so intercept + slope·x̄ = ȳ exactly).
// Invariants: folds merge exactly (sums add); fewer than 2 points or no spread in x gives a NaN
// slope and intercept (nothing to fit), never a division by zero.
// NOTE: sums are shifted by the first x and y seen (a fixed offset does not change the slope), so
// that Σxx − (Σx)²/n does not cancel catastrophically for large, tightly spread x.

export interface LineFit {
  /** dy/dx; NaN without spread in x. */
  slope: number;
  /** y at x = 0; NaN without spread in x. */
  intercept: number;
  meanX: number;
  meanY: number;
  n: number;
  /** Pearson's r of y on x; NaN with fewer than 3 points or no spread in x or y. */
  r: number;
}

export class LineFold {
  n = 0;
  private x0 = 0;
  private y0 = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private sxy = 0;
  private syy = 0;

  add(x: number, y: number): void {
    if (this.n === 0) {
      this.x0 = x;
      this.y0 = y;
    }
    const dx = x - this.x0;
    const dy = y - this.y0;
    this.n++;
    this.sx += dx;
    this.sy += dy;
    this.sxx += dx * dx;
    this.sxy += dx * dy;
    this.syy += dy * dy;
  }

  /** Adds every point of `other` (its sums re-shifted to this fold's origin). */
  merge(other: LineFold): void {
    if (other.n === 0) return;
    if (this.n === 0) {
      this.x0 = other.x0;
      this.y0 = other.y0;
    }
    // other's points are x = other.x0 + d; here they are d' = d + (other.x0 − this.x0).
    const cx = other.x0 - this.x0;
    const cy = other.y0 - this.y0;
    this.sxx += other.sxx + 2 * cx * other.sx + other.n * cx * cx;
    this.sxy += other.sxy + cx * other.sy + cy * other.sx + other.n * cx * cy;
    this.syy += other.syy + 2 * cy * other.sy + other.n * cy * cy;
    this.sx += other.sx + other.n * cx;
    this.sy += other.sy + other.n * cy;
    this.n += other.n;
  }

  fit(): LineFit {
    const n = this.n;
    if (n === 0) return { slope: NaN, intercept: NaN, meanX: NaN, meanY: NaN, n, r: NaN };
    const mx = this.sx / n;
    const my = this.sy / n;
    const vxx = this.sxx - n * mx * mx;
    const cxy = this.sxy - n * mx * my;
    const vyy = this.syy - n * my * my;
    const meanX = this.x0 + mx;
    const meanY = this.y0 + my;
    // Relative tolerance: spread below rounding of the shifted sums is no spread.
    const spreadX = vxx > 1e-12 * Math.max(1, this.sxx);
    const spreadY = vyy > 1e-12 * Math.max(1, this.syy);
    const r = n >= 3 && spreadX && spreadY ? cxy / Math.sqrt(vxx * vyy) : NaN;
    if (n < 2 || !spreadX) return { slope: NaN, intercept: NaN, meanX, meanY, n, r };
    const slope = cxy / vxx;
    return { slope, intercept: meanY - slope * meanX, meanX, meanY, n, r };
  }
}
