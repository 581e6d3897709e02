import { OAuth2Client } from 'google-auth-library';
import type { Caller } from './handler';

const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];

/** Who may call, read from the environment (never from the sheet). */
export interface AuthConfig {
  /** The add-on's OAuth client id: the audience of ScriptApp.getIdentityToken(). */
  addonAudience: string;
  /** Add-on users allowed by address (lower case). */
  allowedEmails: readonly string[];
  /** Or a whole Workspace domain (the token's hd claim). */
  allowedDomain: string;
  /** Cloud Scheduler's service account and the audience it signs for (the function's URL). */
  schedulerEmail: string;
  schedulerAudience: string;
  /** Google's signing certificates (fetched and cached in production; a local key in tests). */
  certificates: () => Promise<Record<string, string>>;
}

/** Why a caller was turned away; the message never echoes the token. */
export type AuthFailure = { ok: false; status: 401 | 403; reason: string };

/** Reads the auth configuration from environment variables. */
export function authConfigFromEnv(env: Readonly<Record<string, string | undefined>>): AuthConfig {
  const client = new OAuth2Client();
  return {
    addonAudience: env.REGULARS_ADDON_AUDIENCE ?? '',
    allowedEmails: (env.REGULARS_ALLOWED_EMAILS ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean),
    allowedDomain: (env.REGULARS_ALLOWED_DOMAIN ?? '').trim().toLowerCase(),
    schedulerEmail: (env.REGULARS_SCHEDULER_EMAIL ?? '').trim().toLowerCase(),
    schedulerAudience: env.REGULARS_SCHEDULER_AUDIENCE ?? '',
    certificates: async () => (await client.getFederatedSignonCertsAsync()).certs as Record<string, string>,
  };
}

/**
 * Verifies a Bearer ID token: signature against Google's certificates, issuer, expiry and audience; then the
 * add-on user must be on the allow-list (or in the allowed domain), or the token must be the Scheduler's.
 */
export async function verifyCaller(authorization: string | undefined, config: AuthConfig, accept: readonly Caller['kind'][]): Promise<{ ok: true; caller: Caller } | AuthFailure> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return { ok: false, status: 401, reason: 'missing bearer token' };
  const audiences = [accept.includes('addon') ? config.addonAudience : '', accept.includes('scheduler') ? config.schedulerAudience : ''].filter(Boolean);
  if (audiences.length === 0) return { ok: false, status: 403, reason: 'no caller is configured for this function' };
  let payload;
  try {
    const ticket = await new OAuth2Client().verifySignedJwtWithCertsAsync(match[1], await config.certificates(), audiences, GOOGLE_ISSUERS);
    payload = ticket.getPayload();
  } catch {
    return { ok: false, status: 401, reason: 'invalid token' };
  }
  const email = (payload?.email ?? '').toLowerCase();
  if (!payload || !email || payload.email_verified === false) return { ok: false, status: 403, reason: 'token has no verified e-mail' };
  if (accept.includes('scheduler') && payload.aud === config.schedulerAudience && email === config.schedulerEmail && email !== '') {
    return { ok: true, caller: { kind: 'scheduler', email } };
  }
  if (accept.includes('addon') && payload.aud === config.addonAudience) {
    const domain = (payload.hd ?? '').toLowerCase();
    if (config.allowedEmails.includes(email) || (config.allowedDomain !== '' && domain === config.allowedDomain)) {
      return { ok: true, caller: { kind: 'addon', email } };
    }
  }
  return { ok: false, status: 403, reason: 'caller is not allowed' };
}
