// Seeded simulation of purchase logs from the BTYD models with known parameters, for tests and the benchmark.
import type { BgParams, ParetoParams, PurchaseLog, SpendParams } from '../../../shared/clv';
import { mulberry32 } from '../../../shared/kernel';

/** The kernel's mulberry32 moved half a step up, so it is on (0, 1) and log(u) is finite. */
export function uniformSource(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() + 0.5 / 4294967296;
}

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Gamma(shape, rate) by Marsaglia & Tsang (with the u^(1/shape) boost below shape 1). */
export function gamma(u: () => number, shape: number, rate: number): number {
  if (shape < 1) return gamma(u, shape + 1, rate) * Math.pow(u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(u);
    const v = Math.pow(1 + c * x, 3);
    if (v > 0 && Math.log(u()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/** What to simulate: customers, their first purchases spread over `acquisitionWeeks`, observed to `endWeek`. */
export interface Simulation {
  customers: number;
  seed: number;
  acquisitionWeeks: number;
  endWeek: number;
  spend: SpendParams;
}

/** Day 0 of every simulated log (1997-01-01), so the logs look like CDNOW's. */
export const SIM_START_DAY = 9862;

type Lifetime = (u: () => number) => { rate: number; alive: (purchase: number, u: () => number) => boolean; deathWeek: number };

function simulate(sim: Simulation, lifetime: Lifetime): PurchaseLog {
  const u = uniformSource(sim.seed);
  const customer: string[] = [];
  const day: number[] = [];
  const amount: number[] = [];
  for (let c = 0; c < sim.customers; c++) {
    const id = `C${c + 1}`;
    const first = u() * sim.acquisitionWeeks;
    const life = lifetime(u);
    const nu = gamma(u, sim.spend.q, sim.spend.gamma);
    const push = (week: number): void => {
      customer.push(id);
      day.push(SIM_START_DAY + Math.floor(week * 7));
      amount.push(Math.round(gamma(u, sim.spend.p, nu) * 100) / 100 || 0.01);
    };
    push(first);
    let t = first;
    for (let k = 1; ; k++) {
      t += -Math.log(u()) / life.rate;
      if (t > sim.endWeek || t - first > life.deathWeek) break;
      push(t);
      if (!life.alive(k, u)) break;
    }
  }
  return { customer, day, amount };
}

/** A BG/NBD (or, with `modified`, MBG/NBD) purchase log: drop-out with probability p after each purchase. */
export function simulateBg(params: BgParams, sim: Simulation, modified = false): PurchaseLog {
  return simulate(sim, (u) => {
    const rate = gamma(u, params.r, params.alpha);
    const x = gamma(u, params.a, 1);
    const p = x / (x + gamma(u, params.b, 1));
    // The MBG/NBD may also drop out right after the first purchase.
    const deadAtStart = modified && u() < p;
    return { rate, alive: (_k, v) => v() >= p, deathWeek: deadAtStart ? 0 : Infinity };
  });
}

/** A Pareto/NBD purchase log: an exponential lifetime with a Gamma(s, β) rate. */
export function simulatePareto(params: ParetoParams, sim: Simulation): PurchaseLog {
  return simulate(sim, (u) => {
    const rate = gamma(u, params.r, params.alpha);
    const mu = gamma(u, params.s, params.beta);
    return { rate, alive: () => true, deathWeek: -Math.log(u()) / mu };
  });
}
