import type { PhoneStyle } from './people';

/**
 * A phone number as one source system writes it, from its national significant number: 082 123 4567,
 * +27 82 123 4567, 0821234567, +27821234567, 27821234567 or 082-123-4567 ((021) 555-1234 for landlines).
 */
export function formatPhone(nsn: string, style: PhoneStyle): string {
  if (nsn === '') return '';
  const a = nsn.slice(0, 2);
  const b = nsn.slice(2, 5);
  const c = nsn.slice(5);
  const landline = /^[1-5]/.test(nsn);
  switch (style) {
    case 'local_spaced':
      return `0${a} ${b} ${c}`;
    case 'intl_spaced':
      return `+27 ${a} ${b} ${c}`;
    case 'local_compact':
      return `0${nsn}`;
    case 'intl_compact':
      return `+27${nsn}`;
    case 'intl_no_plus':
      return `27${nsn}`;
    case 'local_dashed':
      return landline ? `(0${a}) ${b}-${c}` : `0${a}-${b}-${c}`;
  }
}
