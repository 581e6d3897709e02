const LOCAL_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+$/;
const LABEL = /^[A-Za-z0-9\u0080-\uFFFF](?:[A-Za-z0-9\u0080-\uFFFF-]{0,61}[A-Za-z0-9\u0080-\uFFFF])?$/;
const TLD = /^(?:[A-Za-z\u0080-\uFFFF]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/**
 * True for an address a mail server would accept as one mailbox: a dot-atom local part (no leading,
 * trailing or doubled dots) and a domain of valid labels ending in a real-looking top-level domain.
 */
export function isDeliverableAddress(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at !== address.indexOf('@')) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64 || domain.length > 253) return false;
  if (!local.split('.').every((atom) => atom !== '' && LOCAL_ATOM.test(atom))) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return false;
  return TLD.test(labels[labels.length - 1] ?? '');
}
