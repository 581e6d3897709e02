import { ClvError } from './errors';
import { digamma, lnGammaSigned } from './special';

const EPS = 1e-16;
const MAX_TERMS = 100_000;
/** Up to this z the direct series needs at most a few thousand terms (0.98^1800 ≈ 1e-16). */
const SERIES_UP_TO = 0.98;
/** How close to an integer c − a − b may be before the connection formula is not trusted. */
const NEAR_INTEGER = 1e-4;

/** The Gauss series Σ (a)ₖ(b)ₖ/((c)ₖ k!) zᵏ, for |z| < 1 (stops early when a or b is a non-positive integer). */
export function hyp2f1Series(a: number, b: number, c: number, z: number): number {
  if (c <= 0 && Number.isInteger(c)) throw new ClvError('numerical', '2F1 is undefined when c is a non-positive integer');
  let term = 1;
  let sum = 1;
  // Kahan compensation: near z = 1 thousands of terms are added.
  let carry = 0;
  for (let k = 0; k < MAX_TERMS; k++) {
    term *= ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    if (term === 0) return sum;
    const y = term - carry;
    const t = sum + y;
    carry = t - sum - y;
    sum = t;
    if (Math.abs(term) <= EPS * Math.abs(sum) && k > 2) return sum;
  }
  throw new ClvError('numerical', '2F1 series did not converge');
}

function gammaRatio(num: number[], den: number[]): number {
  let log = 0;
  let sign = 1;
  for (const x of num) {
    const g = lnGammaSigned(x);
    if (g.sign === 0) throw new ClvError('numerical', '2F1 connection formula hit a pole');
    log += g.log;
    sign *= g.sign;
  }
  for (const x of den) {
    const g = lnGammaSigned(x);
    // 1/Γ at a pole is zero: that whole term vanishes.
    if (g.sign === 0) return 0;
    log -= g.log;
    sign *= g.sign;
  }
  return sign * Math.exp(log);
}

/** The 1 − z connection formula (Abramowitz & Stegun 15.3.6), valid when c − a − b is not an integer. */
function connection(a: number, b: number, c: number, z: number): number {
  const w = 1 - z;
  const first = gammaRatio([c, c - a - b], [c - a, c - b]);
  const second = gammaRatio([c, a + b - c], [a, b]);
  const left = first === 0 ? 0 : first * hyp2f1Series(a, b, a + b - c + 1, w);
  const right = second === 0 ? 0 : second * Math.pow(w, c - a - b) * hyp2f1Series(c - a, c - b, c - a - b + 1, w);
  return left + right;
}

/**
 * Gauss's hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z ≤ 1: Pfaff's transformation
 * for z < 0; the series for z ≤ ½ (and up to 0.98 when a, b, c > 0); above that the 1 − z connection formula,
 * or its logarithmic limit when c − a − b is an integer; Gauss's theorem at z = 1.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (![a, b, c, z].every(Number.isFinite)) throw new ClvError('numerical', '2F1 needs finite arguments');
  if (c <= 0 && Number.isInteger(c)) throw new ClvError('numerical', '2F1 is undefined when c is a non-positive integer');
  if (z === 0 || a === 0 || b === 0) return 1;
  if (z < 0) {
    // Pfaff: ₂F₁(a,b;c;z) = (1−z)^(−a) ₂F₁(a, c−b; c; z/(z−1)), and z/(z−1) lies in (0, 1).
    return Math.pow(1 - z, -a) * hyp2f1(a, c - b, c, z / (z - 1));
  }
  if (z <= 0.5) return hyp2f1Series(a, b, c, z);
  // With a, b, c > 0 every term is positive, so the series is exact to rounding however large the terms get,
  // while the 1 − z formula can cancel catastrophically for large parameters: sum directly while it is cheap.
  if (a > 0 && b > 0 && c > 0 && z <= SERIES_UP_TO) return hyp2f1Series(a, b, c, z);
  if (z === 1) {
    if (c - a - b <= 0) throw new ClvError('numerical', '2F1 diverges at z = 1 when c ≤ a + b');
    return gammaRatio([c, c - a - b], [c - a, c - b]);
  }
  if (z > 1) throw new ClvError('numerical', '2F1 is only evaluated for z ≤ 1');
  // A polynomial needs no transformation.
  if ((a <= 0 && Number.isInteger(a)) || (b <= 0 && Number.isInteger(b))) return hyp2f1Series(a, b, c, z);
  const m = c - a - b;
  const mi = Math.round(m);
  const offset = m - mi;
  if (Math.abs(offset) >= NEAR_INTEGER) return connection(a, b, c, z);
  // c − a − b an integer: the connection formula's Γ(c − a − b) has a pole, so use its limit, the logarithmic
  // series (A&S 15.3.10–15.3.12). Within NEAR_INTEGER of one, interpolate in b between that exact value and the
  // connection formula NEAR_INTEGER away (error ~ h²/8 · ∂²F/∂b², about 1e-9 relative).
  const b0 = b + offset;
  const exact = integerGap(a, b0, c, mi, z);
  if (offset === 0) return exact;
  const far = connection(a, b0 - Math.sign(offset) * NEAR_INTEGER, c, z);
  return exact + ((far - exact) * Math.abs(offset)) / NEAR_INTEGER;
}

/** ₂F₁(a, b; c; z) for 0.5 < z < 1 when c − a − b = m exactly (an integer); m < 0 goes through Euler's transformation. */
function integerGap(a: number, b: number, c: number, m: number, z: number): number {
  const w = 1 - z;
  // Euler: F(a, b; c; z) = (1 − z)^(c−a−b) F(c − a, c − b; c; z), and (c − a) + (c − b) + (−m) = c.
  if (m < 0) return Math.pow(w, m) * logarithmicCase(c - a, c - b, -m, w);
  return logarithmicCase(a, b, m, w);
}

/**
 * A&S 15.3.11 (15.3.10 when m = 0): F(a, b; a + b + m; 1 − w) for an integer m ≥ 0 and 0 < w < ½ —
 * Γ(m)Γ(a+b+m)/(Γ(a+m)Γ(b+m)) Σₙ₌₀^(m−1) (a)ₙ(b)ₙ/(n!(1−m)ₙ) wⁿ
 * − (−w)^m Γ(a+b+m)/(Γ(a)Γ(b)) Σₙ (a+m)ₙ(b+m)ₙ/(n!(n+m)!) wⁿ [ln w − ψ(n+1) − ψ(n+m+1) + ψ(a+n+m) + ψ(b+n+m)].
 */
function logarithmicCase(a: number, b: number, m: number, w: number): number {
  const c = a + b + m;
  let finite = 0;
  if (m > 0) {
    const coefficient = gammaRatio([m, c], [a + m, b + m]);
    if (coefficient !== 0) {
      let term = 1;
      let sum = 1;
      for (let n = 1; n < m; n++) {
        term *= ((a + n - 1) * (b + n - 1) * w) / (n * (n - m));
        sum += term;
      }
      finite = coefficient * sum;
    }
  }
  const coefficient = gammaRatio([c], [a, b]);
  if (coefficient === 0) return finite;
  const lnW = Math.log(w);
  let mFactorial = 1;
  for (let k = 2; k <= m; k++) mFactorial *= k;
  let term = 1 / mFactorial; // (a+m)ₙ(b+m)ₙ wⁿ / (n!(n+m)!)
  let psi1 = digamma(1);
  let psiM = digamma(m + 1);
  let psiA = digamma(a + m);
  let psiB = digamma(b + m);
  let sum = term * (lnW - psi1 - psiM + psiA + psiB);
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= ((a + m + n - 1) * (b + m + n - 1) * w) / (n * (n + m));
    psi1 += 1 / n;
    psiM += 1 / (n + m);
    psiA += 1 / (a + m + n - 1);
    psiB += 1 / (b + m + n - 1);
    const piece = term * (lnW - psi1 - psiM + psiA + psiB);
    sum += piece;
    if (term === 0 || (Math.abs(piece) <= EPS * Math.abs(sum) && n > 2)) {
      return finite - Math.pow(-w, m) * coefficient * sum;
    }
  }
  throw new ClvError('numerical', '2F1 logarithmic series did not converge');
}
