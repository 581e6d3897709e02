import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli';

type Cell = string | number | boolean | null;

/** Writes an .xlsx with these tabs (first row the header) the way a person would type it in Excel. */
async function writeXlsx(file: string, tabs: Record<string, Cell[][]>): Promise<void> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(tabs)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  await book.xlsx.writeFile(file);
}

const people = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

// The hand-worked example of tests/shared/campaigns/results.test.ts, as a workbook: A–E mailed on 2027-05-10,
// F–H held out. Within 7 days after: A 120 (100 on the day of the mail does not count), B 80 (day 7), C 0 (day 8),
// D 60 − 60 = 0, E 0; F 50. Mailed 200 of 5 (40 per customer), control 50 of 3 (16.67).
async function example(dir: string): Promise<string> {
  const file = path.join(dir, 'shop.xlsx');
  const outbox = people.map((c, i) => [`O-${i + 1}`, `Spring|${c}|once:2027-05-10`, 'Spring', c, `${c.toLowerCase()}@x.example`, 'Spring', i < 5 ? 'sent' : 'holdout', i < 5 ? '' : 'holdout', '2027-05-10', i < 5 ? '2027-05-10T08:00:00Z' : null]);
  await writeXlsx(file, {
    Settings: [['key', 'value'], ['business_name', 'Fynbos Cycles'], ['time_zone', 'UTC'], ['currency', 'R'], ['attribution_days', '7']],
    Customers: [['id', 'first_name', 'email', 'email_consent', 'unsubscribed_at', 'status'], ...people.map((c) => [c, c, `${c.toLowerCase()}@x.example`, 'yes', c === 'B' ? '2027-05-12' : null, 'active'])],
    Campaigns: [['name', 'trigger', 'segment', 'subject', 'body', 'active', 'send_date', 'holdout_pct'], ['Spring', 'once', '', 'Spring', 'Hello', 'yes', '2027-05-10', 30]],
    Outbox: [['id', 'key', 'campaign', 'customer_id', 'to', 'subject', 'status', 'reason', 'planned_for', 'sent_at'], ...outbox],
    Purchases: [['id', 'customer_id', 'date', 'amount'], ['P-1', 'A', '2027-05-10', 100], ['P-2', 'A', '2027-05-12', 120], ['P-3', 'B', '2027-05-17', 80], ['P-4', 'C', '2027-05-18', 50], ['P-5', 'D', '2027-05-11', 60], ['P-6', 'D', '2027-05-13', -60], ['P-7', 'F', '2027-05-15', 50]],
    Interactions: [['id', 'customer_id', 'date', 'kind', 'subject', 'score', 'score_max'], ['I-1', 'A', '2027-05-13', 'survey', 'Spring (once:2027-05-10)', 9, 10]],
  });
  return file;
}

describe('regulars campaign results', () => {
  it('prints the counts, each group, the lift with its 95% intervals, and the sentence (hand-computed)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'regulars-results-'));
    const file = await example(dir);
    const text = await cli(['campaign', 'results', 'spring', '--workbook', file, '--date', '2027-06-30'], dir);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('campaign "Spring" results as of 2027-06-30 (purchases within 7 days after each message)');
    expect(text.stdout).toContain('sent 5, failed 0, review 0, held out 3, waiting 0, skipped 0');
    expect(text.stdout).toContain('unsubscribed 1');
    expect(text.stdout).toContain('survey answers 1, NPS 100 (1)');
    expect(text.stdout).toContain('mailed   5 customers, 2 bought (40.0%), revenue R 200.00 (R 40.00 per customer)');
    expect(text.stdout).toContain('control  3 customers, 1 bought (33.3%), revenue R 50.00 (R 16.67 per customer)');
    // Newcombe: 0.0667 (−0.4723, 0.5252); Welch: 23.33 ± 2.449 × 30.295 (df 5.975).
    expect(text.stdout).toContain('lift: buying rate +6.7 points (95% CI −47.2 points to 52.5 points)');
    expect(text.stdout).toContain('revenue per customer +R 23.33 (95% CI −R 50.87 to R 97.54)');
    expect(text.stdout).toContain('revenue added +R 116.67 (95% CI −R 254.36 to R 487.69)');
    expect(text.stdout).toContain('not yet distinguishable from chance');

    const json = await cli(['campaign', 'results', 'Spring', '--workbook', file, '--date', '2027-06-30', '--json'], dir);
    const r = JSON.parse(json.stdout) as Record<string, unknown> & { lift: { revenuePerCustomer: { low: number; high: number; df: number } }; mailed: unknown };
    expect(r).toMatchObject({ campaign: 'Spring', currency: 'R', attributionDays: 7, sent: 5, holdout: 3, unsubscribed: 1, verdict: 'unclear', holdoutPct: 30 });
    expect(r.mailed).toEqual({ customers: 5, converted: 2, conversionRate: 0.4, revenue: 200, revenuePerCustomer: 40 });
    expect(r.lift.revenuePerCustomer.df).toBeCloseTo(5.975, 3);
    expect(r.lift.revenuePerCustomer.low).toBeCloseTo(-50.87, 1);
    expect(r.lift.revenuePerCustomer.high).toBeCloseTo(97.54, 1);
  });

  it('a later attribution_days or an earlier date changes what counts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'regulars-results-'));
    const file = await example(dir);
    const early = JSON.parse((await cli(['campaign', 'results', 'Spring', '--workbook', file, '--date', '2027-05-14', '--json'], dir)).stdout) as { mailed: { revenue: number }; openWindows: number };
    // By 05-14 only A's 120 counts, and all 8 windows are still open.
    expect(early).toMatchObject({ mailed: { revenue: 120 }, openWindows: 8 });
  });

  it('after `campaign send` with a holdout: the control group is in the Outbox as holdout, unsent, and counted apart', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'regulars-results-'));
    const file = path.join(dir, 'shop.xlsx');
    const ids = Array.from({ length: 40 }, (_, i) => `C-${i + 1}`);
    await writeXlsx(file, {
      Settings: [['key', 'value'], ['business_name', 'Fynbos Cycles'], ['sender_email', 'hello@fynbos.example'], ['time_zone', 'UTC'], ['public_url', 'https://shop.example'], ['approve_first_run', 'no'], ['cool_down_days', '0']],
      Customers: [['id', 'first_name', 'email', 'email_consent', 'status'], ...ids.map((id) => [id, id, `${id.toLowerCase()}@x.example`, 'yes', 'active'])],
      Campaigns: [['name', 'trigger', 'segment', 'subject', 'body', 'active', 'send_date', 'holdout_pct'], ['News', 'once', '', 'News', 'Hello', 'yes', '2027-05-10', 25]],
    });
    const sent = await cli(['campaign', 'send', 'News', '--workbook', file, '--date', '2027-05-10', '--transport', `file:${path.join(dir, 'out')}`, '--json'], dir);
    expect(sent.code).toBe(0);
    const report = JSON.parse(sent.stdout) as { sent: number; skipped: Record<string, number> };
    const held = report.skipped.holdout ?? 0;
    expect(report.sent + held).toBe(40);
    expect(held).toBeGreaterThan(0);
    const again = JSON.parse((await cli(['campaign', 'send', 'News', '--workbook', file, '--date', '2027-05-10', '--transport', `file:${path.join(dir, 'out')}`, '--approve', '--json'], dir)).stdout) as { sent: number };
    expect(again.sent).toBe(0);
    const results = JSON.parse((await cli(['campaign', 'results', 'News', '--workbook', file, '--date', '2027-05-20', '--json'], dir)).stdout) as { sent: number; holdout: number; mailed: { customers: number }; control: { customers: number } };
    expect(results).toMatchObject({ sent: report.sent, holdout: held, mailed: { customers: report.sent }, control: { customers: held } });
  });

  it('refuses bad input with a clear message and exit 2', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'regulars-results-'));
    const file = await example(dir);
    const unknown = await cli(['campaign', 'results', 'Autumn', '--workbook', file, '--date', '2027-06-30'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('the Campaigns tab has no campaign named "Autumn"');
    expect((await cli(['campaign', 'results', '--workbook', file, '--date', '2027-06-30'], dir)).stderr).toContain('the campaign NAME is required');
    expect((await cli(['campaign', 'results', 'Spring', '--workbook', file, '--date', '2027-13-01'], dir)).code).toBe(2);
    const help = await cli(['campaign', 'results', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('attribution_days');
  });
});
