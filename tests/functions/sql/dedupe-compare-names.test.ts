// The name fields' SQL levels (given name, surname, generation, full name) on DuckDB give exactly the TypeScript
// comparators' levels: on FEBRL, fake_1000 and generated exports (candidate pairs plus random pairs), and on
// hand-made pairs for every level, the expected levels worked out by hand from the rules in shared/dedupe/fields.ts.
import { describe, expect, it } from 'vitest';
import { prepare, type DedupeRecord, type Field, type Prepared } from '../../../shared/dedupe';
import { bigquery, duckdb, nameComparisons, type FieldComparisonSql } from '../../../shared/sql';
import { loadComparisonTable, pairLevels } from '../../../functions/sql';
import { tableRecords } from '../../../functions/dedupe/records';
import { generateSaExport, saExportTable } from '../../../functions/dedupe/generate-sa';
import { generateSaBusinessExport } from '../../../functions/dedupe/generate-sa-business';
import { levelMismatches, testPairs, duckDbForTests, fixture } from './comparison-harness';

const db = duckDbForTests();
const NAME_FIELDS = ['first_name', 'last_name', 'generation', 'full_name'];

/** The SQL forms of the name fields the prepared records compare. */
function nameFields(p: Prepared): FieldComparisonSql[] {
  return p.fields.filter((f) => NAME_FIELDS.includes(f.name)).map((f) => nameComparisons(p, f.name, duckdb) as FieldComparisonSql);
}

/** Checks every name field on the harness's pairs; returns the field names checked and the pair count. */
async function agrees(p: Prepared): Promise<{ fields: string[]; checked: number }> {
  const fields = nameFields(p);
  const { checked, mismatches } = await levelMismatches(db.session, p, fields, testPairs(p));
  if (process.env.COMPARISON_FIGURES) console.log(`n=${p.n} fields=${fields.map((f) => f.field).join(',')} pairs=${checked} mismatches=${mismatches.length}`);
  expect(mismatches.slice(0, 5)).toEqual([]);
  expect(mismatches.length).toBe(0);
  return { fields: fields.map((f) => f.field), checked };
}

/** Person records from given name and surname pairs. */
const people = (names: readonly (readonly [string, string])[]): DedupeRecord[] => names.map(([first_name, last_name], k) => ({ id: `h${k}`, fields: { first_name, last_name } }));

describe('name comparisons on DuckDB', () => {
  it('agree with the comparators on FEBRL 3 (800 records)', async () => {
    const p = prepare(await fixture('febrl3-800.csv'), {});
    const got = await agrees(p);
    expect(got.fields).toEqual(expect.arrayContaining(['first_name', 'last_name']));
    expect(got.checked).toBeGreaterThan(2_000);
  });

  it('agree with the comparators on FEBRL 4a and 4b prepared together', async () => {
    const p = prepare([...(await fixture('febrl4a-300.csv', 0)), ...(await fixture('febrl4b-300.csv', 1))], { link: true });
    expect((await agrees(p)).fields).toEqual(expect.arrayContaining(['first_name', 'last_name']));
  });

  it('agree with the comparators on fake_1000', async () => {
    const p = prepare(await fixture('fake_1000.csv'), {});
    expect((await agrees(p)).fields).toEqual(expect.arrayContaining(['first_name', 'last_name']));
  });

  it('agree with the comparators on a generated SA export (namesakes, households, swapped names, Jr/Snr)', async () => {
    const p = prepare(tableRecords(saExportTable(generateSaExport({ people: 1500, seed: 5 })), {}, 0, 'generated').records, { country: 'ZA' });
    expect((await agrees(p)).fields).toEqual(['first_name', 'last_name', 'generation']);
  });

  it('have nothing to compare in a generated business export: trading names are company names', () => {
    const p = prepare(tableRecords(saExportTable(generateSaBusinessExport({ firms: 400, seed: 3 })), {}, 0, 'business').records, { country: 'ZA' });
    expect(p.fields.map((f) => f.name)).toContain('company');
    expect(nameFields(p)).toEqual([]);
  });

  it('give each level of given name, surname and generation as worked out by hand', async () => {
    // [record i, record j, given-name level, surname level, generation level]
    const cases: [readonly [string, string], readonly [string, string], number, number, number][] = [
      [['John', 'Smith'], ['john', 'SMITH'], 0, 0, -1],
      [['', 'Smith'], ['John', 'Smith'], -1, 0, -1],
      // bill → william (nickname); smith/smithe: JW 0.9667 ≥ 0.92.
      [['Bill', 'Smith'], ['William', 'Smithe'], 1, 1, -1],
      // jonathon/jonathan: JW 0.95 (not nicknames of each other); smith/smyth: JW 0.8933 → 2.
      [['Jonathon', 'Smith'], ['Jonathan', 'Smyth'], 1, 2, -1],
      // An initial; jones/johnson: JW 0.8324 → 3 (first letters cross, but j/johnson is not close: no swap).
      [['J', 'Jones'], ['John', 'Johnson'], 2, 3, -1],
      // karen/karin: JW 0.9067 → 2.
      [['Karen', 'Smith'], ['Karin', 'Smith'], 2, 0, -1],
      // Same first word, so the same canonical form (of the first word), though JW is 0.79.
      [['Li Wei', 'Chen'], ['Li Na', 'Chen'], 1, 0, -1],
      // One starts with the other (both ≥ 3 letters), JW 0.8303.
      [['Max', 'Brown'], ['Maximiliano', 'Brown'], 2, 0, -1],
      // david/daniel: JW 0.76 → 3; jones/smith: JW 0 → 4.
      [['David', 'Jones'], ['Daniel', 'Smith'], 3, 4, -1],
      [['John', 'Kelly'], ['Mary', 'Kelly'], 4, 0, -1],
      // andrea/duane: 4 matches (a n d e against d a n e: 3 transposed), JW (4/6 + 4/5 + 2.5/4) / 3 = 0.6972 → 4
      // (DuckDB's function, halving 3 to 1, says 0.7389).
      [['Andrea', 'Jones'], ['Duane', 'Smith'], 4, 4, -1],
      // Written the other way round: each name agrees with the other record's other name.
      [['Smith', 'John'], ['John', 'Smith'], 0, 0, -1],
      // Swapped with typos: smithe/smith JW 0.9667 → 1; surname jon against given name john: JW 0.9333 → 1.
      [['Smithe', 'Jon'], ['John', 'Smith'], 1, 1, -1],
      // Every word of the shorter surname in the longer one.
      [['Peter', 'van der Merwe'], ['Peter', 'Merwe'], 0, 1, -1],
      [['John Jr', 'Smith'], ['John Snr', 'Smith'], 0, 0, 1],
      [['John Jr', 'Smith'], ['John Jnr', 'Smith'], 0, 0, 0],
    ];
    const p = prepare(people(cases.flatMap(([a, b]) => [a, b])), {});
    const pairs = cases.map((_, k): [number, number] => [2 * k, 2 * k + 1]);
    const byName = new Map(p.fields.map((f) => [f.name, f] as const));
    const fields = ['first_name', 'last_name', 'generation'].map((name) => byName.get(name) as Field);
    // The comparators give the hand-worked levels …
    expect(pairs.map(([i, j]) => fields.map((f) => f.compare(i, j)))).toEqual(cases.map(([, , first, last, generation]) => [first, last, generation]));
    // … and the SQL gives the comparators' levels.
    const { checked, mismatches } = await levelMismatches(db.session, p, nameFields(p), pairs);
    expect(checked).toBe(cases.length);
    expect(mismatches).toEqual([]);
  });

  it('gives each full-name level as worked out by hand, word order of the pair included', async () => {
    // prepare() compares full names only when no record has a given name or surname, and then splits the full
    // name into them, so its full-name field never occurs: the levels are checked against the rule by hand.
    const names: [string, string, number][] = [
      ['', 'john smith', -1],
      ['john smith', 'john smith', 0],
      // Every word of the shorter name in the longer one.
      ['john smith', 'john peter smith', 1],
      // Half the words shared, but JW 0.9733 ≥ 0.92.
      ['jon smith', 'john smith', 1],
      // Half the words shared, JW 0.7333.
      ['mary smith', 'john smith', 2],
      ['mary jones', 'john smith', 3],
      // Equal word counts: record i's words are looked up in record j's, repeats counted, so order matters.
      ['a a', 'a b', 1],
      ['a b', 'a a', 2],
    ];
    const base = prepare(people([['a', 'b']]), {});
    const fullName = names.flatMap(([a, b]) => [a, b]);
    const p: Prepared = { ...base, n: fullName.length, fullName };
    const field = nameComparisons(p, 'full_name', duckdb) as FieldComparisonSql;
    await loadComparisonTable(db.session, p.n, [field]);
    await db.session.run(`CREATE OR REPLACE TEMP TABLE full_pairs AS SELECT 2 * k AS i, 2 * k + 1 AS j FROM range(${names.length}) AS t(k)`);
    const got = await pairLevels(db.session, [field], 'full_pairs');
    expect(Array.from(got.levels)).toEqual(names.map(([, , level]) => level));
  });

  it('builds only its own fields, and writes the JW-based ones for BigQuery with the UDF and one-row subqueries', () => {
    const p = prepare(people([['John Jr', 'Smith']]), {});
    expect(nameComparisons(p, 'email', duckdb)).toBeUndefined();
    for (const field of ['first_name', 'last_name', 'full_name']) expect(nameComparisons(p, field, bigquery)!.level).not.toMatch(/lambda|list_|string_split|contains\(/);
    const given = nameComparisons(p, 'first_name', bigquery)!.level;
    expect(given).toContain('FROM UNNEST([STRUCT(regulars_jaro_winkler(l.`first_name_value`, r.`first_name_value`) AS s');
    expect(nameComparisons(p, 'last_name', bigquery)!.level).toContain("regulars_token_overlap(SPLIT(l.`last_name_value`, ' '), SPLIT(r.`last_name_value`, ' '))");
    const generation = nameComparisons(p, 'generation', bigquery) as FieldComparisonSql;
    expect(generation.level).toContain('l.`generation_value`');
    expect(generation.columns.map((c) => c.value(0))).toEqual(['jr']);
  });
});
