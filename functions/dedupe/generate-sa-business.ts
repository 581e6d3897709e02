// A synthetic South African business-customer export with ground truth (one entity per site), for measuring
// dedupe on what a B2B list holds: firms with several branches sharing a trading name, a switchboard and a
// website; legal forms written every way ((Pty) Ltd, Pty Ltd, none); "&"/"and", Services/Svcs; addresses as
// "12 Long St", "Unit 4, 12 Long Street" or "4/12 Long St."; phones as +27, 0… or the local number alone; a
// dropped letter, a missing address. Namesakes (two "Golden Plumbing" firms) come with the small vocabulary.
// Deterministic for a seed.
import { mulberry32 } from '../../shared/kernel';
import { PLACES, STREETS, STREET_TYPES, SURNAMES } from './generate-sa';
import type { SaExport } from './generate-sa';

const TRADES = ['Plumbing', 'Electrical', 'Auto Repairs', 'Catering', 'Cleaning Services', 'Hardware', 'Pharmacy', 'Bakery', 'Panel Beaters', 'Security Services', 'Printing', 'Logistics', 'Butchery', 'Dental Practice', 'Attorneys', 'Accountants', 'Travel', 'Furniture', 'Tyres', 'Pet Care'];
const WORDS = ['Golden', 'Umoja', 'Sunrise', 'Protea', 'Cape', 'Highveld', 'Karoo', 'Ubuntu', 'Summit', 'Blue Crane', 'Baobab', 'Zenith', 'Masakhane', 'Lekker', 'Springbok', 'Kudu', 'Marula', 'Atlantic', 'Indlovu', 'Thusong'];
const FORMS = ['(Pty) Ltd', 'Pty Ltd', '(PTY) LTD', 'CC', 'NPC', ''];

/** Generator options: how many firms, and the seed. */
export interface SaBusinessOptions {
  firms: number;
  seed?: number;
}

/** Generates the export: columns Customer no, Trading name, Address, Suburb, Postal code, Tel, Website, Email; truth per site. */
export function generateSaBusinessExport(options: SaBusinessOptions): SaExport {
  const rand = mulberry32(options.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const digits = (k: number): string => Array.from({ length: k }, () => String(Math.floor(rand() * 10))).join('');
  const headers = ['Customer no', 'Trading name', 'Address', 'Suburb', 'Postal code', 'Tel', 'Website', 'Email'];
  const rows: string[][] = [];
  const truth: string[] = [];
  let next = 1;
  for (let f = 0; f < options.firms; f++) {
    // Two firms of one trade may share a word ("Golden Plumbing", "Golden Bakery"); a surname firm is "Nkosi & Sons".
    const name = rand() < 0.3 ? `${pick(SURNAMES)} & ${pick(['Sons', 'Partners', 'Associates', 'Daughters'])}` : `${pick(WORDS)} ${pick(TRADES)}`;
    const form = pick(FORMS);
    const slug = name.toLowerCase().replace(/[^a-z]+/g, '');
    const domain = `${slug}${digits(2)}.co.za`;
    const [, , , area] = pick(PLACES);
    const switchboard = `${area}${digits(7)}`;
    const sites = rand() < 0.25 ? 2 + Math.floor(rand() * 3) : 1;
    for (let s = 0; s < sites; s++) {
      const [suburb, , postcode, siteArea] = s === 0 ? (PLACES.find((p) => p[3] === area) ?? pick(PLACES)) : pick(PLACES);
      const number = String(1 + Math.floor(rand() * 400));
      const unit = rand() < 0.2 ? String(1 + Math.floor(rand() * 30)) : '';
      const street = pick(STREETS);
      const [longType, shortType] = pick(STREET_TYPES);
      const direct = rand() < 0.6 ? `${siteArea}${digits(7)}` : '';
      const branch = sites > 1 ? pick([` ${suburb}`, ` - ${suburb}`, ` (${suburb})`]) : '';
      const site = `S${f}-${s}`;
      const copies = 1 + (rand() < 0.45 ? 1 + Math.floor(rand() * 3) : 0);
      for (let c = 0; c < copies; c++) {
        const v = c > 0; // every copy after the first is written another way
        let trading = `${name}${v && rand() < 0.5 ? '' : branch}${v ? pick(FORMS) === '' ? '' : ` ${pick(FORMS)}` : form === '' ? '' : ` ${form}`}`;
        if (v && rand() < 0.3) trading = trading.replace(/&/g, 'and').replace('Services', 'Svcs');
        if (v && rand() < 0.2) trading = trading.toUpperCase();
        if (v && rand() < 0.15) {
          // One typing slip: a letter dropped.
          const at = 1 + Math.floor(rand() * (trading.length - 2));
          trading = trading.slice(0, at) + trading.slice(at + 1);
        }
        const type = v && rand() < 0.5 ? (rand() < 0.2 ? `${shortType}.` : shortType) : longType;
        const unitText = unit === '' ? '' : v && rand() < 0.5 ? `${unit}/` : `Unit ${unit}, `;
        const address = `${unitText}${number} ${street} ${type}`;
        const phone = direct !== '' && rand() < 0.7 ? direct : switchboard;
        const tel = !v ? `0${phone}` : pick([`+27 ${phone.slice(0, 2)} ${phone.slice(2, 5)} ${phone.slice(5)}`, `0${phone}`, phone.slice(-7), `(0${phone.slice(0, 2)}) ${phone.slice(2)}`]);
        const web = rand() < 0.5 ? pick([`www.${domain}`, `https://${domain}/`, domain]) : '';
        const email = rand() < 0.4 ? `${pick(['info', 'accounts', 'sales', 'admin'])}@${domain}` : '';
        rows.push([`B${String(next++).padStart(6, '0')}`, trading, v && rand() < 0.15 ? '' : address, v && rand() < 0.2 ? '' : suburb, v && rand() < 0.3 ? '' : postcode, v && rand() < 0.1 ? '' : tel, web, email]);
        truth.push(site);
      }
    }
  }
  return { headers, rows, truth };
}
