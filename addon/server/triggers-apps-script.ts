import { builtInHolidays } from './holidays';
// The Apps Script globals behind scheduling and mail, read only when called (nothing runs at load time).
import type { ServerDeps } from '../../shared/api';
import { businessClock, localDateOf, type HostZone } from '../../shared/kernel';
import { parseSettings, SETTINGS_TAB } from '../../shared/workbook';
import { activeWorkbook } from './apps-script';
import { addonMailer, type AddonMailServices, type SyncMailer } from './mail';
import { FUNCTIONS_URL_PROPERTY, type RemotePorts } from './remote';
import { addonUnsubscribeSigner } from './secret';
import { TRIGGER_OWNER_KEY, type TriggerEnv } from './triggers';
import type { HourlyEnv } from './triggers-run';
import type { SpreadsheetWorkbook } from './spreadsheet-workbook';

function mailServices(): AddonMailServices {
  return {
    urlFetch: UrlFetchApp,
    mailApp: MailApp,
    props: PropertiesService.getDocumentProperties(),
    oauthToken: () => ScriptApp.getOAuthToken(),
  };
}

/** The functions as the signer reaches them: UrlFetchApp with the user's identity token (as remote.ts's appsScriptRemote). */
function functionsPorts(): RemotePorts {
  return {
    fetch: (url, request) => UrlFetchApp.fetch(url, request as GoogleAppsScript.URL_Fetch.URLFetchRequestOptions),
    identityToken: () => ScriptApp.getIdentityToken(),
    gzip: (text) => Utilities.gzip(Utilities.newBlob(text, 'application/json')).getBytes(),
    baseUrl: () => PropertiesService.getScriptProperties().getProperty(FUNCTIONS_URL_PROPERTY) ?? '',
  };
}

/**
 * The document's unsubscribe signer: the `unsubscribe` function's key (fetched once, kept in document
 * properties) when a functions URL is configured, else the document's own secret made on first use.
 */
export function documentSigner(wb: SpreadsheetWorkbook) {
  return addonUnsubscribeSigner(PropertiesService.getDocumentProperties(), (fn) => wb.withLock(fn), Utilities, functionsPorts());
}

/**
 * The mailer a sidebar's test send uses: the trigger's transport, counting against the same day's Gmail quota,
 * so the day is the business's today by the trigger's own clock (Settings time_zone, else the spreadsheet's zone).
 */
export function addonTestMailer(extra: Readonly<Record<string, string>>, settingZone: string, hostZone: HostZone | undefined): SyncMailer {
  const now = Date.now();
  const clock = businessClock(now, settingZone, hostZone);
  // A refused zone sends nothing from the trigger, so its quota day is moot: the test send counts on UTC's day.
  return addonMailer(mailServices(), extra, clock.ok ? clock.value.today : localDateOf(now, 'UTC'));
}

/** Installing/removing the trigger in the open spreadsheet. */
export function triggerEnv(): TriggerEnv<GoogleAppsScript.Spreadsheet.Spreadsheet> {
  const wb = activeWorkbook();
  return {
    scriptApp: ScriptApp,
    document: SpreadsheetApp.getActiveSpreadsheet(),
    props: PropertiesService.getDocumentProperties(),
    user: () => Session.getEffectiveUser().getEmail(),
    withLock: (fn) => wb.withLock(fn),
  };
}

/** One hourly run over the spreadsheet the add-on trigger belongs to. */
export function hourlyEnv(): HourlyEnv<GoogleAppsScript.Spreadsheet.Spreadsheet> {
  const wb = activeWorkbook();
  return {
    scriptApp: ScriptApp,
    props: PropertiesService.getDocumentProperties(),
    workbook: wb,
    user: () => Session.getEffectiveUser().getEmail(),
    now: () => Date.now(),
    mailer: (_settings, extra, date) => addonMailer(mailServices(), extra, date),
    signer: () => documentSigner(wb),
    flush: () => SpreadsheetApp.flush(),
    sleep: (ms) => Utilities.sleep(ms),
    holidays: (country) => builtInHolidays(country),
    // The zone the sidebars' deps give (appsScriptDeps), so the Messages "Today" tab plans what this run sends.
    hostZone: () => wb.spreadsheetTimeZone(),
  };
}

/** The server API's dependencies plus the add-on's mailer for the Messages sidebar's test send. */
export function withAddonMail(deps: ServerDeps): ServerDeps {
  return {
    ...deps,
    mailer: () => {
      const { settings, extra } = parseSettings(deps.workbook().read(SETTINGS_TAB));
      return addonTestMailer(extra, settings.time_zone, deps.hostTimeZone);
    },
    // The test address each user typed, and who installed the trigger (the owner who approves runs).
    prefs: {
      get: (key) => PropertiesService.getDocumentProperties().getProperty(`regulars.pref.${key}`) ?? undefined,
      set: (key, value) => void PropertiesService.getDocumentProperties().setProperty(`regulars.pref.${key}`, value),
    },
    owner: () => PropertiesService.getDocumentProperties().getProperty(TRIGGER_OWNER_KEY) ?? undefined,
  };
}
