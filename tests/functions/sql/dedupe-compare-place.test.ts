// The street, place, company and domain levels computed by the generated SQL on DuckDB are the TypeScript
// fields' levels on every candidate and sampled pair of FEBRL, fake_1000, restaurants and the generated person and
// business exports, and on hand-made pairs for each level, whose expected levels are worked out from the rules.
import { describe, expect, it } from 'vitest';
import { prepare, type DedupeRecord, type FieldRole, type Prepared } from '../../../shared/dedupe';
import { bigquery, duckdb, placeComparisons, type FieldComparisonSql } from '../../../shared/sql';
import { loadComparisonTable, pairLevels } from '../../../functions/sql';
import { tableRecords } from '../../../functions/dedupe/records';
import { generateSaExport, saExportTable } from '../../../functions/dedupe/generate-sa';
import { generateSaBusinessExport } from '../../../functions/dedupe/generate-sa-business';
import { levelMismatches, testPairs, duckDbForTests, fixture } from './comparison-harness';

const db = duckDbForTests();
const MINE = ['street', 'place', 'company', 'domain'];

/** The SQL forms of this builder's fields present in `p`. */
function mine(p: Prepared): FieldComparisonSql[] {
  return p.fields.filter((f) => MINE.includes(f.name)).map((f) => placeComparisons(p, f.name, duckdb) as FieldComparisonSql);
}

/**
 * Checks every field of `fields` over the harness's pairs: no mismatch, and the TypeScript levels seen per field
 * (so a dataset that only ever gives one level is noticed). Returns the levels seen, by field.
 */
async function exact(p: Prepared, label: string, fields: readonly string[]): Promise<Record<string, number[]>> {
  expect(p.fields.map((f) => f.name)).toEqual(expect.arrayContaining([...fields]));
  const sql = mine(p);
  const pairs = testPairs(p);
  const { checked, mismatches } = await levelMismatches(db.session, p, sql, pairs);
  expect(checked).toBe(pairs.length);
  expect(mismatches.slice(0, 5)).toEqual([]);
  expect(mismatches.length).toBe(0);
  const seen: Record<string, number[]> = {};
  for (const s of sql) {
    const field = p.fields.find((f) => f.name === s.field)!;
    seen[s.field] = [...new Set(pairs.map(([i, j]) => field.compare(i, j)))].sort((a, b) => a - b);
  }
  if (process.env.COMPARISON_FIGURES) console.log(`${label}: ${checked} pairs, ${mismatches.length} mismatches, levels ${JSON.stringify(seen)}`);
  return seen;
}

describe('street, place, company and domain levels on DuckDB', () => {
  it('equal the TypeScript levels on FEBRL 3', async () => {
    const seen = await exact(prepare(await fixture('febrl3-800.csv'), {}), 'febrl3', ['street', 'place']);
    expect(seen.street!.length).toBeGreaterThanOrEqual(4);
    expect(seen.place).toEqual(expect.arrayContaining([0, 1, 3]));
  });

  it('equal the TypeScript levels when linking FEBRL 4a with 4b', async () => {
    const records = [...(await fixture('febrl4a-300.csv', 0)), ...(await fixture('febrl4b-300.csv', 1))];
    await exact(prepare(records, { link: true }), 'febrl4', ['street', 'place']);
  });

  it('equal the TypeScript levels on fake_1000 (cities only)', async () => {
    const seen = await exact(prepare(await fixture('fake_1000.csv'), {}), 'fake_1000', ['place']);
    expect(seen.place).toEqual(expect.arrayContaining([-1, 0, 1, 3]));
  });

  it('equal the TypeScript levels on the restaurants (streets written every way)', async () => {
    await exact(prepare(await fixture('restaurants-240.csv'), {}), 'restaurants', ['street', 'place']);
  });

  it('equal the TypeScript levels on a generated South African export', async () => {
    const data = generateSaExport({ people: 1500, seed: 5 });
    await exact(prepare(tableRecords(saExportTable(data), {}, 0, 'generated').records, { country: 'ZA' }), 'sa-export', ['street', 'place']);
  });

  it('equal the TypeScript levels on a generated business export (branches, legal forms, units, websites)', async () => {
    const data = generateSaBusinessExport({ firms: 400, seed: 3 });
    const seen = await exact(prepare(tableRecords(saExportTable(data), {}, 0, 'business').records, { country: 'ZA' }), 'sa-business', MINE);
    expect(seen.company!.length).toBeGreaterThanOrEqual(4);
    expect(seen.street!.length).toBeGreaterThanOrEqual(4);
    expect(seen.domain).toEqual([-1, 0, 1]);
  });
});

type Values = Partial<Record<FieldRole, string>>;

/**
 * The levels of `field` for hand-made pairs (records 2k and 2k + 1, prepared together): the TypeScript field's
 * and the SQL's, each checked against the level written by hand.
 */
async function handLevels(field: string, cases: readonly [Values, Values, number][]): Promise<void> {
  const records: DedupeRecord[] = cases.flatMap(([a, b], k) => [
    { id: `a${k}`, fields: a },
    { id: `b${k}`, fields: b },
  ]);
  const p = prepare(records, { country: 'ZA' });
  const typescript = p.fields.find((f) => f.name === field)!;
  const sql = placeComparisons(p, field, duckdb)!;
  await loadComparisonTable(db.session, p.n, [sql]);
  await db.session.run(`CREATE OR REPLACE TEMP TABLE hand_pairs AS SELECT 2 * k AS i, 2 * k + 1 AS j FROM range(${cases.length}) AS t(k)`);
  const got = await pairLevels(db.session, [sql], 'hand_pairs');
  const expected = cases.map(([a, b, level]) => `${JSON.stringify(a)} ~ ${JSON.stringify(b)}: ${level}`);
  expect(cases.map(([a, b], k) => `${JSON.stringify(a)} ~ ${JSON.stringify(b)}: ${typescript.compare(2 * k, 2 * k + 1)}`)).toEqual(expected);
  expect(cases.map(([a, b], k) => `${JSON.stringify(a)} ~ ${JSON.stringify(b)}: ${got.levels[k]!}`)).toEqual(expected);
}

describe('street, place, company and domain levels on hand-made pairs', () => {
  it('gives each street level', async () => {
    const street = (v: string): Values => ({ street: v });
    await handLevels('street', [
      [street(''), street('12 Long St'), -1],
      // "St" is written out and the street type dropped: both are "12 long".
      [street('12 Long St'), street('12 Long Street'), 0],
      // Same number; the name "long" within "long cape town" (a city left in the cell, no type to cut it off).
      [street('12 Long'), street('12 Long Cape Town'), 1],
      // Same number; names one letter apart (Jaro-Winkler ≥ 0.88) but not word for word.
      [street('12 Voortrekker Rd'), street('12 Voortreker Rd'), 2],
      // Numbers one typo apart, same name.
      [street('12 Long St'), street('13 Long St'), 2],
      // One house number missing, same name.
      [street('Long Street'), street('12 Long Street'), 3],
      // Numbers far apart (12 / 345), same name.
      [street('12 Long St'), street('345 Long St'), 4],
      // Same number and street, other units ("4/12" is unit 4 of number 12).
      [street('Unit 4, 12 Long St'), street('5/12 Long Street'), 4],
      // Same number, other street.
      [street('12 Long St'), street('12 Church St'), 5],
      // Same number and name, clashing directionals.
      [street('1500 N Mason Ave'), street('1500 S. Mason Avenue'), 5],
      // Other units, names not alike.
      [street('Unit 4, 12 Long St'), street('Unit 5, 12 Church St'), 5],
    ]);
  });

  it('gives each place level', async () => {
    await handLevels('place', [
      [{ postcode: '8001' }, { city: 'Cape Town' }, -1],
      [{ postcode: '8001', city: 'Cape Town' }, { postcode: '8001', city: 'Cape Town' }, 0],
      // Same postcode, one city missing: nothing contradicts.
      [{ postcode: '8001', city: 'Cape Town' }, { postcode: '8001' }, 0],
      // No postcodes: the same city.
      [{ city: 'Durban' }, { city: 'Durban' }, 0],
      // Postcodes differ, cities the same; then half the words of the shorter city shared; then a typo (JW ≥ 0.9).
      [{ postcode: '8001', city: 'Cape Town' }, { postcode: '8005', city: 'Cape Town' }, 1],
      [{ city: 'Cape Town' }, { city: 'Cape Town Central' }, 1],
      [{ city: 'Stellenbosch' }, { city: 'Stellenbosh' }, 1],
      // Near postcodes (one digit), cities differing; the same postcode with contradicting cities is "near" too.
      [{ postcode: '8001', city: 'Cape Town' }, { postcode: '8002', city: 'Durban' }, 2],
      [{ postcode: '8001', city: 'Cape Town' }, { postcode: '8001', city: 'Pretoria' }, 2],
      // UK-style: all but the inward code (last three) alike.
      [{ postcode: 'SW1A 1AA' }, { postcode: 'SW1A 2BB' }, 2],
      // Nothing but the region, agreeing.
      [{ region: 'Gauteng' }, { region: 'Gauteng' }, 2],
      [{ region: 'Gauteng' }, { region: 'Limpopo' }, 3],
      [{ postcode: '8001', city: 'Cape Town' }, { postcode: '4056', city: 'Durban' }, 3],
      // Digits-only postcodes do not get the inward-code rule.
      [{ postcode: '80011' }, { postcode: '80099' }, 3],
    ]);
  });

  it('gives each company level', async () => {
    const company = (v: string): Values => ({ company: v });
    // 13 named records. Weights ln(1 + 13 / records with the word): a word in 1 record 2.64, in 2 (umoja, blue,
    // crane) 2.01, bakery (3) 1.67, plumbing (4: masakhane, umoja…, blue crane, protea; "plumbng" is its own word) 1.45.
    await handLevels('company', [
      [company('Acme Trading (Pty) Ltd'), company('ACME TRADING PTY LTD'), 0],
      [company(''), company('Protea Plumbing'), -1],
      // Every word matched: a near spelling (plumbng), a short form (deli → delicatessen, art's → arts).
      [company('Masakhane Plumbing'), company('Masakhane Plumbng CC'), 1],
      [company("Art's Deli"), company('Arts Delicatessen'), 1],
      // One name within the other: containment 1, similarity 2·2.01 / (2·2.01 + 1.45 + 2.64 + 2.64) ≈ 0.37.
      [company('Umoja'), company('Umoja Plumbing Kenilworth Branch'), 2],
      // Shared distinctive words: similarity 2·(2.01 + 2.01) / (8.04 + 1.45 + 1.67) ≈ 0.72, containment
      // (2.01 + 2.01) / (2.01 + 2.01 + 1.45) ≈ 0.73.
      [company('Blue Crane Plumbing'), company('Blue Crane Bakery'), 3],
      // A shared common word only: similarity 2·1.67 / (2·1.67 + 2.64 + 2.64) ≈ 0.39, containment 1.67 / 4.31 ≈ 0.39.
      [company('Golden Bakery'), company('Zenith Bakery'), 4],
    ]);
  });

  it('gives each domain level', async () => {
    await handLevels('domain', [
      // A firm's website and another record's own mailbox at that domain.
      [{ company: 'Acme', website: 'https://www.acme.co.za/contact' }, { company: 'Acme', email: 'info@acme.co.za' }, 0],
      [{ company: 'Acme', website: 'acme.co.za; shop.beta.com' }, { company: 'Beta', website: 'http://beta.com' }, 0],
      [{ company: 'Acme', website: 'acme.co.za' }, { company: 'Beta', website: 'beta.co.za' }, 1],
      // Free mail names no firm; a person's work address neither.
      [{ company: 'Acme', email: 'acme@gmail.com' }, { company: 'Acme', website: 'acme.co.za' }, -1],
      [{ first_name: 'Ann', last_name: 'Lee', company: 'Acme', email: 'ann@acme.co.za' }, { company: 'Acme', website: 'acme.co.za' }, -1],
    ]);
  });

  it('writes BigQuery forms: measures as UDFs, lists with UNNEST, none of the DuckDB list lambdas', () => {
    const p = prepare([{ id: '1', fields: { street: '1 Long St', city: 'Durban', company: 'Acme', website: 'acme.com' } }], {});
    for (const field of MINE) {
      const level = placeComparisons(p, field, bigquery)!.level;
      expect(level).not.toMatch(/lambda|list_|string_split|regexp_matches|len\(/);
    }
    expect(placeComparisons(p, 'street', bigquery)!.level).toMatch(/regulars_token_overlap\(l\.`street_words`, r\.`street_words`\)/);
    expect(placeComparisons(p, 'place', bigquery)!.level).toContain("REGEXP_CONTAINS(l.`place_postcode`, r'[a-z]')");
    expect(placeComparisons(p, 'company', bigquery)!.level).toContain('regulars_company_containment(l.`company_words`, l.`company_weights`, r.`company_words`, r.`company_weights`)');
    expect(placeComparisons(p, 'domain', bigquery)!.level).toContain('EXISTS(SELECT 1 FROM UNNEST(l.`domain_list`)');
    expect(placeComparisons(p, 'first_name', duckdb)).toBeUndefined();
  });
});
