import type { Signer } from '../../shared/greetings';
import type { Workbook } from '../../shared/workbook';
import { smtpMailer } from '../mail';
import { createSecretManagerClient, secretManagerStore, hmacSigner, unsubscribeSigner } from '../secrets';
import { createSheetsClient, openSheetsApiWorkbook, type SheetsClient } from '../workbook';
import type { GreetingsDeps, UnsubscribeDeps } from './deps';
import { holidaysFor } from './holidays';

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

let signer: Promise<Signer> | undefined;
/**
 * The unsubscribe signer of the deployed functions: REGULARS_UNSUBSCRIBE_KEY when the deploy maps it from
 * Secret Manager, else the secret itself, read (and created on first use) through the Secret Manager API.
 */
export function backendSigner(env: Env): Promise<Signer> {
  const key = env.REGULARS_UNSUBSCRIBE_KEY?.trim();
  if (key) return Promise.resolve(hmacSigner(key));
  signer ??= (async () => unsubscribeSigner(secretManagerStore(await createSecretManagerClient(), required(env, 'GOOGLE_CLOUD_PROJECT'))))();
  signer.catch(() => (signer = undefined));
  return signer;
}

let sheets: Promise<SheetsClient> | undefined;
async function sheetsClient(): Promise<SheetsClient> {
  sheets ??= (async () => {
    const { GoogleAuth } = await import('google-auth-library');
    return createSheetsClient(new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/spreadsheets'] }));
  })();
  return sheets;
}

/** Opens the business's sheet (REGULARS_SPREADSHEET_ID, shared with the functions' service account) with these tabs. */
export async function openBackendSheet(env: Env, tabs?: readonly string[]): Promise<{ wb: Workbook; commit: () => Promise<void> }> {
  const wb = await openSheetsApiWorkbook(await sheetsClient(), required(env, 'REGULARS_SPREADSHEET_ID'), tabs ? { tabs } : {});
  return {
    wb,
    commit: async () => {
      await wb.flush();
    },
  };
}

/** A public page's `withWorkbook` in production: opens the sheet with these tabs, runs `fn`, writes what it changed. */
export function withBackendSheet(env: Env, tabs: readonly string[]): <T>(fn: (wb: Workbook) => T) => Promise<T> {
  return async (fn) => {
    const { wb, commit } = await openBackendSheet(env, tabs);
    const result = fn(wb);
    await commit();
    return result;
  };
}

/** The unsubscribe route's dependencies in production. */
export function unsubscribeDepsFromEnv(env: Env): UnsubscribeDeps {
  return {
    signer: () => backendSigner(env),
    withWorkbook: withBackendSheet(env, ['Settings', 'Customers', 'Consent log']),
    now: () => Date.now(),
  };
}

/** The Scheduler greetings function's dependencies in production (SMTP from REGULARS_SMTP_URL). */
export function greetingsDepsFromEnv(env: Env): GreetingsDeps {
  return {
    // Only the tabs a run reads or writes (not the Merge log or Dashboard), in one batchGet.
    openWorkbook: () => openBackendSheet(env, ['Settings', 'Customers', 'Purchases', 'Interactions', 'Campaigns', 'Outbox', 'Loyalty', 'Segments', 'Tasks']),
    mailer: () => smtpMailer(required(env, 'REGULARS_SMTP_URL')),
    signer: () => backendSigner(env),
    holidays: holidaysFor,
    now: () => Date.now(),
  };
}
