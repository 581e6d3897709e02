// Calls the project's HTTP functions from Apps Script: UrlFetchApp with the user's ID token
// (ScriptApp.getIdentityToken(), checked by functions/http/auth.ts) and a gzipped JSON body.

/** The script property holding the functions' base URL, e.g. https://europe-west1-shop.cloudfunctions.net/ */
export const FUNCTIONS_URL_PROPERTY = 'REGULARS_FUNCTIONS_URL';

/** An HTTP answer as UrlFetchApp gives it. */
export interface FetchAnswer {
  getResponseCode(): number;
  getContentText(): string;
}

/** The request options this module sets (a subset of UrlFetchApp's). */
export interface FetchRequest {
  method: 'post';
  contentType: string;
  headers: Record<string, string>;
  payload: unknown;
  muteHttpExceptions: true;
}

/** The Apps Script services a remote call needs, injected so tests can fake them. */
export interface RemotePorts {
  fetch(url: string, request: FetchRequest): FetchAnswer;
  /** ScriptApp.getIdentityToken(): an OpenID token for the user, audience = the script's OAuth client. */
  identityToken(): string;
  /** The gzipped bytes of a UTF-8 text (Utilities.gzip of a blob), sent as the payload. */
  gzip(text: string): unknown;
  /** The configured base URL, or '' when none is set. */
  baseUrl(): string;
}

/** Raised for a failed call; its message is safe to show (never the token, never row data). */
export class RemoteCallError extends Error {
  override readonly name = 'RemoteCallError';
}

/** A function's URL from the base and its name, whether or not the base ends with '/'. */
export function functionUrl(base: string, fn: string): string {
  return `${base.replace(/\/+$/, '')}/${encodeURIComponent(fn)}`;
}

/** The `remote` dependency of ServerDeps over these ports; undefined when no base URL is configured. */
export function createRemote(ports: RemotePorts): ((fn: string, body: unknown) => unknown) | undefined {
  const base = ports.baseUrl().trim();
  if (base === '') return undefined;
  if (!/^https:\/\//i.test(base)) throw new RemoteCallError(`${FUNCTIONS_URL_PROPERTY} must start with https://`);
  return (fn, body) => {
    const answer = ports.fetch(functionUrl(base, fn), {
      method: 'post',
      contentType: 'application/json',
      headers: { Authorization: `Bearer ${ports.identityToken()}`, 'Content-Encoding': 'gzip' },
      payload: ports.gzip(JSON.stringify(body)),
      muteHttpExceptions: true,
    });
    const status = answer.getResponseCode();
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.getContentText());
    } catch {
      throw new RemoteCallError(`the ${fn} function answered ${status} with no JSON`);
    }
    if (status !== 200) {
      const error = typeof parsed === 'object' && parsed !== null && 'error' in parsed ? String(parsed.error) : '';
      throw new RemoteCallError(`the ${fn} function answered ${status}${error ? `: ${error.slice(0, 300)}` : ''}`);
    }
    return parsed;
  };
}

/**
 * The remote dependency over the real Apps Script services. The script property is read only when a call is
 * made (most server calls never need it); without it the call fails with a message saying what to set.
 */
export function appsScriptRemote(): (fn: string, body: unknown) => unknown {
  return (fn, body) => {
    const remote = createRemote({
      fetch: (url, request) => UrlFetchApp.fetch(url, request as GoogleAppsScript.URL_Fetch.URLFetchRequestOptions),
      identityToken: () => ScriptApp.getIdentityToken(),
      gzip: (text) => Utilities.gzip(Utilities.newBlob(text, 'application/json')).getBytes(),
      baseUrl: () => PropertiesService.getScriptProperties().getProperty(FUNCTIONS_URL_PROPERTY) ?? '',
    });
    if (!remote) throw new RemoteCallError(`no functions URL is configured (script property ${FUNCTIONS_URL_PROPERTY})`);
    return remote(fn, body);
  };
}
