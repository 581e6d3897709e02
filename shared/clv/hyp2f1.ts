import { ClvError } from './errors';
import { lnGammaSigned } from './special';

const EPS = 1e-16;
const MAX_TERMS = 100_000;

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
 * Gauss's hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z ≤ 1: the series for
 * |z| ≤ ½, Pfaff's transformation for z < 0, the 1 − z connection formula for ½ < z < 1, Gauss's theorem at 1.
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
  if (z === 1) {
    if (c - a - b <= 0) throw new ClvError('numerical', '2F1 diverges at z = 1 when c ≤ a + b');
    return gammaRatio([c, c - a - b], [c - a, c - b]);
  }
  if (z > 1) throw new ClvError('numerical', '2F1 is only evaluated for z ≤ 1');
  // A polynomial needs no transformation.
  if ((a <= 0 && Number.isInteger(a)) || (b <= 0 && Number.isInteger(b))) return hyp2f1Series(a, b, c, z);
  const m = c - a - b;
  const offset = m - Math.round(m);
  if (Math.abs(offset) >= 1e-4) return connection(a, b, c, z);
  // Degenerate case (c − a − b an integer or nearly): the series still converges geometrically for moderate z;
  // closer to 1, interpolate in b between points h either side of the pole (error ~h² f″, digits lost ~1/h).
  if (z <= 0.95) return hyp2f1Series(a, b, c, z);
  const h = 1e-4;
  const below = connection(a, b + offset + h, c, z); // c − a − b = round(m) − h
  const above = connection(a, b + offset - h, c, z); // c − a − b = round(m) + h
  return below + ((above - below) * (offset + h)) / (2 * h);
}
