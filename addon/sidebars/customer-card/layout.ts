/** How a field is edited on the card. */
export type InputKind = 'text' | 'email' | 'tel' | 'date' | 'textarea' | 'choice' | 'yes/no' | 'category' | 'number';

/** One editable field of the card: its Customers field name, label and input. */
export interface FieldSpec {
  name: string;
  label: string;
  input: InputKind;
  choices?: readonly string[];
}

/** The card's sections, in order; every name is one of the server's EDITABLE_FIELDS (a test checks). */
export const SECTIONS: readonly { title: string; fields: readonly FieldSpec[] }[] = [
  {
    title: 'Contact',
    fields: [
      { name: 'first_name', label: 'First name', input: 'text' },
      { name: 'last_name', label: 'Last name', input: 'text' },
      { name: 'company', label: 'Company', input: 'text' },
      { name: 'email', label: 'E-mail', input: 'email' },
      { name: 'phone', label: 'Phone', input: 'tel' },
      { name: 'contact_type', label: 'Type', input: 'choice', choices: ['customer', 'prospect', 'supplier', 'partner'] },
      { name: 'category', label: 'Category', input: 'category' },
    ],
  },
  {
    title: 'Address',
    fields: [
      { name: 'street', label: 'Street', input: 'text' },
      { name: 'city', label: 'City', input: 'text' },
      { name: 'region', label: 'Region', input: 'text' },
      { name: 'postcode', label: 'Postcode', input: 'text' },
      { name: 'country', label: 'Country', input: 'text' },
    ],
  },
  {
    title: 'Details',
    fields: [
      { name: 'birth_date', label: 'Birthday', input: 'date' },
      { name: 'customer_since', label: 'Customer since', input: 'date' },
      { name: 'account_manager', label: 'Account manager', input: 'text' },
      { name: 'industry', label: 'Industry', input: 'text' },
      { name: 'source', label: 'Source', input: 'text' },
      { name: 'referred_by', label: 'Referred by (customer id)', input: 'text' },
      { name: 'tags', label: 'Tags', input: 'text' },
      { name: 'notes', label: 'Notes', input: 'textarea' },
      { name: 'status', label: 'Status', input: 'choice', choices: ['active', 'archived'] },
    ],
  },
  {
    title: 'Consent',
    fields: [
      { name: 'email_consent', label: 'E-mail consent', input: 'yes/no' },
      { name: 'consent_basis', label: 'Consent basis', input: 'text' },
    ],
  },
];
