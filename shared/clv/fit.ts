import { ClvError } from './errors';
import { minimiseBfgs } from './optimise';

/** A log-likelihood over positive parameters θ that also writes ∂LL/∂θ into `gradient`. */
export type LogLikelihood = (theta: Float64Array, gradient: Float64Array) => number;

/** |ln θ| above this (θ outside 1e-5 … 1e5) for a shape parameter means it ran off to a boundary. */
const SHAPE_LOG_BOUND = Math.log(1e5);

/** Where a maximisation ended: the point, its log-likelihood, and whether it is a finite optimum to trust. */
export interface Maximum {
  theta: Float64Array;
  logLikelihood: number;
  /** BFGS met its tolerances and no parameter ran off to 0 or ∞. */
  settled: boolean;
  /** BFGS's inverse-Hessian approximation at the end, on log θ (a warm start for the same model on more data). */
  inverseHessian: Float64Array;
}

/**
 * The same log-likelihood over a sample of the data (a few tens of thousands of rows drawn from millions): its
 * optimum and curvature, per customer, are close to the whole data's, so BFGS on the whole data starts there.
 */
export interface LikelihoodSample {
  ll: LogLikelihood;
  customers: number;
}

/**
 * Maximises a log-likelihood over positive parameters by BFGS on log θ (mean LL per customer, so the
 * tolerances do not depend on the sample size), restarting from the optimum to polish it; never throws for
 * a fit that runs off, it says so in `settled` (callers then try the model's limits). With a `sample`, BFGS first
 * runs on the sample and the whole data's BFGS starts from its optimum and inverse Hessian: on 1.45 million
 * distinct rows that takes about a fifth of the whole-data evaluations a cold start takes. The answer is the same
 * optimum to the tolerances; should the warm run not settle, the cold one runs as without a sample.
 */
export function maximiseOpen(ll: LogLikelihood, start: readonly number[], customers: number, shapes: readonly number[] = [], sample?: LikelihoodSample): Maximum {
  if (sample !== undefined) {
    const onSample = maximiseFrom(sample.ll, start, sample.customers, shapes);
    const curvature = onSample.settled ? inverseHessianAt(sample.ll, onSample.theta, sample.customers) : undefined;
    if (curvature !== undefined) {
      const warm = maximiseFrom(ll, Array.from(onSample.theta), customers, shapes, curvature);
      if (warm.settled) return warm;
    }
  }
  return maximiseFrom(ll, start, customers, shapes);
}

/**
 * The inverse of the Hessian of the mean negative log-likelihood on log θ at θ, from central differences of the
 * gradient (2n evaluations), or undefined when it is not positive definite. BFGS's own approximation at the end of
 * a run is too rough a start: the whole-data run then took 45 evaluations where this one takes a handful.
 */
function inverseHessianAt(ll: LogLikelihood, theta: Float64Array, customers: number): Float64Array | undefined {
  const n = theta.length;
  const point = new Float64Array(n);
  const g = new Float64Array(n);
  const gradientAt = (phi: Float64Array): Float64Array => {
    for (let i = 0; i < n; i++) point[i] = Math.exp(phi[i]!);
    ll(point, g);
    return Float64Array.from(g, (v, i) => (-point[i]! * v) / customers);
  };
  const phi = Float64Array.from(theta, Math.log);
  const h = 1e-4;
  const hessian = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const up = Float64Array.from(phi);
    const down = Float64Array.from(phi);
    up[j] = up[j]! + h;
    down[j] = down[j]! - h;
    const gu = gradientAt(up);
    const gd = gradientAt(down);
    for (let i = 0; i < n; i++) hessian[i * n + j] = (gu[i]! - gd[i]!) / (2 * h);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const mean = (hessian[i * n + j]! + hessian[j * n + i]!) / 2;
      hessian[i * n + j] = mean;
      hessian[j * n + i] = mean;
    }
  }
  return invertPositiveDefinite(hessian, n);
}

/** The inverse of a symmetric matrix by Cholesky, or undefined when it is not positive definite (or not finite). */
function invertPositiveDefinite(a: Float64Array, n: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return undefined;
        l[i * n + i] = Math.sqrt(sum);
      } else l[i * n + j] = sum / l[j * n + j]!;
    }
  }
  // Columns of L⁻¹ by forward substitution, then A⁻¹ = L⁻ᵀ L⁻¹.
  const inv = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    for (let i = c; i < n; i++) {
      let sum = i === c ? 1 : 0;
      for (let k = c; k < i; k++) sum -= l[i * n + k]! * inv[k * n + c]!;
      inv[i * n + c] = sum / l[i * n + i]!;
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let k = Math.max(i, j); k < n; k++) sum += inv[k * n + i]! * inv[k * n + j]!;
    out[i * n + j] = sum;
  }
  return Number.isFinite(out.reduce((x, y) => x + y, 0)) ? out : undefined;
}

/** maximiseOpen's BFGS rounds from one start (and, warm, one inverse Hessian on log θ). */
function maximiseFrom(ll: LogLikelihood, start: readonly number[], customers: number, shapes: readonly number[], inverseHessian?: Float64Array): Maximum {
  const n = start.length;
  const theta = new Float64Array(n);
  const gTheta = new Float64Array(n);
  const objective = (phi: Float64Array, g: Float64Array): number => {
    for (let i = 0; i < n; i++) theta[i] = Math.exp(phi[i]!);
    let value: number;
    try {
      value = ll(theta, gTheta);
    } catch (error) {
      // A series that cannot be summed at a trial point (parameters running off) makes that point
      // unusable, not the fit: BFGS backs off from an infinite value.
      if (error instanceof ClvError && error.code === 'numerical') return Infinity;
      throw error;
    }
    for (let i = 0; i < n; i++) g[i] = (-theta[i]! * gTheta[i]!) / customers;
    return -value / customers;
  };
  let phi: Float64Array = Float64Array.from(start, Math.log);
  let converged = false;
  let value = Infinity;
  let last: Float64Array = new Float64Array(n * n);
  let H = inverseHessian;
  for (let round = 0; round < 3 && !converged; round++) {
    const result = minimiseBfgs(objective, phi, { gradientTolerance: 1e-8, maxIterations: 400, ...(H === undefined ? {} : { inverseHessian: H }) });
    phi = result.x;
    value = result.value;
    converged = result.converged;
    // A cold start's later rounds start cold again, as they always have; a warm one keeps its curvature.
    if (H !== undefined) H = result.inverseHessian;
    last = result.inverseHessian;
  }
  // A parameter running off to 0 or ∞ means the data pin no finite optimum down (e.g. nobody drops out,
  // or every customer buys at the same rate). Shape parameters (indices in `shapes`) are unit-free, so they
  // get a tight bound; scales depend on the time or money unit and only have to stay finite.
  const runaway = (p: number, i: number): boolean => !(Math.abs(p) < (shapes.includes(i) ? SHAPE_LOG_BOUND : 30));
  const settled = converged && Number.isFinite(value) && !Array.from(phi).some(runaway);
  return { theta: Float64Array.from(phi, Math.exp), logLikelihood: -value * customers, settled, inverseHessian: last };
}

/** maximiseOpen for models without a limit to fall back on: a fit that does not settle is a typed error. */
export function maximise(
  ll: LogLikelihood,
  start: readonly number[],
  customers: number,
  what: string,
  shapes: readonly number[] = [],
  sample?: LikelihoodSample,
): { theta: Float64Array; logLikelihood: number } {
  const result = maximiseOpen(ll, start, customers, shapes, sample);
  if (!result.settled) throw new ClvError('did_not_converge', `the ${what} fit did not converge`);
  return result;
}
