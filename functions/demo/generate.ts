import { isCustomerContact, loyaltyStandings, MEMBERSHIP_COUNTER, membershipNumber } from '../../shared/loyalty';
import { blankRecord, customersTab, formatId, type Campaign, type ConsentChange, type Customer, type Defection, type Interaction, type LoyaltyTier, type ProfileField, type Purchase } from '../../shared/workbook';
import { simulateInteractions, simulatePurchases, type DraftInteraction, type DraftPurchase } from './activity';
import { addDays, dayNumber, isoFromDay, isRealDate } from '../../shared/kernel';
import { DEMO_CAMPAIGNS, DEMO_LOYALTY, DEMO_PROFILE_FIELDS, DEMO_SETTINGS } from './defaults';
import { drawDuplicate, type DuplicateKind } from './duplicates';
import { SHOP_STAFF } from './names';
import { drawPerson, type DrawContext, type Person } from './people';
import { Random } from './random';
import { formatPhone } from './render';
import { drawTraps, type TrapKind } from './traps';

export const DEFAULT_DEMO_CUSTOMERS = 2400;
export const DEFAULT_DEMO_SEED = 1;
/** The smallest workbook the generator makes: enough rows for every kind of contact. */
export const MIN_DEMO_CUSTOMERS = 10;

/** The workbench's default address, where the demo's unsubscribe links point unless told otherwise. */
export const DEMO_PUBLIC_URL = 'http://localhost:8080';

/** The letters of the demo shop's membership numbers (`FC-0000001-8`). */
export const DEMO_MEMBERSHIP_PREFIX = 'FC';

/** What to generate: how many Customers rows (duplicates included), from which seed, as of which day. */
export interface DemoOptions {
  customers?: number;
  seed?: number;
  /** Today as YYYY-MM-DD: purchases end yesterday, some appointments and birthdays fall in the days after. */
  today: string;
  /** Where links in the demo's mail point (Settings public_url): the workbench's address, default http://localhost:8080. */
  publicUrl?: string;
}

/** What is known about the generated people and that no sheet column shows. */
export interface DemoTruth {
  /** Each duplicate row: its id, the id of the row it duplicates (the first row of that person), and how it differs. */
  duplicates: { id: string; of: string; kinds: DuplicateKind[] }[];
  /** Groups of rows that look alike but are different people, and must never be merged. */
  traps: { kind: TrapKind; ids: string[] }[];
}

/** Every tab's records for a demo workbook, plus the ground truth of who is whom. */
export interface DemoData {
  settings: Record<string, string | number>;
  customers: Customer[];
  /** Profile field values by customer id, written in extra Customers columns named after each field. */
  profiles: Record<string, Record<string, string | number | boolean>>;
  profileFields: ProfileField[];
  purchases: Purchase[];
  interactions: Interaction[];
  campaigns: Campaign[];
  loyalty: LoyaltyTier[];
  defections: Defection[];
  consentLog: ConsentChange[];
  truth: DemoTruth;
}

const CANCEL_REASONS = ['Moved overseas', 'Bought a bike elsewhere', 'Stopped cycling', 'Unhappy with a service', 'Prices too high'];

/** A pure, seeded demo: the same options always give the same data. */
export function generateDemo(options: DemoOptions): DemoData {
  const total = options.customers ?? DEFAULT_DEMO_CUSTOMERS;
  if (!Number.isInteger(total) || total < MIN_DEMO_CUSTOMERS) throw new RangeError(`customers must be a whole number of at least ${MIN_DEMO_CUSTOMERS}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today) || !isRealDate(+options.today.slice(0, 4), +options.today.slice(5, 7), +options.today.slice(8, 10))) {
    throw new RangeError('today must be a date as YYYY-MM-DD');
  }
  const today = options.today;
  const end = dayNumber(today)!;
  const rng = new Random(options.seed ?? DEFAULT_DEMO_SEED);
  const ctx: DrawContext = { rng, today, emails: new Set() };

  const duplicateCount = Math.round(total * 0.1);
  const distinct = total - duplicateCount;
  const traps = drawTraps(ctx, Math.round(distinct * 0.045));
  const people: Person[] = traps.people.slice(0, distinct);
  while (people.length < distinct) people.push(drawPerson(ctx));
  const inTrap = new Set(traps.groups.flatMap((g) => g.members));
  placeBirthdays(rng, people, inTrap, today);

  const purchases: DraftPurchase[] = [];
  people.forEach((person, i) => {
    const buys = person.contactType === 'customer' ? rng.chance(0.97) : person.contactType === 'partner' ? rng.chance(0.3) : person.contactType === 'supplier' ? rng.chance(0.1) : false;
    if (buys) purchases.push(...simulatePurchases(rng, i, person, today));
  });
  const byOwner = groupBy(purchases, (p) => p.owner);
  const interactions: DraftInteraction[] = people.flatMap((person, i) => simulateInteractions(rng, i, person, byOwner.get(i) ?? [], today));

  // Duplicates: later rows of people already in the list, some of whom appear three times.
  const duplicateOf = new Map<number, { of: number; kinds: DuplicateKind[] }>();
  const duplicated: number[] = [];
  for (let d = 0; d < duplicateCount; d++) {
    const of = duplicated.length > 0 && rng.chance(0.12) ? rng.pick(duplicated) : rng.int(0, distinct - 1);
    const { person, kinds } = drawDuplicate(ctx, people[of]!, end - 1);
    const row = people.push(person) - 1;
    duplicateOf.set(row, { of, kinds });
    duplicated.push(of);
    if (kinds.includes('other_source') || kinds.includes('exact')) {
      // The second system saw some of this person's purchases: the history is split across the rows.
      for (const p of byOwner.get(of) ?? []) if (p.day >= person.since && p !== byOwner.get(of)?.[0] && rng.chance(0.4)) p.owner = row;
    }
  }

  // Rows are numbered in the order they were created, as a sheet filled over the years would be.
  const created = people.map((p, i) => ({ i, day: p.createdDay ?? p.since, minute: rng.int(6 * 60, 15 * 60) }));
  created.sort((a, b) => a.day - b.day || a.minute - b.minute || a.i - b.i);
  const idOf = new Array<string>(people.length);
  created.forEach((c, n) => (idOf[c.i] = formatId(customersTab.idPrefix, n + 1)));

  const purchaseRecords = purchases
    .slice()
    .sort((a, b) => a.day - b.day || idOf[a.owner]!.localeCompare(idOf[b.owner]!) || a.amount - b.amount)
    .map((p, n): Purchase => ({ id: formatId('P', n + 1), customer_id: idOf[p.owner]!, date: isoFromDay(p.day), amount: p.amount, currency: 'ZAR', description: p.description, channel: p.channel, staff: p.staff }));
  const interactionRecords = interactions
    .slice()
    .sort((a, b) => a.day - b.day || a.minute - b.minute || idOf[a.owner]!.localeCompare(idOf[b.owner]!))
    .map((x, n): Interaction => ({
      id: formatId('I', n + 1),
      customer_id: idOf[x.owner]!,
      date: dateTimeOf(x.day, x.minute),
      kind: x.kind,
      channel: x.channel,
      staff: x.staff,
      subject: x.subject,
      notes: x.notes,
      status: x.status,
      follow_up_date: x.followUpDay === undefined ? undefined : isoFromDay(x.followUpDay),
      resolved_at: x.resolvedDay === undefined ? undefined : isoFromDay(x.resolvedDay),
      score: x.score,
      score_max: x.score === undefined ? undefined : 10,
    }));

  const customers: Customer[] = [];
  const profiles: Record<string, Record<string, string | number | boolean>> = {};
  const ownPurchases = groupBy(purchaseRecords, (p) => p.customer_id);
  const loyalty = DEMO_LOYALTY.map((t, n): LoyaltyTier => ({ id: formatId('L', n + 1), ...t }));
  // Tiers by the same rules as scoring, so scoring the demo on its own date changes none.
  const standings = loyaltyStandings(purchaseRecords, loyalty, today);
  let members = 0;
  const referrers: string[] = [];
  for (const c of created) {
    const person = people[c.i]!;
    const id = idOf[c.i]!;
    const bought = ownPurchases.get(id) ?? [];
    const record = customerRecord(rng, person, id, c.day, c.minute, bought, today);
    const inProgramme = record.status === 'active' && isCustomerContact(record);
    record.membership_tier = inProgramme ? (standings.get(id)?.tier ?? '') : '';
    // The demo's Settings rule is first_purchase: every buyer in the programme holds a number.
    if (inProgramme && bought.some((b) => (b.amount ?? 0) > 0)) record.membership_no = membershipNumber(DEMO_MEMBERSHIP_PREFIX, ++members);
    // A customer who came by referral names an earlier active customer (a fixed stride, not the generator, so the
    // rest of the demo stays as it was): the card's referral counts and the referral_thanks campaign have data.
    if (record.source === 'referral' && referrers.length > 0) record.referred_by = referrers[(customers.length * 7) % referrers.length]!;
    customers.push(record);
    if (inProgramme) referrers.push(id);
    if (Object.keys(person.profile).length > 0) profiles[id] = { ...person.profile };
  }

  const consentLog: ConsentChange[] = [];
  for (const c of customers) {
    if (c.consent_date === undefined) continue;
    const by = c.consent_source === 'in-store form' ? rng.pick(SHOP_STAFF) : 'customer';
    consentLog.push({ id: '', customer_id: c.id, at: `${c.consent_date}T08:00:00Z`, change: 'given', basis: c.consent_basis, wording_version: c.consent_date < '2024-07-01' ? 'v1' : 'v2', source: c.consent_source, by });
    if (c.unsubscribed_at !== undefined) consentLog.push({ id: '', customer_id: c.id, at: c.unsubscribed_at, change: 'withdrawn', basis: c.consent_basis, wording_version: '', source: 'unsubscribe link', by: 'customer' });
  }
  consentLog.sort((a, b) => (a.at ?? '').localeCompare(b.at ?? '') || a.customer_id.localeCompare(b.customer_id));
  consentLog.forEach((k, n) => (k.id = formatId('K', n + 1)));

  const defections: Defection[] = [];
  for (const c of customers) {
    if ((c.orders ?? 0) < 2 || c.last_purchase === undefined || dayNumber(c.last_purchase)! > end - 300 || !rng.chance(0.05)) continue;
    const detected = addDays(c.last_purchase, rng.int(60, 280));
    defections.push({ id: '', customer_id: c.id, detected_at: detected, type: 'cancelled', reason: rng.pick(CANCEL_REASONS), contacted_by: rng.pick(SHOP_STAFF), outcome: rng.weighted({ lost: 7, 'won back': 2, '': 1 }), lost_profit_estimate: undefined });
  }
  defections.sort((a, b) => (a.detected_at ?? '').localeCompare(b.detected_at ?? '') || a.customer_id.localeCompare(b.customer_id));
  defections.forEach((d, n) => (d.id = formatId('D', n + 1)));

  return {
    settings: { ...DEMO_SETTINGS, public_url: options.publicUrl ?? DEMO_PUBLIC_URL, membership_rule: 'first_purchase', membership_prefix: DEMO_MEMBERSHIP_PREFIX, [MEMBERSHIP_COUNTER]: members },
    customers,
    profiles,
    profileFields: DEMO_PROFILE_FIELDS.map((f, n) => ({ id: formatId('F', n + 1), ...f })),
    purchases: purchaseRecords,
    interactions: interactionRecords,
    campaigns: DEMO_CAMPAIGNS.map((m, n) => ({ id: formatId('M', n + 1), send_date: undefined, survey_scale: '', holdout_pct: undefined, ...m })),
    loyalty,
    defections,
    consentLog,
    truth: {
      duplicates: [...duplicateOf].map(([row, d]) => ({ id: idOf[row]!, of: idOf[d.of]!, kinds: d.kinds })).sort((a, b) => a.id.localeCompare(b.id)),
      traps: traps.groups.map((g) => ({ kind: g.kind, ids: g.members.filter((m) => m < distinct).map((m) => idOf[m]!) })),
    },
  };
}

/** An ISO date-time on a day at a minute of the day, in UTC as the sheet stores it (2026-01-05T08:30:00Z). */
function dateTimeOf(day: number, minute: number): string {
  return new Date((day * 1440 + minute) * 60_000).toISOString().replace('.000Z', 'Z');
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Moves some birthdays into the week after today (for the greetings demo) and gives two people 29 February. */
function placeBirthdays(rng: Random, people: Person[], skip: ReadonlySet<number>, today: string): void {
  const candidates = rng.shuffle(people.map((_, i) => i).filter((i) => !skip.has(i) && people[i]!.birthDate !== ''));
  const soon = Math.max(3, Math.round(people.length * 0.006));
  for (const i of candidates.slice(0, soon)) {
    const person = people[i]!;
    const year = Number(person.birthDate.slice(0, 4));
    const target = addDays(today, rng.int(1, 7));
    // 29 February only moves a person born in a leap year.
    if (isRealDate(year, Number(target.slice(5, 7)), Number(target.slice(8, 10)))) person.birthDate = `${year}${target.slice(4)}`;
  }
  candidates.slice(soon, soon + 2).forEach((i, n) => (people[i]!.birthDate = `${n === 0 ? 1988 : 1996}-02-29`));
}

function customerRecord(rng: Random, p: Person, id: string, createdDay: number, minute: number, bought: readonly Purchase[], today: string): Customer {
  const end = dayNumber(today)!;
  const blank = new Set(p.blanks ?? []);
  const keep = (field: string, value: string): string => (blank.has(field) ? '' : value);
  const hasEmail = p.email !== '' && !blank.has('email');
  const consentDay = Math.min(end - 1, p.since + rng.int(0, 30));
  const consented = hasEmail && p.consent !== 'no';
  const revenue = Math.round(bought.reduce((s, x) => s + (x.amount ?? 0), 0) * 100) / 100;
  const updatedDay = Math.min(end - 1, Math.max(createdDay, bought.length > 0 ? dayNumber(bought[bought.length - 1]!.date ?? today)! : createdDay));
  return {
    ...blankRecord(customersTab),
    id,
    contact_type: p.contactType,
    category: p.category,
    first_name: p.first,
    last_name: p.last,
    company: p.company,
    email: hasEmail ? p.email : '',
    phone: keep('phone', formatPhone(p.phone, p.phoneStyle)),
    street: keep('street', p.street),
    city: keep('city', p.place.city),
    region: keep('region', p.place.region),
    postcode: keep('postcode', p.place.postcode),
    country: 'ZA',
    birth_date: p.birthDate === '' || blank.has('birth_date') ? undefined : p.birthDate,
    customer_since: isoFromDay(p.since),
    account_manager: p.accountManager,
    industry: p.industry,
    source: p.source,
    email_consent: hasEmail ? p.consent === 'yes' : undefined,
    consent_basis: consented ? p.consentBasis : '',
    consent_date: consented ? isoFromDay(consentDay) : undefined,
    consent_source: consented ? p.consentSource : '',
    unsubscribed_at: consented && p.consent === 'unsubscribed' ? dateTimeOf(rng.int(consentDay + 1, Math.max(consentDay + 1, end - 1)), rng.int(0, 1439)) : undefined,
    tags: p.tags,
    notes: p.notes,
    status: p.archived ? 'archived' : 'active',
    last_verified_at: rng.chance(0.4) ? isoFromDay(rng.int(Math.max(createdDay, end - 365), end - 1)) : undefined,
    created_at: dateTimeOf(createdDay, minute),
    updated_at: dateTimeOf(updatedDay, minute),
    orders: bought.length > 0 ? bought.length : undefined,
    revenue: bought.length > 0 ? revenue : undefined,
    first_purchase: bought[0]?.date,
    last_purchase: bought[bought.length - 1]?.date,
  };
}
