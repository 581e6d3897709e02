import { mulberry32 } from '../../shared/kernel';
// A synthetic South African customer export with ground truth, for measuring dedupe on the traps a real one
// holds: households sharing a landline, a street address and a family mailbox; twins; father and son with the
// same name; namesakes; and duplicates with typos, nicknames, reformatted phones (+27 / 0…), day-month swapped
// dates, abbreviated streets and missing values. Deterministic for a seed.
import type { Table } from './read-table';

const MALE = [
  'Sipho', 'Thabo', 'Bongani', 'Themba', 'Mandla', 'Sibusiso', 'Lungile', 'Kagiso', 'Tshepo', 'Lebo', 'Mpho', 'Karabo', 'Musa', 'Andile', 'Siyabonga',
  'Johan', 'Pieter', 'Willem', 'Hendrik', 'Gerhard', 'Francois', 'Jacques', 'Stefan', 'Riaan', 'Wynand', 'Christo', 'Deon', 'Andre', 'Jaco', 'Ruan',
  'John', 'Michael', 'David', 'Robert', 'William', 'James', 'Richard', 'Thomas', 'Daniel', 'Matthew', 'Anthony', 'Christopher', 'Andrew', 'Peter', 'Mark',
  'Pravin', 'Rajesh', 'Suresh', 'Kevin', 'Ashwin', 'Yusuf', 'Ahmed', 'Ebrahim', 'Mohammed', 'Faiek', 'Nkosinathi', 'Xolani', 'Lwazi', 'Vusi', 'Jabulani',
];
const FEMALE = [
  'Nomvula', 'Thandiwe', 'Nokuthula', 'Zanele', 'Lindiwe', 'Ntombi', 'Palesa', 'Dineo', 'Lerato', 'Naledi', 'Busisiwe', 'Precious', 'Nandi', 'Ayanda', 'Zodwa',
  'Anna', 'Maria', 'Elize', 'Marietjie', 'Annelie', 'Susanna', 'Johanna', 'Elsabe', 'Carina', 'Liezl', 'Charlene', 'Ronel', 'Wilma', 'Karin', 'Hester',
  'Sarah', 'Elizabeth', 'Jennifer', 'Patricia', 'Margaret', 'Catherine', 'Susan', 'Michelle', 'Nicole', 'Jessica', 'Rebecca', 'Victoria', 'Samantha', 'Kimberley', 'Deborah',
  'Priya', 'Kavitha', 'Shanti', 'Anusha', 'Fatima', 'Ayesha', 'Zainab', 'Nadia', 'Shireen', 'Rookaya', 'Nosipho', 'Sibongile', 'Khanyisile', 'Mbali', 'Refilwe',
];
export const SURNAMES = [
  'Nkosi', 'Dlamini', 'Ndlovu', 'Khumalo', 'Mokoena', 'Mahlangu', 'Sithole', 'Zulu', 'Mthembu', 'Ngcobo', 'Buthelezi', 'Mabaso', 'Molefe', 'Nel', 'Botha',
  'van der Merwe', 'Pretorius', 'Venter', 'Smit', 'du Plessis', 'van Wyk', 'Joubert', 'Steyn', 'Coetzee', 'Fourie', 'Swanepoel', 'Jacobs', 'Kruger', 'le Roux', 'Louw',
  'Smith', 'Williams', 'Jones', 'Brown', 'Taylor', 'Wilson', 'Naidoo', 'Pillay', 'Govender', 'Reddy', 'Moodley', 'Chetty', 'Singh', 'Patel', 'Adams',
  'Hendricks', 'Petersen', 'Isaacs', 'Abrahams', 'Daniels', 'Mabuza', 'Radebe', 'Tshabalala', 'Shabalala', 'Cele', 'Mkhize', 'Zwane', 'Masondo', 'Baloyi', 'Maluleke',
  'Ntuli', 'Hlongwane', 'Gumede', 'Vilakazi', 'Mokwena', 'Sehlabi', 'Motaung', 'Lekota', 'Ramaphosa', 'Mashaba', 'Engelbrecht', 'Oosthuizen', 'Vermeulen', 'Olivier', 'Marais',
];
const NICK: Record<string, string> = {
  William: 'Bill', Robert: 'Bob', Richard: 'Rick', James: 'Jim', Thomas: 'Tom', Michael: 'Mike', Daniel: 'Dan', Matthew: 'Matt', Anthony: 'Tony',
  Christopher: 'Chris', Andrew: 'Andy', Peter: 'Pete', Elizabeth: 'Liz', Jennifer: 'Jenny', Patricia: 'Trish', Margaret: 'Maggie', Catherine: 'Cathy',
  Susan: 'Sue', Rebecca: 'Becky', Victoria: 'Vicky', Samantha: 'Sam', Kimberley: 'Kim', Deborah: 'Debbie', Johanna: 'Hanna', Willem: 'Wim',
  Thandiwe: 'Thandi', Nokuthula: 'Thuli', Nomvula: 'Vuvu', Johan: 'Jan', Susanna: 'Sanna', Lerato: 'Lera', Sibusiso: 'Sbu', Mohammed: 'Mo',
};
export const STREETS = ['Kerk', 'Main', 'Voortrekker', 'Jan Smuts', 'Church', 'Long', 'Oak', 'Protea', 'Jacaranda', 'Beach', 'Victoria', 'Nelson Mandela', 'Rivonia', 'Louis Botha', 'Buitengracht', 'Durban', 'Umgeni', 'Florida', 'Witkoppen', 'Republic', 'Market', 'Station', 'Park', 'Hill', 'Mountain View', 'Acacia', 'Bluegum', 'Disa', 'Fynbos', 'Impala'];
export const STREET_TYPES: [string, string][] = [['Street', 'St'], ['Road', 'Rd'], ['Avenue', 'Ave'], ['Drive', 'Dr'], ['Crescent', 'Cres'], ['Lane', 'Ln'], ['Close', 'Cl'], ['Place', 'Pl']];
export const PLACES: [string, string, string, string][] = [
  // suburb, city, postcode, landline area code
  ['Sandton', 'Johannesburg', '2196', '11'], ['Randburg', 'Johannesburg', '2194', '11'], ['Soweto', 'Johannesburg', '1804', '11'], ['Roodepoort', 'Johannesburg', '1724', '11'],
  ['Centurion', 'Pretoria', '0157', '12'], ['Hatfield', 'Pretoria', '0083', '12'], ['Mamelodi', 'Pretoria', '0122', '12'], ['Sea Point', 'Cape Town', '8005', '21'],
  ['Claremont', 'Cape Town', '7708', '21'], ['Bellville', 'Cape Town', '7530', '21'], ['Khayelitsha', 'Cape Town', '7784', '21'], ['Umhlanga', 'Durban', '4319', '31'],
  ['Morningside', 'Durban', '4001', '31'], ['Chatsworth', 'Durban', '4092', '31'], ['Summerstrand', 'Gqeberha', '6001', '41'], ['Westdene', 'Bloemfontein', '9301', '51'],
  ['Stellenbosch Central', 'Stellenbosch', '7600', '21'], ['Hillcrest', 'Pietermaritzburg', '3201', '33'], ['Polokwane Central', 'Polokwane', '0699', '15'], ['Nelspruit Ext 5', 'Mbombela', '1200', '13'],
];
const DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com', 'webmail.co.za', 'mweb.co.za', 'telkomsa.net', 'icloud.com', 'vodamail.co.za'];

/** Generator options: how many records (about), and the seed. */
export interface SaExportOptions {
  /** Records wanted (the export has this many, give or take a household). */
  people: number;
  seed?: number;
}

/** The export: one row per record with its true person id. */
export interface SaExport {
  headers: string[];
  rows: string[][];
  truth: string[];
}


interface Person {
  key: string;
  first: string;
  last: string;
  male: boolean;
  dob: [number, number, number];
  email: string;
  cell: string;
  landline: string;
  street: [number, string, number];
  place: number;
  suffix: string;
}

/** Builds an export of about `people` records (the name says people: duplicates are part of the count). */
export function generateSaExport(options: SaExportOptions): SaExport {
  const rand = mulberry32(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  // Zipf-like choice so some surnames and given names are common (namesakes) and others rare.
  const zipf = <T>(list: readonly T[]): T => list[Math.min(list.length - 1, Math.floor(list.length * Math.pow(rand(), 1.8)))] as T;
  const digits = (n: number): string => Array.from({ length: n }, () => String(Math.floor(rand() * 10))).join('');
  const cellNumber = (): string => `0${pick(['6', '7', '8'])}${pick(['0', '1', '2', '3', '4', '6', '9'])}${digits(7)}`;
  const persons: Person[] = [];
  const usedEmails = new Set<string>();
  const emailFor = (first: string, last: string, year: number): string => {
    const f = first.toLowerCase();
    const l = last.toLowerCase().replace(/ /g, '');
    const forms = [`${f}.${l}`, `${f}${l}`, `${f[0] ?? ''}${l}`, `${f}${String(year).slice(2)}`, `${l}.${f}`, `${f}_${l}${Math.floor(rand() * 100)}`];
    for (let k = 0; k < 20; k++) {
      const e = `${pick(forms)}${k > 2 ? k : ''}@${pick(DOMAINS)}`;
      if (!usedEmails.has(e)) {
        usedEmails.add(e);
        return e;
      }
    }
    return `${f}${digits(6)}@gmail.com`;
  };
  const target = options.people;
  let household = 0;
  // Households until enough records (each person gives one record plus its duplicates, counted below).
  const dupCount: number[] = [];
  let records = 0;
  while (records < target) {
    household++;
    const last = zipf(SURNAMES);
    const place = Math.floor(rand() * PLACES.length);
    const street: [number, string, number] = [1 + Math.floor(rand() * 250), zipf(STREETS), Math.floor(rand() * STREET_TYPES.length)];
    const area = (PLACES[place] as [string, string, string, string])[3];
    const landline = rand() < 0.45 ? `0${area}${digits(7)}` : '';
    const familyMail = rand() < 0.25 ? `${pick(['the', '', 'fam', ''])}${last.toLowerCase().replace(/ /g, '')}${pick(['family', 's', 'home', ''])}${Math.floor(rand() * 90 + 10)}@${pick(DOMAINS)}` : '';
    const size = rand() < 0.45 ? 1 : rand() < 0.45 ? 2 : rand() < 0.6 ? 3 : 4 + Math.floor(rand() * 2);
    const parentYear = 1945 + Math.floor(rand() * 45);
    const members: Person[] = [];
    for (let m = 0; m < size; m++) {
      const parent = m < 2;
      const male = m === 0 ? rand() < 0.5 : m === 1 ? !(members[0] as Person).male : rand() < 0.5;
      let first = zipf(male ? MALE : FEMALE);
      let y = parent ? parentYear + Math.floor(rand() * 6) - 3 : parentYear + 22 + Math.floor(rand() * 14);
      let mo = 1 + Math.floor(rand() * 12);
      let d = 1 + Math.floor(rand() * 28);
      let suffix = '';
      const prev = members[m - 1];
      // Traps: a twin of the previous child, or a son named after his father.
      if (!parent && prev && m >= 3 && rand() < 0.25) {
        [y, mo, d] = prev.dob;
        while (first === prev.first) first = zipf(male ? MALE : FEMALE);
      } else if (!parent && male && (members[0] as Person).male && rand() < 0.2) {
        first = (members[0] as Person).first;
        if (rand() < 0.4) suffix = 'Jnr';
      }
      const shared = familyMail !== '' && (parent || rand() < 0.3);
      members.push({
        key: `P${household}-${m}`,
        first,
        last,
        male,
        dob: [y, mo, d],
        email: shared ? familyMail : rand() < 0.85 ? emailFor(first, last, y) : '',
        cell: rand() < 0.9 ? cellNumber() : '',
        landline,
        street,
        place,
        suffix,
      });
    }
    if (familyMail !== '') usedEmails.add(familyMail);
    for (const p of members) {
      persons.push(p);
      const dups = rand() < 0.3 ? (rand() < 0.6 ? 1 : rand() < 0.6 ? 2 : 3) : 0;
      dupCount.push(dups);
      records += 1 + dups;
    }
    if (records >= target) break;
  }
  // Namesakes: some unrelated people are given the name of another (same first name and surname, all else theirs).
  for (let k = 0; k < persons.length * 0.01; k++) {
    const a = pick(persons);
    const b = pick(persons);
    if (a !== b && a.key.split('-')[0] !== b.key.split('-')[0]) {
      b.first = a.first;
      b.last = a.last;
    }
  }
  const headers = ['Customer No', 'First Name', 'Surname', 'Email', 'Cell', 'Tel (home)', 'Address', 'Suburb', 'City', 'Postal Code', 'Date of Birth', 'entity_id'];
  const rows: string[][] = [];
  const truth: string[] = [];
  const typo = (s: string): string => {
    if (s.length < 3) return s;
    const i = 1 + Math.floor(rand() * (s.length - 1));
    const r = rand();
    const letter = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(rand() * 26)] as string;
    if (r < 0.3) return s.slice(0, i) + s.slice(i + 1);
    if (r < 0.55) return s.slice(0, i) + letter + s.slice(i);
    if (r < 0.8) return s.slice(0, i) + letter + s.slice(i + 1);
    return i < s.length - 1 ? s.slice(0, i) + (s[i + 1] as string) + (s[i] as string) + s.slice(i + 2) : s;
  };
  const phoneText = (n: string, style: number): string => {
    if (n === '') return '';
    const nat = n.slice(1);
    switch (style) {
      case 0: return `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
      case 1: return n;
      case 2: return `+27 ${nat.slice(0, 2)} ${nat.slice(2, 5)} ${nat.slice(5)}`;
      case 3: return `+27${nat}`;
      case 4: return `27${nat}`;
      default: return `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`;
    }
  };
  const dateText = (dob: [number, number, number], style: number): string => {
    const [y, m, d] = dob;
    const p2 = (x: number): string => String(x).padStart(2, '0');
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    switch (style) {
      case 0: return `${y}-${p2(m)}-${p2(d)}`;
      case 1: return `${p2(d)}/${p2(m)}/${y}`;
      case 2: return `${p2(m)}/${p2(d)}/${y}`; // a US-style system: day and month swapped
      case 3: return `${d} ${months[m - 1] ?? ''} ${y}`;
      default: return `${y}/${p2(m)}/${p2(d)}`;
    }
  };
  let customerNo = 100_000;
  const order: { p: Person; variant: number }[] = [];
  persons.forEach((p, k) => {
    for (let v = 0; v <= (dupCount[k] as number); v++) order.push({ p, variant: v });
  });
  // Shuffle so duplicates are not next to each other.
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as { p: Person; variant: number }, order[i] as { p: Person; variant: number }];
  }
  for (const { p, variant } of order) {
    const dup = variant > 0;
    const chance = (x: number): boolean => dup && rand() < x;
    let first = p.first;
    if (chance(0.12) && NICK[first]) first = NICK[first] as string;
    else if (chance(0.1)) first = typo(first);
    else if (chance(0.04)) first = `${first[0] ?? ''}.`;
    if (chance(0.04)) first = '';
    let last = p.last;
    if (chance(0.1)) last = typo(last);
    else if (chance(0.05) && last.includes(' ')) last = last.replace(/ /g, '');
    if (chance(0.05)) last = last.toUpperCase();
    if (p.suffix !== '' && rand() < 0.7) first = `${first} ${p.suffix}`;
    if (chance(0.05)) first = `${p.male ? 'Mr' : pick(['Mrs', 'Ms'])} ${first}`;
    let email = p.email;
    if (dup && email !== '') {
      if (rand() < 0.25) email = '';
      else if (rand() < 0.12) email = emailFor(p.first, p.last, p.dob[0]);
      else if (rand() < 0.1) email = email.toUpperCase();
    }
    let cell = p.cell;
    if (chance(0.2)) cell = '';
    else if (chance(0.05)) cell = cellNumber();
    else if (chance(0.03)) cell = typo(cell);
    let landline = p.landline;
    if (!dup ? rand() < 0.3 : rand() < 0.45) landline = '';
    const [num, name, type] = p.street;
    const [long, short] = STREET_TYPES[type] as [string, string];
    let address = `${num} ${name} ${rand() < (dup ? 0.4 : 0.15) ? short : long}`;
    if (chance(0.08)) address = typo(address);
    const [suburb, city, postcode] = PLACES[p.place] as [string, string, string, string];
    let sub = suburb;
    let code = postcode;
    let town = city;
    if (chance(0.15)) address = '';
    if (chance(0.15)) sub = '';
    if (chance(0.15)) code = '';
    if (chance(0.1)) town = '';
    if (chance(0.04)) {
      // Moved house: a new address entirely.
      const q = Math.floor(rand() * PLACES.length);
      address = `${1 + Math.floor(rand() * 250)} ${pick(STREETS)} ${pick(STREET_TYPES)[0]}`;
      [sub, town, code] = PLACES[q] as [string, string, string, string];
    }
    let dob: [number, number, number] = p.dob;
    const dateStyle = !dup ? (rand() < 0.6 ? 1 : 0) : Math.floor(rand() * 5);
    if (chance(0.04)) dob = [dob[0], dob[1], Math.min(28, dob[2] + 1)];
    if (chance(0.03)) dob = [dob[0] + (rand() < 0.5 ? 1 : -1), dob[1], dob[2]];
    let dobText = dateText(dob, dateStyle);
    if (dup && rand() < 0.2) dobText = '';
    if (!dup && rand() < 0.15) dobText = '';
    rows.push([
      String(customerNo++),
      first,
      last,
      email,
      phoneText(cell, Math.floor(rand() * 6)),
      phoneText(landline, Math.floor(rand() * 6)),
      address,
      sub,
      town,
      code,
      dobText,
      p.key,
    ]);
    truth.push(p.key);
  }
  return { headers, rows, truth };
}

/** The export as a table (the truth column is named entity_id, which the engine never compares). */
export function saExportTable(data: SaExport): Table {
  return { headers: data.headers, rows: data.rows, headerless: false };
}

/** The export as CSV text (RFC 4180 quoting), for the CLI benchmarks. */
export function saExportCsv(data: SaExport): string {
  const q = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [data.headers, ...data.rows].map((r) => r.map(q).join(',')).join('\n') + '\n';
}
