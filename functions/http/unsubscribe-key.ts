import { createSecretManagerClient, secretManagerStore, secretOnFirstUse, UNSUBSCRIBE_SECRET } from '../secrets';
import type { Handler } from './handler';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The unsubscribe signing key as the `unsubscribe` route gets it (functions/greetings/backend.ts backendSigner):
 * REGULARS_UNSUBSCRIBE_KEY when the deploy maps it from Secret Manager, else the Secret Manager secret itself,
 * created on first use. One source, so links signed with this key verify in the `unsubscribe` function.
 */
export async function unsubscribeKeyFromEnv(env: Env): Promise<string> {
  const mapped = env.REGULARS_UNSUBSCRIBE_KEY?.trim();
  if (mapped) return mapped;
  const project = env.GOOGLE_CLOUD_PROJECT?.trim();
  if (!project) throw new Error('GOOGLE_CLOUD_PROJECT is not set');
  return secretOnFirstUse(secretManagerStore(await createSecretManagerClient(), project), UNSUBSCRIBE_SECRET);
}

/**
 * Hands the unsubscribe signing key to the add-on, so mail the add-on sends carries links the `unsubscribe`
 * function can verify. Mount it with accept ['addon'] only: serve() then admits nobody but an allow-listed
 * add-on user's verified identity token. The key is never logged; the answer is marked not cacheable.
 */
export function handleUnsubscribeKey(key: () => Promise<string>): Handler {
  return async () => ({ status: 200, body: { key: await key() }, headers: { 'Cache-Control': 'no-store' } });
}
