// CLV speed, whole process against whole process: `regulars clv fit --json` on the full CDNOW log (BG/NBD +
// Gamma-Gamma, and Pareto/NBD), a 50,000-customer simulated log against a Python/scipy fit of the same models
// (when python3 with numpy and scipy is here), scoring 1,000,000 customers, and (CLV_RIDGE=1) the no-drop-out
// ridge: 200,000 customers who almost never stop buying (1,000,000 purchases), our answer against scipy's.
// Run: node bench/run.mjs clv   (CLV_RUNS=5 repeats each process; the median and best are printed;
// CLV_ONLY=cdnow,sim50k,million,ridge runs only those parts)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { scoreSummary, summarise, type ModelFit } from '../shared/clv';
import { isoFromDay } from '../shared/kernel';
import { SIM_START_DAY, simulateBg } from '../tests/shared/clv/simulate';

const RUNS = Number(process.env.CLV_RUNS ?? 5);
const ONLY = process.env.CLV_ONLY?.split(',');
const part = (name: string): boolean => (ONLY ? ONLY.includes(name) : name !== 'ridge' || process.env.CLV_RIDGE === '1');
// CLV_CLI times another build (e.g. a copy of dist/cli from before a change) against the same Python.
const cli = path.resolve(process.env.CLV_CLI ?? 'dist/cli/regulars.mjs');
const master = path.resolve(process.env.CLV_DATA ?? '../shared/data/clv', 'CDNOW_master.txt');
const dir = mkdtempSync(path.join(tmpdir(), 'clv-bench-'));

/** Runs a command RUNS times; returns the median and best wall-clock seconds and the last stdout. */
function timeProcess(command: string, args: string[], runs = RUNS): { median: number; best: number; runs: number; stdout: string } {
  const times: number[] = [];
  let stdout = '';
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push((performance.now() - started) / 1000);
    if (run.status !== 0) throw new Error(`${path.basename(command)} ${args.slice(0, 3).join(' ')} failed: ${run.stderr.slice(0, 400)}`);
    stdout = run.stdout;
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, best: times[0]!, runs, stdout };
}

const fmt = (t: { median: number; best: number; runs: number }): string =>
  t.runs === 1 ? `${t.median.toFixed(2)} s (one run)` : `${t.median.toFixed(3)} s median, ${t.best.toFixed(3)} s best of ${t.runs}`;

function params(stdout: string): string {
  const out = JSON.parse(stdout) as { params: Record<string, number>; logLikelihood: number; spend: Record<string, number> | null };
  const p = Object.entries(out.params).map(([k, v]) => `${k}=${v.toPrecision(5)}`).join(' ');
  const s = out.spend ? ` | p=${out.spend.p!.toPrecision(4)} q=${out.spend.q!.toPrecision(4)} γ=${out.spend.gamma!.toPrecision(4)}` : '';
  return `${p} LL=${out.logLikelihood.toFixed(2)}${s}`;
}

// Python/scipy reference: reads the same CSV, builds the same summary (repeat days, weeks, inclusive end) and
// fits BG/NBD and Gamma-Gamma by scipy.optimize.minimize (BFGS on log-parameters, numpy-vectorised likelihoods).
const PYTHON = String.raw`
import sys, json
import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln
path, end = sys.argv[1], int(sys.argv[2])
first, last, days, spend = {}, {}, {}, {}
with open(path) as f:
    next(f)
    for line in f:
        c, d, a = line.rstrip('\n').split(',')
        d = int(d); a = float(a)
        if d > end: continue
        s = days.get(c)
        if s is None:
            days[c] = {d}; first[c] = d; last[c] = d; spend[c] = {d: a}
        else:
            s.add(d); spend[c][d] = spend[c].get(d, 0.0) + a
            if d < first[c]: first[c] = d
            if d > last[c]: last[c] = d
ids = list(days)
x = np.array([len(days[c]) - 1 for c in ids], float)
tx = np.array([(last[c] - first[c]) / 7 for c in ids])
T = np.array([(end - first[c]) / 7 for c in ids])
m = np.array([(sum(spend[c].values()) - spend[c][first[c]]) / (len(days[c]) - 1) if len(days[c]) > 1 else 0.0 for c in ids])
def bg(lp):
    r, al, a, b = np.exp(lp)
    A1 = gammaln(r + x) - gammaln(r) + r * np.log(al)
    A2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    A3 = -(r + x) * np.log(al + T)
    A4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-12)) - (r + x) * np.log(al + tx), -np.inf)
    return -np.sum(A1 + A2 + np.logaddexp(A3, A4)) / len(x)
fit = minimize(bg, np.log([1.0, max(T.sum() / max(x.sum(), 1), 1e-3), 1.0, 1.0]), method='BFGS')
keep = (x > 0) & (m > 0)
xs, ms = x[keep], m[keep]
def gg(lp):
    p, q, g = np.exp(lp)
    return -np.sum(gammaln(p * xs + q) - gammaln(p * xs) - gammaln(q) + q * np.log(g) + p * xs * np.log(xs) + (p * xs - 1) * np.log(ms) - (p * xs + q) * np.log(g + xs * ms)) / len(xs)
sp = minimize(gg, np.log([1.0, 2.0, ms.mean()]), method='BFGS')
r, al, a, b = np.exp(fit.x); p, q, g = np.exp(sp.x)
print(json.dumps({'params': {'r': r, 'alpha': al, 'a': a, 'b': b}, 'logLikelihood': -fit.fun * len(x), 'customers': len(x),
                  'spend': {'p': p, 'q': q, 'gamma': g, 'logLikelihood': -sp.fun * len(xs)}}))
`;

function pythonWithScipy(): boolean {
  return spawnSync('python3', ['-c', 'import numpy, scipy'], { encoding: 'utf8' }).status === 0;
}

try {
  if (!existsSync(cli)) throw new Error('build the CLI first: node scripts/build.mjs cli');
  // Other work on the machine stretches every wall-clock figure: say how busy it was.
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${process.version}`);
  const bare = timeProcess(process.execPath, ['-e', '0']);
  console.log(`node start-up alone: ${fmt(bare)}`);

  if (part('cdnow') && existsSync(master)) {
    const bg = timeProcess(process.execPath, [cli, 'clv', 'fit', master, '--end', '1997-09-30', '--json']);
    console.log(`full CDNOW (23,570 customers, 69,659 purchases), BG/NBD + Gamma-Gamma, whole process: ${fmt(bg)} (target ≤ 0.3 s)`);
    console.log(`  ${params(bg.stdout)}`);
    const pareto = timeProcess(process.execPath, [cli, 'clv', 'fit', master, '--end', '1997-09-30', '--json', '--model', 'pareto']);
    console.log(`full CDNOW, Pareto/NBD + Gamma-Gamma, whole process: ${fmt(pareto)} (target ≤ 0.5 s)`);
    console.log(`  ${params(pareto.stdout)}`);
  } else if (part('cdnow')) {
    console.log(`full CDNOW: ${master} not found (set CLV_DATA)`);
  }

  // 50,000 simulated customers (BG/NBD r=0.25 α=4 a=0.8 b=2.5; Gamma-Gamma p=6 q=4 γ=15), 39 weeks.
  const endDay = SIM_START_DAY + 39 * 7;
  const iso = (d: number): string => isoFromDay(d);
  const script = path.join(dir, 'fit.py');
  writeFileSync(script, PYTHON);
  if (part('sim50k')) {
    const log = simulateBg({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { customers: 50_000, seed: 11, acquisitionWeeks: 12, endWeek: 39, spend: { p: 6, q: 4, gamma: 15 } });
    const csv = ['customer_id,date,amount', ...log.customer.map((c, i) => `${c},${iso(log.day[i]!)},${log.amount[i]!}`)].join('\n');
    const simFile = path.join(dir, 'sim50k.csv');
    writeFileSync(simFile, `${csv}\n`);
    const ours = timeProcess(process.execPath, [cli, 'clv', 'fit', simFile, '--end', iso(endDay), '--json']);
    console.log(`\n50,000 simulated customers (${log.customer.length.toLocaleString('en')} purchases), BG/NBD + Gamma-Gamma, regulars whole process: ${fmt(ours)}`);
    console.log(`  regulars: ${params(ours.stdout)}`);
    if (pythonWithScipy()) {
      // Python gets day numbers, so it does not pay for date parsing.
      const pyFile = path.join(dir, 'sim50k-days.csv');
      writeFileSync(pyFile, ['customer_id,day,amount', ...log.customer.map((c, i) => `${c},${log.day[i]!},${log.amount[i]!}`)].join('\n') + '\n');
      const py = timeProcess('python3', [script, pyFile, String(endDay)]);
      console.log(`  python3 + numpy + scipy whole process: ${fmt(py)} → regulars is ${(py.median / ours.median).toFixed(1)}× faster (target ≥ 10×)`);
      console.log(`  scipy:    ${params(py.stdout)}`);
    } else {
      console.log('  python3 with numpy and scipy is not available here: no Python comparison');
    }
    const lifetimes = spawnSync('python3', ['-c', 'import lifetimes'], { encoding: 'utf8' }).status === 0;
    console.log(`  (python lifetimes ${lifetimes ? 'is installed but not timed here' : 'is not installed here'})`);
  }

  if (part('ridge')) {
    // Nobody-drops-out ridge: BG/NBD r=1 α=11.5 with p ≈ 1e-6 (a=0.001, b=1000), 52 weeks.
    const ridge = simulateBg({ r: 1, alpha: 11.5, a: 0.001, b: 1000 }, { customers: 200_000, seed: 7, acquisitionWeeks: 12, endWeek: 52, spend: { p: 6, q: 4, gamma: 15 } });
    const ridgeEnd = SIM_START_DAY + 52 * 7;
    const ridgeFile = path.join(dir, 'ridge.csv');
    writeFileSync(ridgeFile, ['customer_id,date,amount', ...ridge.customer.map((c, i) => `${c},${iso(ridge.day[i]!)},${ridge.amount[i]!}`)].join('\n') + '\n');
    const started = performance.now();
    const run = spawnSync(process.execPath, [cli, 'clv', 'fit', ridgeFile, '--end', iso(ridgeEnd), '--model', 'bgnbd', '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const seconds = (performance.now() - started) / 1000;
    console.log(`\nridge: 200,000 customers who almost never stop buying (${ridge.customer.length.toLocaleString('en')} purchases), regulars clv fit --model bgnbd: exit ${run.status}, ${seconds.toFixed(2)} s`);
    console.log(`  regulars: ${run.status === 0 ? params(run.stdout) : run.stderr.trim()}`);
    if (run.stderr.trim() !== '') console.log(`  warning: ${run.stderr.trim()}`);
    if (pythonWithScipy()) {
      const pyFile = path.join(dir, 'ridge-days.csv');
      writeFileSync(pyFile, ['customer_id,day,amount', ...ridge.customer.map((c, i) => `${c},${ridge.day[i]!},${ridge.amount[i]!}`)].join('\n') + '\n');
      const py = timeProcess('python3', [script, pyFile, String(ridgeEnd)], 1);
      console.log(`  scipy BFGS (${fmt(py)}): ${params(py.stdout)}`);
    }
  }

  if (part('million')) {
    // Scoring 1,000,000 customers simulated from the BG/NBD (2.2 million purchases, summarised as the CLI would).
    const million = summarise(
      simulateBg({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { customers: 1_000_000, seed: 3, acquisitionWeeks: 12, endWeek: 39, spend: { p: 6, q: 4, gamma: 15 } }),
      endDay,
      'week',
    );
    const fit: ModelFit = { model: 'bgnbd', params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, logLikelihood: 0, customers: million.ids.length };
    const spend = { params: { p: 6.25, q: 3.74, gamma: 15.44 }, logLikelihood: 0, customers: 0 };
    const started = performance.now();
    const scores = scoreSummary(fit, spend, million, { horizon: 52, unitDays: 7, discountRate: 0.1 });
    const seconds = (performance.now() - started) / 1000;
    let total = 0;
    for (const v of scores.clv) total += v;
    console.log(`\nscoring 1,000,000 customers (P(alive), 52-week expected purchases and discounted CLV, in process): ${seconds.toFixed(2)} s (target ≤ 5 s); total CLV ${Math.round(total).toLocaleString('en')}`);
    // The same customers through the CLI, whole process: read the summary CSV, fit BG/NBD and Gamma-Gamma on a
    // million customers, score and write a 1,000,001-line CSV.
    const summaryFile = path.join(dir, 'summary1m.csv');
    const rows = ['customer_id,frequency,recency,T,monetary_value'];
    for (let i = 0; i < million.ids.length; i++) {
      rows.push(`${million.ids[i]!},${million.x[i]!},${million.tx[i]!.toFixed(6)},${million.T[i]!.toFixed(6)},${million.monetary[i]!.toFixed(2)}`);
    }
    writeFileSync(summaryFile, `${rows.join('\n')}\n`);
    const cliScore = timeProcess(process.execPath, [cli, 'clv', 'score', summaryFile, '--out', path.join(dir, 'scores1m.csv')], 1);
    console.log(`regulars clv score on those 1,000,000 customers (fit + score + write), whole process: ${fmt(cliScore)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
