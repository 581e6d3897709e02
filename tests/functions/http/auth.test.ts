import { describe, expect, it } from 'vitest';
import { verifyCaller } from '../../../functions/http/auth';
import { localIssuer, testAuthConfig } from './test-tokens';

const google = localIssuer();
const config = testAuthConfig(google.certificates);
const addonToken = (claims: Record<string, unknown>): string => `Bearer ${google.sign({ aud: config.addonAudience, ...claims })}`;

describe('verifyCaller', () => {
  it('accepts an allowed add-on user and a user of the allowed domain', async () => {
    expect(await verifyCaller(addonToken({ email: 'Owner@Shop.example' }), config, ['addon'])).toEqual({ ok: true, caller: { kind: 'addon', email: 'owner@shop.example' } });
    expect(await verifyCaller(addonToken({ email: 'ann@staff.example', hd: 'staff.example' }), config, ['addon'])).toMatchObject({ ok: true });
  });

  it('accepts the scheduler only with its own audience and account', async () => {
    const good = `Bearer ${google.sign({ aud: config.schedulerAudience, email: config.schedulerEmail })}`;
    expect(await verifyCaller(good, config, ['scheduler'])).toEqual({ ok: true, caller: { kind: 'scheduler', email: config.schedulerEmail } });
    const otherAccount = `Bearer ${google.sign({ aud: config.schedulerAudience, email: 'intruder@proj.iam.gserviceaccount.com' })}`;
    expect(await verifyCaller(otherAccount, config, ['scheduler'])).toMatchObject({ ok: false, status: 403 });
    expect(await verifyCaller(good, config, ['addon'])).toMatchObject({ ok: false });
  });

  it('turns away strangers, other audiences, forged and expired tokens, without echoing the token', async () => {
    expect(await verifyCaller(addonToken({ email: 'stranger@gmail.com' }), config, ['addon'])).toMatchObject({ ok: false, status: 403 });
    expect(await verifyCaller(`Bearer ${google.sign({ aud: 'someone-else', email: 'owner@shop.example' })}`, config, ['addon'])).toMatchObject({ ok: false, status: 401 });
    const forger = localIssuer();
    const forged = `Bearer ${forger.sign({ aud: config.addonAudience, email: 'owner@shop.example' })}`;
    expect(await verifyCaller(forged, config, ['addon'])).toEqual({ ok: false, status: 401, reason: 'invalid token' });
    const expired = addonToken({ email: 'owner@shop.example', iat: 1_000_000, exp: 1_000_600 });
    expect(await verifyCaller(expired, config, ['addon'])).toMatchObject({ ok: false, status: 401 });
    expect(await verifyCaller(undefined, config, ['addon'])).toMatchObject({ ok: false, status: 401 });
    expect(await verifyCaller(addonToken({ email: 'owner@shop.example', email_verified: false }), config, ['addon'])).toMatchObject({ ok: false, status: 403 });
  });
});
