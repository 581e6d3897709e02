import { linkToday, type Signer } from '../../shared/greetings';
import { localDateOf } from '../../shared/kernel';
import type { UnsubscribeDeps } from '../greetings';

/** A link token's claim, or why it is refused: not ours or changed (`invalid`), or too old (`expired`). */
export type LinkCheck<C> = { ok: true; claim: C } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Checks the token of a link in mail (survey, confirm) in two steps: its signature and shape first, so a token
 * that is not ours is refused before any sheet is read; then its age on the business's today (linkToday), the
 * calendar its issued date was written in, so a link lasts its days by the business's clock in every host.
 */
export async function checkLinkToken<C>(token: string, nowMs: number, deps: Pick<UnsubscribeDeps, 'signer' | 'withWorkbook'>, verify: (token: string, signer: Signer, today: string) => LinkCheck<C>): Promise<LinkCheck<C>> {
  if (token === '') return { ok: false, reason: 'invalid' };
  const signer = await deps.signer();
  // UTC's day only for the signature step: an `invalid` answer does not depend on the day.
  const signed = verify(token, signer, localDateOf(nowMs, 'UTC'));
  if (!signed.ok && signed.reason === 'invalid') return signed;
  const today = await deps.withWorkbook((wb) => linkToday(wb, nowMs));
  return verify(token, signer, today);
}
