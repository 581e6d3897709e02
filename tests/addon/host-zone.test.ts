import { afterEach, describe, expect, it, vi } from 'vitest';
import { appsScriptDeps } from '../../addon/server/apps-script';
import { addonMailer } from '../../addon/server/mail';
import { appsScriptSigner, documentSecret } from '../../addon/server/secret';
import { SpreadsheetWorkbook } from '../../addon/server/spreadsheet-workbook';
import { installHourlyTrigger } from '../../addon/server/triggers';
import { hourlyEnv } from '../../addon/server/triggers-apps-script';
import { runHourly, type HourlyEnv } from '../../addon/server/triggers-run';
import { createServerApi } from '../../shared/api';
import type { HostZone } from '../../shared/kernel';
import { FakeMailApp } from './fakes/mail-app';
import { FakeProperties } from './fakes/properties';
import { FakeScriptApp, FakeUtilities } from './fakes/script-app';
import { FakeSpreadsheet } from './fakes/spreadsheet-app';
import { FakeUrlFetch } from './fakes/url-fetch';

const OWNER = 'ann@shop.example';
// 2026-11-22 20:30 UTC is 09:30 on 23 November in Auckland (NZDT, +13), the spreadsheet's own zone below.
const NOW = Date.parse('2026-11-22T20:30:00Z');

/** A spreadsheet in Auckland whose Settings time_zone is `zone`, with two customers born on 23 November greeted at 09:00. */
function sheet(zone: string): FakeSpreadsheet {
  const fake = new FakeSpreadsheet('Pacific/Auckland');
  const settings = { business_name: 'Corner Café', sender_email: OWNER, time_zone: zone, delivery: 'addon', public_url: 'https://fn.example', approve_first_run: 'no' };
  fake.addSheet('Settings', [['key', 'value'], ...Object.entries(settings)]);
  fake.addSheet('Customers', [
    ['id', 'first_name', 'email', 'email_consent', 'birth_date', 'status'],
    ['C1', 'Ann', 'c1@example.org', 'yes', '23/11/1990', 'active'],
    ['C2', 'Ben', 'c2@example.org', 'yes', '23/11/1985', 'active'],
  ]);
  fake.addSheet('Campaigns', [
    ['id', 'name', 'trigger', 'offset_days', 'segment', 'subject', 'body', 'active', 'send_hour'],
    ['M1', 'Birthday', 'birthday', 0, '', 'Happy birthday, {{first_name}}!', 'Hi {{first_name}}', 'yes', 9],
  ]);
  return fake;
}

/** The hourly run over the fake, with the host zone as hourlyEnv gives it (the spreadsheet's zone, asked lazily). */
function envOf(fake: FakeSpreadsheet, hostZone: HostZone | undefined): HourlyEnv<string> {
  const props = new FakeProperties();
  const app = new FakeScriptApp(OWNER, 'doc1');
  installHourlyTrigger({ scriptApp: app, document: 'doc1', props, user: () => OWNER, withLock: (fn) => fn() });
  const wb = new SpreadsheetWorkbook(fake, fake.services());
  const utilities = new FakeUtilities();
  return {
    scriptApp: app,
    props,
    workbook: wb,
    user: () => OWNER,
    now: () => NOW,
    mailer: (_s, extra, date) => addonMailer({ urlFetch: new FakeUrlFetch([]), mailApp: new FakeMailApp(100), props, oauthToken: () => 'tok' }, extra, date),
    signer: () => appsScriptSigner(documentSecret(props, (fn) => wb.withLock(fn), utilities), utilities),
    flush: () => undefined,
    sleep: () => undefined,
    ...(hostZone ? { hostZone } : {}),
  };
}

/** The Messages "Today" tab over the same fake, with the host zone as appsScriptDeps gives it. */
function todayTab(fake: FakeSpreadsheet): { date: string; zone: string } {
  const wb = new SpreadsheetWorkbook(fake, fake.services());
  const plan = createServerApi({ workbook: () => wb, now: () => new Date(NOW).toISOString(), user: () => OWNER, hostTimeZone: () => wb.spreadsheetTimeZone() }).getTodayPlan({});
  return plan.ok ? { date: plan.value.date, zone: plan.value.timeZone } : { date: 'refused', zone: '' };
}

const zoneCalls = (fake: FakeSpreadsheet): number => fake.calls.filter((c) => c.method === 'getSpreadsheetTimeZone').length;

describe('the add-on gives its sidebars and its hourly run the spreadsheet’s zone', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('wires the same lazily-asked zone into the sidebars’ deps and the trigger’s environment', () => {
    const fake = sheet('');
    vi.stubGlobal('SpreadsheetApp', { getActiveSpreadsheet: () => fake, flush: () => undefined });
    vi.stubGlobal('PropertiesService', { getDocumentProperties: () => new FakeProperties() });
    vi.stubGlobal('ScriptApp', new FakeScriptApp(OWNER, 'doc1'));
    const deps = appsScriptDeps();
    const env = hourlyEnv();
    expect(zoneCalls(fake)).toBe(0);
    expect(typeof env.hostZone === 'function' ? env.hostZone() : env.hostZone).toBe('Pacific/Auckland');
    expect(deps.hostTimeZone?.()).toBe('Pacific/Auckland');
  });

  it('a blank Settings time_zone: the run sends on the spreadsheet’s day, the day the Today tab shows', async () => {
    const fake = sheet('');
    const env = envOf(fake, () => (env.workbook as SpreadsheetWorkbook).spreadsheetTimeZone());
    expect(await runHourly(env)).toMatchObject({ status: 'ran', date: '2026-11-23', sent: 2 });
    expect(todayTab(fake)).toEqual({ date: '2026-11-23', zone: 'Pacific/Auckland' });
  });

  it('a typed UTC is UTC for both, and the host zone is not asked for', async () => {
    const fake = sheet('UTC');
    let asked = 0;
    const env = envOf(fake, () => (asked++, (env.workbook as SpreadsheetWorkbook).spreadsheetTimeZone()));
    expect(await runHourly(env)).toMatchObject({ status: 'ran', date: '2026-11-22', sent: 0 });
    expect(todayTab(fake)).toEqual({ date: '2026-11-22', zone: 'UTC' });
    expect(asked).toBe(0);
  });
});
