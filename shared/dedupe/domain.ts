// Web domains as evidence for companies: a firm's website and its own e-mail domain name it; a free-mail domain
// (gmail.com, webmail.co.za …) is shared by millions and says nothing.
import type { Field } from './compared-field';
import { fold } from '../kernel';

/** Free-mail and ISP mailbox providers: the label before the public suffix (yahoo.co.uk → yahoo). */
const FREE_MAIL = new Set([
  'gmail', 'googlemail', 'yahoo', 'ymail', 'rocketmail', 'hotmail', 'outlook', 'live', 'msn', 'aol', 'icloud', 'me', 'mac',
  'mail', 'email', 'gmx', 'web', 'protonmail', 'proton', 'pm', 'yandex', 'zoho', 'tutanota', 'fastmail', 'hushmail', 'inbox',
  'webmail', 'mweb', 'telkomsa', 'vodamail', 'iafrica', 'absamail', 'lantic', 'afrihost', 'cybersmart', 'polka', 'xsinet',
  'btinternet', 'sky', 'virginmedia', 'talktalk', 'ntlworld', 'blueyonder', 'comcast', 'att', 'verizon', 'sbcglobal',
  'bellsouth', 'cox', 'charter', 'earthlink', 'juno', 'optonline', 'qq', '163', '126', 'naver', 'orange', 'wanadoo', 'free', 'laposte', 't-online',
]);

/** Public suffixes of two labels that are common enough to matter (co.za, co.uk, com.au …). */
const SECOND_LEVEL = /\.(co|com|org|net|gov|ac|edu|nom|web|ltd|plc|sch|mil)\.[a-z]{2}$/;

/** The registrable domain of a host: example.co.za from www.shop.example.co.za. */
export function registrableDomain(host: string): string {
  const labels = host.split('.').filter((l) => l !== '');
  const keep = SECOND_LEVEL.test(`.${labels.slice(-3).join('.')}`) || SECOND_LEVEL.test(`.${labels.slice(-2).join('.')}`) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** The domain of a website ("https://www.Example.co.za/contact" → example.co.za), '' when it is not one. */
export function websiteDomain(raw: string): string {
  const s = fold(raw.trim())
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\d?\./, '')
    .replace(/[/?#:].*$/, '');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(s)) return '';
  return registrableDomain(s);
}

/** True for a free-mail or ISP mailbox domain (gmail.com, yahoo.co.uk, webmail.co.za). */
export function isFreeMail(domain: string): boolean {
  const registrable = registrableDomain(domain);
  return FREE_MAIL.has(registrable.split('.')[0] as string);
}

/** The domain an e-mail address names a company by: its registrable domain, '' for free mail. */
export function companyMailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '';
  const domain = registrableDomain(email.slice(at + 1));
  return isFreeMail(domain) ? '' : domain;
}

/** The levels of the domain comparison. */
export const DOMAIN_LEVELS = ['same domain', 'different domains'] as const;

/** The domain field: per record its website's and own e-mail domains; agreement on any one is level 0. */
export function domainField(domains: readonly string[][]): Field {
  const counts = new Map<string, number>();
  for (const list of domains) for (const d of list) counts.set(d, (counts.get(d) ?? 0) + 1);
  const shared = (i: number, j: number): string => {
    for (const d of domains[i] as string[]) if ((domains[j] as string[]).includes(d)) return d;
    return '';
  };
  return {
    name: 'domain',
    levels: DOMAIN_LEVELS.length,
    compare: (i, j) => {
      if ((domains[i] as string[]).length === 0 || (domains[j] as string[]).length === 0) return -1;
      return shared(i, j) !== '' ? 0 : 1;
    },
    agreedValue: shared,
    counts,
    present: domains.reduce((k, l) => k + (l.length > 0 ? 1 : 0), 0),
  };
}
