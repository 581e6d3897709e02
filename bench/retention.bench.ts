// Retention analytics at scale: 100,000 customers, 1,000,000 purchases, 50,000 interactions (deterministic data).
// Prints the wall-clock time of each step and of the whole dashboard. `node bench/run.mjs retention`
import { buildDashboard } from '../shared/dashboard';
import { analyzeRetention, cohortMatrix, periodRates } from '../shared/retention';
import type { Customer, Interaction, Purchase } from '../shared/workbook';
import { mulberry32 } from '../shared/kernel';

/** The same data on every run. */
const random = mulberry32;

function customer(id: string): Customer {
  return {
    id, contact_type: 'customer', category: '', first_name: '', last_name: '', company: '', email: '', phone: '', street: '', city: '', region: '', postcode: '',
    country: '', birth_date: undefined, customer_since: undefined, account_manager: '', industry: '', source: '', membership_tier: '', membership_no: '', tier_upgraded_at: undefined,
    email_consent: undefined, consent_basis: '', consent_date: undefined, consent_source: '', unsubscribed_at: undefined, tags: '', notes: '', status: 'active',
    merged_into: '', last_verified_at: undefined, created_at: undefined, updated_at: undefined, referred_by: '', orders: undefined, revenue: undefined, first_purchase: undefined,
    last_purchase: undefined, p_alive: undefined, expected_purchases_90d: undefined, clv_12m: undefined, clv_tier: '', rfm_segment: '', churn_risk: undefined, cost_12m: undefined, profit_12m: undefined, segments: '',
  };
}

const CUSTOMERS = 100_000;
const PURCHASES = 1_000_000;
const next = random(7);
const customers = Array.from({ length: CUSTOMERS }, (_, i) => customer(`C-${i}`));
const purchases: Purchase[] = [];
const start = Date.UTC(2020, 0, 1);
for (let i = 0; i < PURCHASES; i++) {
  const date = new Date(start + Math.floor(next() * 2000) * 86_400_000).toISOString().slice(0, 10);
  purchases.push({ id: `P-${i}`, customer_id: `C-${Math.floor(next() * CUSTOMERS)}`, date, amount: Math.round(next() * 10000) / 100, currency: '', description: '', channel: '', staff: '' });
}
const interactions: Interaction[] = Array.from({ length: 50_000 }, (_, i) => ({
  id: `I-${i}`, customer_id: `C-${Math.floor(next() * CUSTOMERS)}`, date: '2025-03-01', kind: i % 2 ? 'complaint' : 'appointment', channel: '', staff: '', subject: '',
  notes: '', status: i % 3 ? 'open' : 'missed', follow_up_date: undefined, resolved_at: undefined, score: undefined, score_max: undefined,
}));
const settings = { margin_pct: 30, discount_rate: 0.1, complaint_days: 30, time_zone: 'UTC', currency: 'ZAR' };
const asOf = '2025-06-30';

function time<T>(label: string, fn: () => T): T {
  const t0 = performance.now();
  const out = fn();
  console.log(`${label.padEnd(58)} ${Math.round(performance.now() - t0).toString().padStart(6)} ms`);
  return out;
}

console.log(`${CUSTOMERS.toLocaleString('en')} customers, ${PURCHASES.toLocaleString('en')} purchases, ${interactions.length.toLocaleString('en')} interactions`);
for (let run = 1; run <= 3; run++) {
  console.log(`run ${run}`);
  const analysis = time('  analyzeRetention (history, RFM, churn, Pareto, defections)', () => analyzeRetention({ customers, purchases, interactions, settings, asOf }));
  time('  periodRates by month', () => periodRates(analysis.history, 'month'));
  time('  cohortMatrix by month', () => cohortMatrix(analysis.history, 'month'));
  const dashboard = time('  buildDashboard (whole dashboard from the tables)', () => buildDashboard({ customers, purchases, interactions, settings, today: asOf }));
  if (run === 1) console.log(`  (${analysis.defections.length.toLocaleString('en')} open defections, ${analysis.atRisk.length.toLocaleString('en')} at risk, ${dashboard.tables.length} tables)`);
}
