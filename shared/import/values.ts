// Cell-level readers for import: phones, e-mails, consent words, tags and Mailchimp's one-line addresses.
import { isEmail } from '../workbook';
import { e164Phone, type PhoneNormaliser } from '../dedupe';

export type { PhoneNormaliser };

/** The phone normaliser imports use unless one is injected (the add-on passes its light stand-in's). */
export const defaultPhoneNormaliser: PhoneNormaliser = e164Phone;

/** A value as the file meant it: trimmed, and a leading apostrophe that Shopify adds before + and digits removed. */
export function cleanCell(value: string | undefined): string {
  const t = (value ?? '').replace(/\u00a0/g, ' ').trim();
  return /^'[+\d=@-]/.test(t) ? t.slice(1) : t;
}

/** Several values in one cell, as Google writes them ("a ::: b") or lists separated by ; or newlines. */
export function splitMulti(value: string): string[] {
  return value.split(/\s*:::\s*|\s*[;\n]\s*/).map((s) => s.trim()).filter((s) => s !== '');
}

/** E.164 for a phone in the business's country, or undefined when it cannot be read as a number. */
export function readPhone(raw: string, country: string, normalise: PhoneNormaliser): string | undefined {
  const out = normalise(raw, country === '' ? undefined : country);
  return /^\+\d{7,15}$/.test(out) ? out : undefined;
}

/** A lower-cased e-mail address, or undefined when it is not one. */
export function readEmail(raw: string): string | undefined {
  const t = raw.replace(/^mailto:/i, '').trim().toLowerCase();
  return isEmail(t) ? t : undefined;
}

const GIVEN = new Set(['yes', 'y', 'true', '1', 'subscribed', 'opted in', 'opted_in', 'optedin', 'granted', 'confirmed', 'x', 'ja']);
const WITHDRAWN = new Set(['no', 'n', 'false', '0', 'unsubscribed', 'opted out', 'opted_out', 'optedout', 'not subscribed', 'non-subscribed', 'nonsubscribed', 'cleaned', 'bounced', 'revoked', 'nee']);

/** Consent from a marketing column: true (given), false (refused or withdrawn), undefined (blank or unknown such as "pending"). */
export function readConsent(raw: string): boolean | undefined {
  const t = raw.trim().toLowerCase();
  if (GIVEN.has(t)) return true;
  if (WITHDRAWN.has(t)) return false;
  return undefined;
}

/** Tags from a tags/labels column, Google's system groups ("* myContacts") left out; joined as "a, b". */
export function readTags(raw: string): string {
  // Mailchimp quotes each tag ("Newsletter","Events"); the quotes are not part of the tag.
  const parts = raw.split(/\s*:::\s*|\s*[,;]\s*/).map((s) => s.trim().replace(/^"(.*)"$/, '$1').trim()).filter((s) => s !== '' && !s.startsWith('* ') && s !== 'myContacts');
  return [...new Set(parts)].join(', ');
}

/**
 * Mailchimp's one-field address, parts separated by two spaces: "addr1  addr2  city  state  zip  country"
 * (addr2 optional). Fewer parts fill from the street onwards.
 */
export function splitAddress(raw: string): { street: string; city: string; region: string; postcode: string; country: string } {
  const parts = raw.split(/\s{2,}|\t/).map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length < 4) return { street: parts.join(', '), city: '', region: '', postcode: '', country: '' };
  const country = parts.length >= 5 ? parts.pop()! : '';
  const postcode = parts.pop()!;
  const region = parts.pop()!;
  const city = parts.pop()!;
  return { street: parts.join(', '), city, region, postcode, country };
}
