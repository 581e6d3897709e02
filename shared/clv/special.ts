// Log-gamma and digamma for positive real arguments, accurate to about 1e-14 relative.

const HALF_LN_2PI = 0.9189385332046728;

/** ln Γ(x) for x > 0 (Stirling series after shifting the argument above 10). */
export function lnGamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  let shift = 0;
  let product = 1;
  while (x < 10) {
    product *= x;
    x += 1;
    // Keep the running product in range for very small x.
    if (product > 1e280 || product < 1e-280) {
      shift += Math.log(product);
      product = 1;
    }
  }
  shift += Math.log(product);
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188)))));
  return (x - 0.5) * Math.log(x) - x + HALF_LN_2PI + series - shift;
}

/** ψ(x) = d/dx ln Γ(x): recurrence above 10, then the asymptotic series; reflection for x < 0 (NaN at the poles). */
export function digamma(x: number): number {
  if (!(x > 0)) {
    if (Number.isInteger(x) || !Number.isFinite(x)) return NaN;
    // ψ(1 − x) − ψ(x) = π cot(πx).
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  }
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return acc + Math.log(x) - 0.5 * inv - series;
}

/** ln|Γ(x)| and the sign of Γ(x) for any real x; at the poles (0, -1, -2, …) the log is +∞ and the sign 0. */
export function lnGammaSigned(x: number): { log: number; sign: number } {
  if (x > 0) return { log: lnGamma(x), sign: 1 };
  if (Number.isInteger(x)) return { log: Infinity, sign: 0 };
  // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
  const s = Math.sin(Math.PI * (x - 2 * Math.floor(x / 2)));
  return { log: Math.log(Math.PI) - Math.log(Math.abs(s)) - lnGamma(1 - x), sign: s > 0 ? 1 : -1 };
}
