import { createSign, generateKeyPairSync } from 'node:crypto';
import type { AuthConfig } from '../../../functions/http/auth';

/** A local signing key standing in for Google's: tests mint ID tokens and the functions verify them. */
export function localIssuer(kid = 'test-key'): { sign: (claims: Record<string, unknown>) => string; certificates: () => Promise<Record<string, string>> } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return {
    sign(claims) {
      const now = Math.floor(Date.now() / 1000);
      const body = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64({ iss: 'https://accounts.google.com', iat: now, exp: now + 600, email_verified: true, ...claims })}`;
      const signature = createSign('RSA-SHA256').update(body).sign(privateKey).toString('base64url');
      return `${body}.${signature}`;
    },
    certificates: () => Promise.resolve({ [kid]: pem }),
  };
}

/** An auth configuration for tests: one allowed user, one domain, one scheduler account. */
export function testAuthConfig(certificates: AuthConfig['certificates']): AuthConfig {
  return {
    addonAudience: 'addon-client.apps.googleusercontent.com',
    allowedEmails: ['owner@shop.example'],
    allowedDomain: 'staff.example',
    schedulerEmail: 'scheduler@proj.iam.gserviceaccount.com',
    schedulerAudience: 'https://fn.example/greetings',
    certificates,
  };
}
