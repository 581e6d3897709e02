/** An objective that returns f(x) and writes ∇f(x) into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** Where BFGS stopped and why. */
export interface Minimum {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** The inverse-Hessian approximation at the end (n × n, row-major): a warm start for a like objective. */
  inverseHessian: Float64Array;
}

/** Stopping rules: gradient max-norm, relative change of f, and iteration budget. */
export interface MinimiseOptions {
  gradientTolerance?: number;
  valueTolerance?: number;
  maxIterations?: number;
  /**
   * The inverse Hessian to start from (n × n, row-major), e.g. where BFGS ended on a sample of the same data:
   * without it BFGS starts from the identity and rescales after its first step.
   */
  inverseHessian?: ArrayLike<number>;
}

const C1 = 1e-4;
const C2 = 0.9;

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i]! * v[i]!;
  return s;
}

function maxAbs(u: Float64Array): number {
  let m = 0;
  for (let i = 0; i < u.length; i++) m = Math.max(m, Math.abs(u[i]!));
  return m;
}

/**
 * Minimises a smooth function with BFGS (inverse-Hessian update) and a strong-Wolfe line search
 * (Nocedal & Wright, algorithms 3.5 and 3.6); non-finite values are treated as +∞ so the search backs off.
 */
export function minimiseBfgs(objective: Objective, start: ArrayLike<number>, options: MinimiseOptions = {}): Minimum {
  const n = start.length;
  const gtol = options.gradientTolerance ?? 1e-9;
  const ftol = options.valueTolerance ?? 1e-15;
  const maxIterations = options.maxIterations ?? 500;
  let evaluations = 0;
  const evaluate = (x: Float64Array, g: Float64Array): number => {
    evaluations++;
    const f = objective(x, g);
    return Number.isFinite(f) && g.every(Number.isFinite) ? f : Infinity;
  };

  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let f = evaluate(x, g);
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  if (options.inverseHessian !== undefined) H.set(options.inverseHessian);
  if (!Number.isFinite(f)) return { x, value: f, gradient: g, iterations: 0, evaluations, converged: false, inverseHessian: H };
  const p = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  let firstStep = options.inverseHessian === undefined;

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    if (maxAbs(g) <= gtol) return { x, value: f, gradient: g, iterations: iteration - 1, evaluations, converged: true, inverseHessian: H };
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v -= H[i * n + j]! * g[j]!;
      p[i] = v;
    }
    let slope = dot(p, g);
    if (!(slope < 0)) {
      // Lost positive definiteness: restart from steepest descent.
      H.fill(0);
      for (let i = 0; i < n; i++) {
        H[i * n + i] = 1;
        p[i] = -g[i]!;
      }
      slope = dot(p, g);
    }
    // A first step of unit length at most keeps the first probe of a log-parameter search sane.
    const initial = firstStep ? Math.min(1, 1 / Math.max(1e-12, maxAbs(p))) : 1;
    const step = lineSearch(evaluate, x, f, slope, p, initial, xNew, gNew);
    if (step === undefined) {
      // No acceptable step along this direction: converged if the gradient is already tiny.
      return { x, value: f, gradient: g, iterations: iteration, evaluations, converged: maxAbs(g) <= gtol * 1e3, inverseHessian: H };
    }
    const fNew = step;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(s, y);
    const change = Math.abs(f - fNew);
    x = Float64Array.from(xNew);
    g = Float64Array.from(gNew);
    f = fNew;
    if (sy > 1e-300) {
      if (firstStep) {
        const scale = sy / dot(y, y);
        H.fill(0);
        for (let i = 0; i < n; i++) H[i * n + i] = scale;
        firstStep = false;
      }
      updateInverseHessian(H, s, y, sy, n);
    }
    if (change <= ftol * Math.max(1, Math.abs(f)) && maxAbs(g) <= gtol * 1e3) {
      return { x, value: f, gradient: g, iterations: iteration, evaluations, converged: true, inverseHessian: H };
    }
  }
  return { x, value: f, gradient: g, iterations: maxIterations, evaluations, converged: maxAbs(g) <= gtol, inverseHessian: H };
}

function updateInverseHessian(H: Float64Array, s: Float64Array, y: Float64Array, sy: number, n: number): void {
  // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, written with Hy to stay O(n²).
  const rho = 1 / sy;
  const Hy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += H[i * n + j]! * y[j]!;
    Hy[i] = v;
  }
  const yHy = dot(y, Hy);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      H[i * n + j] = H[i * n + j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!;
    }
  }
}

/** Strong-Wolfe line search; writes the accepted point and gradient and returns f there, or undefined. */
function lineSearch(
  evaluate: (x: Float64Array, g: Float64Array) => number,
  x: Float64Array,
  f0: number,
  slope0: number,
  p: Float64Array,
  initial: number,
  xOut: Float64Array,
  gOut: Float64Array,
): number | undefined {
  const n = x.length;
  const g = new Float64Array(n);
  const probe = (alpha: number): { f: number; slope: number } => {
    for (let i = 0; i < n; i++) xOut[i] = x[i]! + alpha * p[i]!;
    const f = evaluate(xOut, g);
    gOut.set(g);
    return { f, slope: Number.isFinite(f) ? dot(g, p) : NaN };
  };
  let alphaPrev = 0;
  let fPrev = f0;
  let slopePrev = slope0;
  let alpha = initial;
  for (let i = 0; i < 30; i++) {
    const { f, slope } = probe(alpha);
    if (!Number.isFinite(f)) {
      // Stepped out of the domain: shrink towards the last good point.
      alpha = alphaPrev + (alpha - alphaPrev) * 0.1;
      continue;
    }
    if (f > f0 + C1 * alpha * slope0 || (i > 0 && f >= fPrev)) {
      return zoom(probe, f0, slope0, alphaPrev, fPrev, slopePrev, alpha, f, slope);
    }
    if (Math.abs(slope) <= -C2 * slope0) return f;
    if (slope >= 0) return zoom(probe, f0, slope0, alpha, f, slope, alphaPrev, fPrev, slopePrev);
    alphaPrev = alpha;
    fPrev = f;
    slopePrev = slope;
    alpha *= 2;
  }
  return undefined;
}

function zoom(
  probe: (alpha: number) => { f: number; slope: number },
  f0: number,
  slope0: number,
  aLo: number,
  fLo: number,
  sLo: number,
  aHi: number,
  fHi: number,
  _sHi: number,
): number | undefined {
  let best: { alpha: number; f: number } | undefined;
  for (let i = 0; i < 40; i++) {
    // Quadratic interpolation from the low end, safeguarded into the middle of the bracket.
    const width = aHi - aLo;
    let alpha = aLo - (sLo * width * width) / (2 * (fHi - fLo - sLo * width));
    const lo = Math.min(aLo, aHi);
    const hi = Math.max(aLo, aHi);
    if (!Number.isFinite(alpha) || alpha <= lo + 0.1 * (hi - lo) || alpha >= hi - 0.1 * (hi - lo)) alpha = 0.5 * (aLo + aHi);
    const { f, slope } = probe(alpha);
    if (!Number.isFinite(f) || f > f0 + C1 * alpha * slope0 || f >= fLo) {
      aHi = alpha;
      fHi = Number.isFinite(f) ? f : Infinity;
      if (!Number.isFinite(f)) fHi = fLo + Math.abs(fLo) + 1;
    } else {
      if (Math.abs(slope) <= -C2 * slope0) return f;
      best = { alpha, f };
      if (slope * (aHi - aLo) >= 0) {
        aHi = aLo;
        fHi = fLo;
      }
      aLo = alpha;
      fLo = f;
      sLo = slope;
    }
    // Stop when the bracket is tiny, or when f no longer changes measurably across it: near the optimum of a
    // sum over many customers rounding noise swamps the differences, and more probes only burn evaluations.
    if (Math.abs(aHi - aLo) < 1e-9 * Math.max(Math.abs(aLo), Math.abs(aHi)) || Math.abs(fHi - fLo) <= 1e-15 * Math.max(1, Math.abs(f0))) break;
  }
  // Accept a sufficient-decrease point even without the curvature condition.
  if (best && best.alpha === aLo && best.f < f0) {
    probe(best.alpha);
    return best.f;
  }
  return undefined;
}
