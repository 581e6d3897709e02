// The DuckDB dialect's reading of text dates against the in-memory reader's parseDay, on dates of every odd shape:
// the common YYYY-MM-DD by a direct cast, anything else by shape first, and refused exactly where parseDay refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, type DuckDbSession } from '../../../functions/sql';
import { parseDay } from '../../../shared/clv';
import { duckdb } from '../../../shared/sql';

let db: DuckDbSession;

beforeAll(async () => {
  db = await openDuckDb({ threads: 1 });
});
afterAll(() => db.close());

describe('the DuckDB dialect', () => {
  it('reads a text date exactly as the in-memory reader does, the common shape by a direct cast', async () => {
    const base = '1997-01-05';
    const odd = [' ', '-', '+', '/', '.', 'T', 'a', '0', '9', '3'];
    const texts = new Set<string>(['19970105', '1997-01-05 10:00', '1997-01-05T10:00Z', '1997-01-05x', '1997-02-29', '1996-02-29', '0000-01-01', '9999-12-31', '\t1997-01-05', '']);
    // Every one- and two-character change of a valid date, and the date cut short or padded.
    for (let i = 0; i < base.length; i++) {
      for (const c of odd) {
        const one = base.slice(0, i) + c + base.slice(i + 1);
        texts.add(one);
        for (let j = i + 1; j < base.length; j++) for (const d of odd) texts.add(one.slice(0, j) + d + one.slice(j + 1));
      }
      texts.add(base.slice(0, i));
      texts.add(` ${base.slice(0, i)}`);
      texts.add(`${base.slice(0, i + 1)} `);
    }
    const list = [...texts];
    await db.run('DROP TABLE IF EXISTS dates');
    await db.run('CREATE TABLE dates (i INTEGER, t VARCHAR)');
    await db.run(`INSERT INTO dates VALUES ${list.map((t, i) => `(${i}, ${duckdb.string(t)})`).join(', ')}`);
    const rows = await db.rows(`SELECT i, ${duckdb.textDay('t')} AS day FROM dates ORDER BY i`);
    expect(rows.length).toBe(list.length);
    const wrong = rows.filter((r) => (r.day === null ? undefined : Number(r.day)) !== parseDay(list[Number(r.i)]!.trim()));
    expect(wrong.map((r) => list[Number(r.i)])).toEqual([]);
    // The set holds both kinds: dates the reader takes and dates it refuses.
    expect(list.filter((t) => parseDay(t.trim()) !== undefined).length).toBeGreaterThan(100);
    expect(list.filter((t) => parseDay(t.trim()) === undefined).length).toBeGreaterThan(1000);
  });
});
