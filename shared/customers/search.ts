import { cellText, customersTab, isBlank, mapHeader, type CellValue, type Grid } from '../workbook';
import { foldSpaced } from '../kernel';
import { digitsOf } from './fold';
import { nationalPhone, storedPhone, type PhoneRules } from './phone';
import type { CustomerSummary } from './types';

/** The name a person would use for a customer: first and last name, else the company. */
export function displayName(first: string, last: string, company: string): string {
  const name = `${first} ${last}`.trim();
  return name !== '' ? name : company;
}

interface Candidate {
  summary: CustomerSummary;
  words: string[];
  haystack: string;
  email: string;
  phone: string;
}

/** How well one query token matches: a word start beats the middle of a word; 0 is no match. */
function tokenScore(token: string, c: Candidate): number {
  if (c.words.some((w) => w.startsWith(token))) return 3;
  if (c.email.startsWith(token)) return 2;
  if (c.haystack.includes(token)) return 1;
  const digits = digitsOf(token);
  if (digits.length >= 3 && digits.length === token.replace(/[\s+().-]/g, '').length && phoneMatches(digits, c.phone)) return 2;
  return 0;
}

/** Phone digits match with or without the national trunk 0 ("082 555" finds "+27 82 555 0100"). */
function phoneMatches(digits: string, phone: string): boolean {
  if (phone === '') return false;
  return phone.includes(digits) || (digits.startsWith('0') && digits.length >= 4 && phone.includes(digits.slice(1)));
}

/**
 * Customers whose name, company, e-mail or phone match every word of the query, accents and case ignored,
 * best first (active before archived and merged). A phone is found however either side is written
 * ("082 555 1234", "+27 82 555 1234", "0027825551234") when `phoneRules` are given. Reads only the columns it needs.
 */
export function searchCustomerGrid(grid: Grid, query: string, limit: number, phoneRules?: PhoneRules): CustomerSummary[] {
  const folded = foldSpaced(query);
  if (folded === '') return [];
  const map = mapHeader(customersTab.columns, grid.header);
  const at = (cells: readonly CellValue[], field: string): string => {
    const i = map.indexOf.get(field);
    return i === undefined ? '' : cellText(cells[i] ?? null);
  };
  const queryDigits = digitsOf(folded);
  // A query that is all phone punctuation and digits is a phone number, spaces and all.
  const phoneQuery = queryDigits.length >= 3 && /^[\d\s+().-]+$/.test(folded);
  const tokens = phoneQuery ? [] : folded.split(' ');
  const queryE164 = phoneQuery && phoneRules ? storedPhone(folded, phoneRules) : undefined;
  const hits: { score: number; summary: CustomerSummary }[] = [];
  grid.rows.forEach((cells, i) => {
    if (cells.every((c) => isBlank(c))) return;
    const summary: CustomerSummary = {
      id: at(cells, 'id'),
      row: i + 2,
      name: displayName(at(cells, 'first_name'), at(cells, 'last_name'), at(cells, 'company')),
      company: at(cells, 'company'),
      email: at(cells, 'email'),
      phone: at(cells, 'phone'),
      city: at(cells, 'city'),
      category: at(cells, 'category'),
      status: at(cells, 'status').toLowerCase(),
    };
    const name = foldSpaced(`${at(cells, 'first_name')} ${at(cells, 'last_name')} ${summary.company}`);
    const email = summary.email.toLowerCase();
    const phone = digitsOf(summary.phone);
    let score = 0;
    if (phoneQuery) {
      const sameNumber = queryE164 !== undefined && phone !== '' && phoneRules !== undefined && storedPhone(summary.phone, phoneRules) === queryE164;
      if (!sameNumber && !phoneMatches(queryDigits, phone)) return;
      score = sameNumber || phone.endsWith(queryDigits) || phone.endsWith(queryDigits.replace(/^0/, '')) ? 4 : 2;
    } else {
      const candidate: Candidate = { summary, words: name.split(/[\s'’-]+/), haystack: `${name} ${email}`, email, phone };
      for (const token of tokens) {
        const s = tokenScore(token, candidate);
        if (s === 0) return;
        score += s;
      }
      if (email === folded) score += 10;
    }
    if (summary.status === 'merged') score -= 20;
    else if (summary.status === 'archived') score -= 10;
    hits.push({ score, summary });
  });
  hits.sort((a, b) => b.score - a.score || a.summary.name.localeCompare(b.summary.name) || a.summary.row - b.summary.row);
  // Shown as the business dials it; only the hits returned pay for the formatting.
  return hits.slice(0, limit).map((h) => (phoneRules && h.summary.phone !== '' ? { ...h.summary, phone: nationalPhone(h.summary.phone, phoneRules) } : h.summary));
}
