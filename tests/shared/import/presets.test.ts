import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedOf, fidelityView, FIXTURES, importFixtures } from './fixture-import';

const PRESETS: Record<string, string> = {
  'google-contacts.csv': 'google-contacts',
  'google-contacts-legacy.csv': 'google-contacts-legacy',
  'outlook.csv': 'outlook',
  'shopify-customers.csv': 'shopify',
  'square-customers.csv': 'square',
  'woocommerce-customers.csv': 'woocommerce',
  'mailchimp-subscribed.csv': 'mailchimp',
  'hubspot-contacts.csv': 'hubspot',
  'plain-semicolon.csv': 'plain',
  'plain-pipe-mdy.csv': 'plain',
  'plain-ambiguous.csv': 'plain',
  'excel-unicode-text.txt': 'plain',
  'android-2.1.vcf': 'vcard',
  'apple-3.0.vcf': 'vcard',
  'contacts-4.0.vcf': 'vcard',
};

describe('every export maps with no hand work', () => {
  it('has an expectation for every fixture', () => {
    const files = readdirSync(FIXTURES).filter((f) => /\.(csv|txt|vcf)$/.test(f));
    expect(files.sort()).toEqual(Object.keys(PRESETS).sort());
  });

  for (const [file, preset] of Object.entries(PRESETS)) {
    it(`${file} is recognised as ${preset} and every field lands where the person put it`, async () => {
      const expected = expectedOf(file.replace(/\.[a-z]+$/, ''));
      const { result, customers } = await importFixtures([file], { country: expected.country });
      expect(result.files[0]!.preset).toBe(preset);
      expect(result.files[0]!.issues).toEqual([]);
      expect(customers.map(fidelityView)).toEqual(expected.customers);
    });
  }
});
