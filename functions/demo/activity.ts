import { civilFromDays, dayNumber } from '../../shared/kernel';
import { SHOP_STAFF } from './names';
import type { Person } from './people';
import type { Random } from './random';
import { SEASON, SEASON_PEAK as PEAK } from './season';

/** A sale before ids are given: whose it is (an index into the people), when, and how much. */
export interface DraftPurchase {
  owner: number;
  day: number;
  amount: number;
  description: string;
  channel: string;
  staff: string;
}

/** A contact moment before ids are given. */
export interface DraftInteraction {
  owner: number;
  day: number;
  minute: number;
  kind: string;
  channel: string;
  staff: string;
  subject: string;
  notes: string;
  status: string;
  followUpDay?: number;
  resolvedDay?: number;
  score?: number;
}

const ITEMS: readonly [number, readonly string[]][] = [
  [400, ['Inner tubes and tyre levers', 'Chain lube', 'Water bottle and cage', 'Bar tape', 'Puncture repair kit', 'Cycling socks']],
  [1500, ['Minor service', 'Helmet', 'Cycling gloves and jersey', 'Lights set', 'Pedals', 'Saddle']],
  [5000, ['Major service', 'Wheel upgrade', 'Cycling shoes and cleats', 'Suspension service', 'Drivetrain replacement', 'Bike fit']],
  [Infinity, ['Mountain bike', 'Road bike', 'Gravel bike', 'E-bike', 'Kids bike and helmet', 'Fleet bikes']],
];

function describe(rng: Random, amount: number): string {
  return rng.pick(ITEMS.find(([limit]) => amount < limit)![1]);
}

/**
 * Purchases of one buyer from their first day to yesterday, as a BG/NBD-style process: a personal rate of
 * buying (gamma across people), thinned by the season, and after each purchase a personal chance of leaving
 * for good (beta across people) — which yields loyal, lapsing and one-off buyers in realistic shares.
 */
export function simulatePurchases(rng: Random, owner: number, person: Person, today: string): DraftPurchase[] {
  const end = dayNumber(today)!;
  const organisation = person.category !== 'individual';
  const ratePerWeek = rng.gamma(0.75, 0.1) * (organisation ? 2 : 1);
  const dropout = rng.beta(0.9, 3);
  const scale = person.category === 'reseller' ? 6 : organisation ? 3.5 : 1;
  const meanSpend = Math.exp(Math.log(750) + 0.7 * rng.normal()) * scale;
  const channel = (): string => rng.weighted({ 'in store': 62, webshop: 25, workshop: 8, phone: 5 });
  const out: DraftPurchase[] = [];
  let day = person.since;
  for (;;) {
    const december = civilFromDays(day).month === 12 ? 1.15 : 1;
    const amount = Math.max(49, Math.round(meanSpend * rng.gamma(4, 0.25) * december * 100) / 100);
    out.push({ owner, day, amount, description: describe(rng, amount), channel: channel(), staff: rng.pick(SHOP_STAFF) });
    if (rng.chance(dropout)) break;
    let next = day;
    // Thinning: candidate times at the peak rate, each kept with the season's share of the peak.
    do next += rng.exponential((ratePerWeek * PEAK) / 7);
    while (next < end && !rng.chance(SEASON[civilFromDays(Math.floor(next)).month - 1]! / PEAK));
    if (next >= end) break;
    day = Math.max(day + 1, Math.floor(next));
    if (day >= end) break;
  }
  return out;
}

const COMPLAINTS = ['Bike not ready on promised date', 'Gears still slipping after service', 'Wrong size delivered', 'Rude service at till', 'Webshop order late', 'Charged twice'];
const COMPLIMENTS = ['Great service from the workshop', 'Thanks for the quick puncture fix', 'Loved the community ride', 'Helpful advice on e-bikes'];
const APPOINTMENTS = ['Workshop service', 'Bike fit', 'Suspension service', 'E-bike diagnostics', 'Wheel truing'];
const CONTACTS = {
  call: ['Quote for a new bike', 'Order status', 'Booking change', 'Stock enquiry'],
  email: ['Invoice request', 'Warranty question', 'Quote follow-up', 'Stock alert'],
  visit: ['Browsed e-bikes', 'Test ride', 'Collected order'],
  meeting: ['Fleet review', 'Annual contract meeting', 'New season range presentation'],
  support: ['Warranty claim', 'Webshop login problem', 'E-bike battery issue'],
} as const;

/** Minutes past midnight UTC of a time during shop hours in Johannesburg (UTC+2). */
function shopMinute(rng: Random): number {
  return (rng.int(8, 16) - 2) * 60 + rng.pick([0, 15, 30, 45]);
}

/**
 * Contact moments for one person: calls, e-mails and visits, meetings for organisations, workshop
 * appointments (some missed, some still to come), complaints (some unresolved), compliments and surveys.
 */
export function simulateInteractions(rng: Random, owner: number, person: Person, purchases: readonly DraftPurchase[], today: string): DraftInteraction[] {
  const end = dayNumber(today)!;
  const out: DraftInteraction[] = [];
  const staff = (): string => person.accountManager !== '' && rng.chance(0.6) ? person.accountManager.split(' ')[0]! : rng.pick(SHOP_STAFF);
  const at = (from: number, to: number) => rng.int(from, Math.max(from, to));
  const base = (kind: string, day: number, subject: string): DraftInteraction => ({ owner, day, minute: shopMinute(rng), kind, channel: '', staff: staff(), subject, notes: '', status: 'done' });
  const last = purchases.length > 0 ? purchases[purchases.length - 1]!.day : person.since;

  const misc = Math.floor(purchases.length * 0.35 + rng.exponential(1.2));
  for (let i = 0; i < misc; i++) {
    const kind = rng.weighted({ call: 4, email: 4, visit: 3, support: 1 });
    out.push({ ...base(kind, at(person.since, end - 1), rng.pick(CONTACTS[kind])), channel: kind === 'visit' ? 'in store' : kind === 'support' ? 'email' : kind });
  }
  if (person.category !== 'individual' && person.contactType !== 'supplier') {
    for (let i = rng.int(0, 4); i > 0; i--) out.push({ ...base('meeting', at(person.since, end - 1), rng.pick(CONTACTS.meeting)), channel: rng.pick(['on site', 'video call']) });
  }
  if (purchases.length >= 2 || (purchases.length === 1 && rng.chance(0.3))) {
    for (let i = rng.int(0, Math.ceil(purchases.length / 2)); i > 0; i--) {
      // Most bookings are in the past; some are still to come (for reminders) — but only for people still around.
      const future = last > end - 120 && rng.chance(0.12);
      const day = future ? end + rng.int(0, 14) : at(person.since, end - 1);
      const status = future ? 'scheduled' : rng.weighted({ attended: 83, missed: 11, cancelled: 6 });
      out.push({ ...base('appointment', day, rng.pick(APPOINTMENTS)), channel: 'workshop', status, ...(status === 'missed' ? { followUpDay: day + 2 } : {}) });
    }
  }
  if (purchases.length > 0 && rng.chance(0.07)) {
    const day = at(purchases[0]!.day, end - 1);
    const open = end - day < 45 ? rng.chance(0.6) : rng.chance(0.15);
    const complaint: DraftInteraction = { ...base('complaint', day, rng.pick(COMPLAINTS)), channel: rng.pick(['in store', 'email', 'call']), status: open ? 'open' : 'resolved', followUpDay: day + rng.int(1, 5) };
    if (!open) complaint.resolvedDay = Math.min(end - 1, day + rng.int(1, 20));
    out.push(complaint);
  }
  if (purchases.length > 0 && rng.chance(0.05)) out.push({ ...base('compliment', at(purchases[0]!.day, end - 1), rng.pick(COMPLIMENTS)), channel: rng.pick(['email', 'in store', 'Google review']) });
  for (const purchase of purchases) {
    if (!rng.chance(0.12) || purchase.day + 7 >= end) continue;
    // Net Promoter answers lean to the top, with a tail of detractors.
    const score = Math.min(10, Math.max(0, Math.round(8.3 + 1.8 * rng.normal())));
    out.push({ ...base('survey', purchase.day + 7, 'How did we do?'), channel: 'email', score, status: 'answered' });
  }
  return out;
}
