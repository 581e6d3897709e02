import { ClvError } from './errors';
import { minimiseBfgs } from './optimise';

/** A log-likelihood over positive parameters θ that also writes ∂LL/∂θ into `gradient`. */
export type LogLikelihood = (theta: Float64Array, gradient: Float64Array) => number;

/**
 * Maximises a log-likelihood over positive parameters by BFGS on log θ (mean LL per customer, so the
 * tolerances do not depend on the sample size), restarting once from the optimum to polish it.
 */
export function maximise(ll: LogLikelihood, start: readonly number[], customers: number, what: string): { theta: Float64Array; logLikelihood: number } {
  const n = start.length;
  const theta = new Float64Array(n);
  const gTheta = new Float64Array(n);
  const objective = (phi: Float64Array, g: Float64Array): number => {
    for (let i = 0; i < n; i++) theta[i] = Math.exp(phi[i]!);
    const value = ll(theta, gTheta);
    for (let i = 0; i < n; i++) g[i] = (-theta[i]! * gTheta[i]!) / customers;
    return -value / customers;
  };
  let phi: Float64Array = Float64Array.from(start, Math.log);
  let converged = false;
  let value = Infinity;
  for (let round = 0; round < 3 && !converged; round++) {
    const result = minimiseBfgs(objective, phi, { gradientTolerance: 1e-9, maxIterations: 400 });
    phi = result.x;
    value = result.value;
    converged = result.converged;
  }
  // A parameter running off to 0 or ∞ means the data pin no finite optimum down.
  if (!converged || !Number.isFinite(value) || phi.some((p) => !(Math.abs(p) < 30))) {
    throw new ClvError('did_not_converge', `the ${what} fit did not converge`);
  }
  return { theta: Float64Array.from(phi, Math.exp), logLikelihood: -value * customers };
}
