// Where a record is, and which firm it is, as SQL comparison levels: the street (parsed number, unit, directional
// and name, taken apart in TypeScript and loaded as columns), the place (postcode, city, region), and through
// dedupe-compare-company.ts the company name and web domain. Each level is exactly the TypeScript field's.
import type { Prepared } from '../dedupe';
import type { SqlDialect } from './dialect';
import type { FieldComparisonBuilder, FieldComparisonSql } from './dedupe-comparison-sql';
import { companyComparisonSql, domainComparisonSql } from './dedupe-compare-company';
import { allAscii, jaroWinklerAtLeastSql, withinTyposSql, wordOverlapSql } from './dedupe-compare-similarity';

const orNull = (v: string): string | null => (v === '' ? null : v);

/** A text's length less 3, never negative: BigQuery's LEFT refuses a negative length, and SQL's AND may evaluate it first. */
const less3 = (text: string): string => `greatest(length(${text}) - 3, 0)`;

/** editDistance(a, b, 1) ≤ 1: one substitution, insertion, deletion or adjacent swap apart (or equal). */
const withinOneEdit = (d: SqlDialect, a: string, b: string): string => withinTyposSql(d, a, b, 1);

/**
 * The street field (streetField / compareStreets in shared/dedupe/address.ts): -1 an address missing, 0 the same
 * key, then by house number, unit, directional and how alike the street names are.
 */
export function streetComparisonSql(p: Prepared, d: SqlDialect): FieldComparisonSql {
  const [key, num, unit, dir, name, words] = ['street_key', 'street_number', 'street_unit', 'street_direction', 'street_name', 'street_words'].map((c) => d.identifier(c)) as [string, string, string, string, string, string];
  // namesAgree: both named and every word of the shorter name (the first one when as long) in the other.
  const namesAgree = wordOverlapSql(d, `l.${words}`, `r.${words}`, 'all');
  const ascii = allAscii(p.streets.map((s) => s?.name.join(' ') ?? ''));
  const alike = `(${namesAgree} OR ${jaroWinklerAtLeastSql(d, `l.${name}`, `r.${name}`, 0.88, { ascii })})`;
  const clash = `(l.${dir} <> '' AND r.${dir} <> '' AND l.${dir} <> r.${dir})`;
  const numbered =
    `CASE WHEN l.${unit} <> '' AND r.${unit} <> '' AND l.${unit} <> r.${unit} THEN CASE WHEN ${alike} THEN 4 ELSE 5 END ` +
    `WHEN l.${num} <> r.${num} THEN CASE WHEN NOT ${alike} THEN 5 WHEN ${withinOneEdit(d, `l.${num}`, `r.${num}`)} THEN 2 ELSE 4 END ` +
    `WHEN ${namesAgree} AND NOT ${clash} THEN 1 WHEN ${alike} AND NOT ${clash} THEN 2 ELSE 5 END`;
  const level =
    `CASE WHEN l.${key} IS NULL OR r.${key} IS NULL THEN -1 WHEN l.${key} = r.${key} THEN 0 ` +
    `WHEN l.${num} <> '' AND r.${num} <> '' THEN ${numbered} WHEN ${alike} THEN 3 ELSE 5 END`;
  const s = p.streets;
  return {
    field: 'street',
    columns: [
      { name: 'street_key', type: 'VARCHAR', value: (i) => orNull(p.street[i] as string) },
      { name: 'street_number', type: 'VARCHAR', value: (i) => s[i]?.number ?? '' },
      { name: 'street_unit', type: 'VARCHAR', value: (i) => s[i]?.unit ?? '' },
      { name: 'street_direction', type: 'VARCHAR', value: (i) => s[i]?.direction ?? '' },
      { name: 'street_name', type: 'VARCHAR', value: (i) => s[i]?.name.join(' ') ?? '' },
      { name: 'street_words', type: 'VARCHAR[]', value: (i) => s[i]?.name ?? [] },
    ],
    level,
  };
}

/**
 * The place field (placeField in shared/dedupe/place.ts): 0 the same postcode with cities not contradicting (or,
 * without postcodes, the same city), 1 cities agreeing, 2 a near postcode or only the region agreeing, 3 different,
 * -1 nothing to compare.
 */
export function placeComparisonSql(p: Prepared, d: SqlDialect): FieldComparisonSql {
  const [pc, city, words, region] = ['place_postcode', 'place_city', 'place_city_words', 'place_region'].map((c) => d.identifier(c)) as [string, string, string, string];
  const hasP = `(l.${pc} IS NOT NULL AND r.${pc} IS NOT NULL)`;
  const hasC = `(l.${city} IS NOT NULL AND r.${city} IS NOT NULL)`;
  // tokenOverlap ≥ 0.5: at least half the words of the shorter city (the first when as long) are in the other.
  const overlap = wordOverlapSql(d, `l.${words}`, `r.${words}`, 'half');
  const citiesAgree = `(${hasC} AND (l.${city} = r.${city} OR ${jaroWinklerAtLeastSql(d, `l.${city}`, `r.${city}`, 0.9, { ascii: allAscii(p.city) })} OR ${overlap}))`;
  // postcodesNear: as long and one edit apart, or (the first holding a letter) all but the last three alike.
  const near =
    `((length(l.${pc}) = length(r.${pc}) AND ${withinOneEdit(d, `l.${pc}`, `r.${pc}`)}) OR ` +
    `(length(l.${pc}) >= 5 AND length(r.${pc}) >= 5 AND ${d.matches(`l.${pc}`, '[a-z]')} AND left(l.${pc}, ${less3(`l.${pc}`)}) = left(r.${pc}, ${less3(`r.${pc}`)})))`;
  const level =
    `CASE WHEN ${hasP} AND l.${pc} = r.${pc} AND (NOT ${hasC} OR ${citiesAgree}) THEN 0 ` +
    `WHEN NOT ${hasP} AND ${hasC} AND l.${city} = r.${city} THEN 0 ` +
    `WHEN ${citiesAgree} THEN 1 ` +
    `WHEN ${hasP} AND ${near} THEN 2 ` +
    `WHEN NOT ${hasP} AND NOT ${hasC} THEN CASE WHEN l.${region} IS NULL OR r.${region} IS NULL THEN -1 WHEN l.${region} = r.${region} THEN 2 ELSE 3 END ` +
    'ELSE 3 END';
  return {
    field: 'place',
    columns: [
      { name: 'place_postcode', type: 'VARCHAR', value: (i) => orNull(p.postcode[i] as string) },
      { name: 'place_city', type: 'VARCHAR', value: (i) => orNull(p.city[i] as string) },
      { name: 'place_city_words', type: 'VARCHAR[]', value: (i) => (p.city[i] as string).split(' '), follows: 'place_city' },
      { name: 'place_region', type: 'VARCHAR', value: (i) => orNull(p.region[i] as string) },
    ],
    level,
  };
}

/** Builds the SQL level of the street, place, company and domain fields (undefined for any other field). */
export const placeComparisons: FieldComparisonBuilder = (p, field, d) => {
  if (field === 'street') return streetComparisonSql(p, d);
  if (field === 'place') return placeComparisonSql(p, d);
  if (field === 'company') return companyComparisonSql(p, d);
  if (field === 'domain') return domainComparisonSql(p, d);
  return undefined;
};
