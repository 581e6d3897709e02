// The contact fields' SQL levels (birth date, e-mail, phone, extra columns) equal the TypeScript comparators on
// every candidate pair and a random sample of the shared datasets, on hand-made cases for each level, and the
// string measures equal similarity.ts on random strings over small alphabets (where they differ most).
import { describe, expect, it } from 'vitest';
import { e164Phone, editDistance, jaroWinkler, prepare, type DedupeRecord, type Prepared } from '../../../shared/dedupe';
import { mulberry32 } from '../../../shared/kernel';
import { bigquery, contactComparisons, duckdb, type FieldComparisonSql } from '../../../shared/sql';
import { tableRecords } from '../../../functions/dedupe/records';
import { generateSaExport, saExportTable } from '../../../functions/dedupe/generate-sa';
import { generateSaBusinessExport } from '../../../functions/dedupe/generate-sa-business';
import { levelMismatches, testPairs, duckDbForTests, fixture } from './comparison-harness';

const db = duckDbForTests();

/** The SQL forms this builder gives for the prepared fields. */
function contactFields(p: Prepared): FieldComparisonSql[] {
  return p.fields.map((f) => contactComparisons(p, f.name, duckdb)).filter((f): f is FieldComparisonSql => f !== undefined);
}

/** Runs the harness and expects no mismatch; returns the fields compared and how many pairs were checked. */
async function expectSameLevels(p: Prepared): Promise<{ fields: string[]; checked: number }> {
  const fields = contactFields(p);
  const { checked, mismatches } = await levelMismatches(db.session, p, fields, testPairs(p));
  if (process.env.CONTACT_FIGURES) console.log(`n=${p.n} fields=${fields.map((f) => f.field).join(',')} pairs=${checked} mismatches=${mismatches.length}`);
  expect(mismatches.slice(0, 5)).toEqual([]);
  expect(mismatches.length).toBe(0);
  return { fields: fields.map((f) => f.field), checked };
}

/** Every level of `field` the TypeScript comparator gives over the harness pairs (so a dataset exercises them). */
function levelsSeen(p: Prepared, field: string): Set<number> {
  const f = p.fields.find((x) => x.name === field);
  return new Set(testPairs(p).map(([i, j]) => f?.compare(i, j) ?? -2));
}

describe('contact comparison levels on DuckDB', () => {
  it('equal the TypeScript levels on FEBRL 3 (birth date, extra number and text columns)', async () => {
    const p = prepare(await fixture('febrl3-800.csv'), {});
    const { fields, checked } = await expectSameLevels(p);
    expect(fields).toEqual(['birth_date', 'street_number', 'address_2', 'soc_sec_id']);
    expect(checked).toBeGreaterThan(2000);
    for (const field of fields) expect(levelsSeen(p, field).size).toBeGreaterThanOrEqual(3);
  });

  it('equal the TypeScript levels when linking FEBRL 4a with 4b', async () => {
    const records = [...(await fixture('febrl4a-300.csv', 0)), ...(await fixture('febrl4b-300.csv', 1))];
    const p = prepare(records, { link: true });
    expect((await expectSameLevels(p)).fields).toEqual(['birth_date', 'street_number', 'address_2', 'soc_sec_id']);
  });

  it('equal the TypeScript levels on fake_1000 (birth dates and e-mails with typos)', async () => {
    const p = prepare(await fixture('fake_1000.csv'), {});
    expect((await expectSameLevels(p)).fields).toEqual(['birth_date', 'email']);
    expect([...levelsSeen(p, 'email')].sort()).toEqual([-1, 0, 1, 2, 3]);
  });

  it('equal the TypeScript levels on a generated SA export (households share phones and mailboxes)', async () => {
    const data = generateSaExport({ people: 1500, seed: 5 });
    const p = prepare(tableRecords(saExportTable(data), {}, 0, 'generated').records, { country: 'ZA' });
    expect((await expectSameLevels(p)).fields).toEqual(['birth_date', 'email', 'phone']);
    for (const field of ['birth_date', 'phone']) expect(levelsSeen(p, field).size).toBeGreaterThanOrEqual(5);
  });

  it('equal the TypeScript levels on a generated business export (switchboards; local numbers when phones stay national)', async () => {
    const data = generateSaBusinessExport({ firms: 400, seed: 3 });
    const records = tableRecords({ headers: data.headers, rows: data.rows, headerless: false }, {}, 0, 'business').records;
    const p = prepare(records, {});
    expect(p.country).toBe('ZA');
    expect((await expectSameLevels(p)).fields).toEqual(['email', 'phone']);
    expect(levelsSeen(p, 'phone').has(1)).toBe(true);
    // Numbers left national (no country): "7005835" stays a local number and agrees with "0137005835".
    const national = prepare(records, { normalisePhone: (raw) => e164Phone(raw, undefined) });
    expect(national.phone.flat().filter((v) => /^\d{7,8}$/.test(v)).length).toBeGreaterThan(20);
    const phone = national.fields.find((f) => f.name === 'phone')!;
    const viaLocal = testPairs(national).filter(([i, j]) => phone.compare(i, j) <= 1 && phone.compare(i, j) >= 0 && !national.phone[i]!.some((v) => national.phone[j]!.includes(v)));
    expect(viaLocal.length).toBeGreaterThan(10);
    await expectSameLevels(national);
  });
});

/** Records from short rows: [first name, birth date, e-mail, phone, extra columns]. */
function records(rows: [string, string, string, string, Record<string, string>?][]): DedupeRecord[] {
  return rows.map(([first, dob, email, phone, extra], i) => ({ id: String(i), fields: { first_name: first, last_name: 'smith', birth_date: dob, email, phone }, ...(extra ? { extra } : {}) }));
}

/** The SQL level of `field` for each pair (i < j), and the TypeScript one, in the pairs' order. */
async function levelsOf(p: Prepared, field: string, pairs: [number, number][]): Promise<{ sql: number[]; typescript: number[] }> {
  const sql = contactComparisons(p, field, duckdb) as FieldComparisonSql;
  const { mismatches, checked } = await levelMismatches(db.session, p, [sql], pairs);
  expect(checked).toBe(pairs.length);
  const compare = p.fields.find((f) => f.name === field)!.compare;
  const typescript = pairs.map(([i, j]) => compare(i, j));
  const wrong = new Map(mismatches.map((m) => [`${m.i}-${m.j}`, m.sql]));
  return { sql: pairs.map(([i, j], k) => wrong.get(`${i}-${j}`) ?? typescript[k]!), typescript };
}

/** Checks a table of [i, j, expected level] against both engines. */
async function expectLevels(p: Prepared, field: string, cases: [number, number, number][]): Promise<void> {
  const got = await levelsOf(p, field, cases.map(([i, j]) => [i, j]));
  const expected = cases.map((c) => c[2]);
  expect(got.typescript).toEqual(expected);
  expect(got.sql).toEqual(expected);
}

describe('contact levels worked out by hand', () => {
  it('birth date: equal, swapped day and month or one typo, 45 days or two typos, far apart, another generation', async () => {
    const p = prepare(
      records([
        ['ann', '1980-03-05', '', ''], // 0
        ['ann', '1980-03-05', '', ''], // 1: equal → 0
        ['ann', '1980-05-03', '', ''], // 2: day and month swapped → 1
        ['ann', '1980-03-15', '', ''], // 3: one digit → 1
        ['ann', '1908-03-05', '', ''], // 4: adjacent digits swapped (19800305 / 19080305) → 1
        ['ann', '1980-04-12', '', ''], // 5: 38 days later, three digits → 2
        ['ann', '1981-04-05', '', ''], // 6: two digits, 396 days → 2
        ['ann', '1983-07-25', '', ''], // 7: 3 years, four digits → 3
        ['ann', '1990-11-28', '', ''], // 8: 10 years → 4
        ['ann', '', '', ''], // 9: missing → -1
      ]),
      {},
    );
    await expectLevels(p, 'birth_date', [[0, 1, 0], [0, 2, 1], [0, 3, 1], [0, 4, 1], [0, 5, 2], [0, 6, 2], [0, 7, 3], [0, 8, 4], [0, 9, -1]]);
  });

  it('e-mail: shared address, household mailbox, two typos with the same first letter, none alike', async () => {
    const p = prepare(
      records([
        ['ann', '', 'ann.smith@mail.com', ''], // 0
        ['ann', '', 'x@y.com; ann.smith@mail.com', ''], // 1: shares 0's own address → 0
        ['ann', '', 'family@home.net', ''], // 2
        ['bob', '', 'family@home.net', ''], // 3: bob and ann share it: household → 1 with 2
        ['ann', '', 'ann.smiht@mail.co', ''], // 4: a swap and a dropped letter → 2 with 0
        ['ann', '', 'bnn.smith@mail.com', ''], // 5: one typo, but another first letter → 3 with 0
        ['ann', '', 'ann.sm@mail.com', ''], // 6: three letters dropped → 3 with 0
        ['ann', '', 'ann.smth@mail.cm', ''], // 7: two letters dropped (another length) → 2 with 0
        ['ann', '', '', ''], // 8: none → -1
      ]),
      {},
    );
    await expectLevels(p, 'email', [[0, 1, 0], [2, 3, 1], [0, 4, 2], [0, 5, 3], [0, 6, 3], [0, 7, 2], [0, 8, -1], [1, 4, 2]]);
  });

  it('phone: shared number, household line, local number, one typo of the same length, none alike', async () => {
    const p = prepare(
      records([
        ['ann', '', '', '082 123 4567'], // 0
        ['ann', '', '', '082-123-4567'], // 1: the same number → 0
        ['ann', '', '', '021 555 0101'], // 2
        ['bob', '', '', '021 555 0101'], // 3: a household line → 1 with 2
        ['ann', '', '', '555 0101'], // 4: 2's local number → 1 (2's number is shared)
        ['ann', '', '', '123 4567'], // 5: 0's local number → 0
        ['ann', '', '', '082 123 4576'], // 6: two digits swapped → 2 with 0
        ['ann', '', '', '082 123 4599'], // 7: two digits differ → 3 with 0
        ['ann', '', '', ''], // 8: none → -1
        ['ann', '', '', '082 123 4567; 011 000 0000'], // 9: 5's full number (5 is the left record) → 0
      ]),
      {},
    );
    await expectLevels(p, 'phone', [[0, 1, 0], [2, 3, 1], [2, 4, 1], [0, 5, 0], [5, 6, 3], [0, 6, 2], [0, 7, 3], [0, 8, -1], [5, 9, 0], [4, 5, 3]]);
  });

  it('extra columns: numbers one edit apart, text by Jaro-Winkler 0.9 and 0.75', async () => {
    const p = prepare(
      records([
        ['ann', '', '', '', { member: '12345', note: 'martha' }], // 0
        ['ann', '', '', '', { member: '12345', note: 'marhta' }], // 1: equal; JW 0.961 → 1
        ['ann', '', '', '', { member: '12354', note: 'dwayne' }], // 2: swap → 1; duane/dwayne below
        ['ann', '', '', '', { member: '1234', note: 'duane' }], // 3: deletion → 1; JW(dwayne, duane) 0.84 → 2
        ['ann', '', '', '', { member: '13254', note: 'dixon' }], // 4: two edits → 2; JW(dixon, dicksonx) 0.813 → 2
        ['ann', '', '', '', { member: '99', note: 'dicksonx' }], // 5
        ['ann', '', '', '', { member: '', note: 'zzz' }], // 6: missing number → -1; unlike → 3
      ]),
      {},
    );
    expect(p.fields.find((f) => f.name === 'member')?.levels).toBe(3);
    await expectLevels(p, 'member', [[0, 1, 0], [0, 2, 1], [0, 3, 1], [0, 4, 2], [0, 6, -1]]);
    await expectLevels(p, 'note', [[0, 1, 1], [2, 3, 2], [4, 5, 2], [0, 6, 3], [0, 5, 3]]);
  });
});

describe('string measures on random strings', () => {
  /**
   * Random records whose e-mails and extra columns are short strings over a few letters; half the e-mails hold
   * an ø and halves of an emoji (UTF-16 code units that DuckDB would otherwise not see as characters).
   */
  function randomRecords(n: number, seed: number): DedupeRecord[] {
    const rand = mulberry32(seed);
    const word = (letters: string, max: number): string => Array.from({ length: 1 + Math.floor(rand() * max) }, () => letters[Math.floor(rand() * letters.length)]).join('');
    return Array.from({ length: n }, (_, i) => ({
      id: String(i),
      fields: { first_name: `p${i}`, email: `${word('ab', 3)}${word(i % 2 === 0 ? 'abc' : 'ab\u00f8\ud83d\ude00', 6)}@x` },
      extra: { code: word('123', 5), text: word('abcd', 10) },
    }));
  }

  it('give the TypeScript levels on every pair of 160 records (withinTypos, editDistance, Jaro-Winkler, emoji included)', async () => {
    const p = prepare(randomRecords(160, 3), {});
    const pairs: [number, number][] = [];
    for (let i = 0; i < p.n; i++) for (let j = i + 1; j < p.n; j++) pairs.push([i, j]);
    const fields = contactFields(p);
    expect(fields.map((f) => f.field)).toEqual(['email', 'code', 'text']);
    const { mismatches } = await levelMismatches(db.session, p, fields, pairs);
    expect(mismatches.slice(0, 5)).toEqual([]);
    // The random pairs reach every level, and the cuts are near many similarities (so the arithmetic must agree).
    const text = p.fields.find((f) => f.name === 'text')!;
    const seen = new Set(pairs.map(([i, j]) => text.compare(i, j)));
    for (const level of [0, 1, 2, 3]) expect(seen.has(level)).toBe(true);
    expect(p.email.filter((list) => list.some((v) => /[\ud800-\udfff]/.test(v))).length).toBeGreaterThan(30);
    const email = p.fields.find((f) => f.name === 'email')!;
    expect(new Set(pairs.map(([i, j]) => email.compare(i, j)))).toEqual(new Set([0, 1, 2, 3]));
    const values = p.generic.find((g) => g.name === 'text')!.values;
    expect(pairs.filter(([i, j]) => Math.abs(jaroWinkler(values[i]!, values[j]!) - 0.75) < 0.02).length).toBeGreaterThan(100);
    const codes = p.generic.find((g) => g.name === 'code')!.values;
    expect(pairs.filter(([i, j]) => codes[i] !== codes[j] && editDistance(codes[i]!, codes[j]!) === 1).length).toBeGreaterThan(100);
  });

  it('write BigQuery forms: typos by the UDF, lists with UNNEST, an empty list as missing', () => {
    const p = prepare(records([['ann', '1980-01-01', 'a@b.c', '0821234567']]), {});
    for (const field of ['birth_date', 'email', 'phone']) expect(contactComparisons(p, field, bigquery)!.level).not.toMatch(/lambda|list_|hamming|len\(/);
    expect(contactComparisons(p, 'birth_date', bigquery)!.level).toContain("regulars_within_typos(l.`birth_date_ymd`, r.`birth_date_ymd`, CAST('2' AS FLOAT64))");
    const email = contactComparisons(p, 'email', bigquery)!.level;
    expect(email).toContain('(ARRAY_LENGTH(l.`email_values`) = 0)');
    expect(email).toContain('EXISTS(SELECT 1 FROM UNNEST(l.`email_values`) AS ex CROSS JOIN UNNEST(r.`email_values`) AS ey WHERE (CASE WHEN LEFT(ex, 1) = LEFT(ey, 1) THEN regulars_within_typos(ex, ey, CAST(\'2\' AS FLOAT64))');
    expect(contactComparisons(p, 'first_name', duckdb)).toBeUndefined();
  });
});
