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
}

/**
 * Maximises a log-likelihood over positive parameters by BFGS on log θ (mean LL per customer, so the
 * tolerances do not depend on the sample size), restarting from the optimum to polish it; never throws for
 * a fit that runs off, it says so in `settled` (callers then try the model's limits).
 */
export function maximiseOpen(ll: LogLikelihood, start: readonly number[], customers: number, shapes: readonly number[] = []): Maximum {
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
  for (let round = 0; round < 3 && !converged; round++) {
    const result = minimiseBfgs(objective, phi, { gradientTolerance: 1e-8, maxIterations: 400 });
    phi = result.x;
    value = result.value;
    converged = result.converged;
  }
  // A parameter running off to 0 or ∞ means the data pin no finite optimum down (e.g. nobody drops out,
  // or every customer buys at the same rate). Shape parameters (indices in `shapes`) are unit-free, so they
  // get a tight bound; scales depend on the time or money unit and only have to stay finite.
  const runaway = (p: number, i: number): boolean => !(Math.abs(p) < (shapes.includes(i) ? SHAPE_LOG_BOUND : 30));
  const settled = converged && Number.isFinite(value) && !Array.from(phi).some(runaway);
  return { theta: Float64Array.from(phi, Math.exp), logLikelihood: -value * customers, settled };
}

/** maximiseOpen for models without a limit to fall back on: a fit that does not settle is a typed error. */
export function maximise(
  ll: LogLikelihood,
  start: readonly number[],
  customers: number,
  what: string,
  shapes: readonly number[] = [],
): { theta: Float64Array; logLikelihood: number } {
  const result = maximiseOpen(ll, start, customers, shapes);
  if (!result.settled) throw new ClvError('did_not_converge', `the ${what} fit did not converge`);
  return result;
}
