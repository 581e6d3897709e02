import * as functions from '@google-cloud/functions-framework';
import type { AuthConfig } from './auth';
import { CLV_TIMEOUT_SECONDS, handleClv } from './clv';
import { DEDUPE_TIMEOUT_SECONDS, handleDedupe } from './dedupe';
import { greetingsRoute } from './greetings';
import { handleHealth } from './health';
import { serve } from './serve';
import { unsubscribeRoute } from './unsubscribe';
import { handleUnsubscribeKey, unsubscribeKeyFromEnv } from './unsubscribe-key';

/** Registers every HTTP function by name (gcloud --entry-point NAME) with the given auth configuration. */
export function registerFunctions(auth: () => AuthConfig): void {
  functions.http('health', serve(handleHealth, { accept: ['addon', 'scheduler'] }, auth));
  functions.http('greetings', greetingsRoute(auth));
  functions.http('unsubscribe', unsubscribeRoute());
  functions.http('unsubscribeKey', serve(handleUnsubscribeKey(() => unsubscribeKeyFromEnv(process.env)), { accept: ['addon'] }, auth));
  functions.http('dedupe', serve(handleDedupe, { accept: ['addon'], timeoutSeconds: DEDUPE_TIMEOUT_SECONDS }, auth));
  functions.http('clv', serve(handleClv, { accept: ['addon', 'scheduler'], timeoutSeconds: CLV_TIMEOUT_SECONDS }, auth));
}
