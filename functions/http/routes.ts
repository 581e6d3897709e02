import * as functions from '@google-cloud/functions-framework';
import type { AuthConfig } from './auth';
import type { BodyLimits } from './body';
import { CLV_TIMEOUT_SECONDS, clvHandler } from './clv';
import { clvSheetDepsFromEnv } from './clv-sheet';
import { confirmRoute } from './confirm';
import { DEDUPE_TIMEOUT_SECONDS, handleDedupe } from './dedupe';
import { leaveBodiesToServe } from './framework-bodies';
import { greetingsRoute } from './greetings';
import { handleHealth } from './health';
import { serve, type HttpFunction } from './serve';
import { surveyRoute } from './survey';
import { unsubscribeRoute } from './unsubscribe';
import { handleUnsubscribeKey, unsubscribeKeyFromEnv } from './unsubscribe-key';

/**
 * Bodies of the data functions: 32 MB as sent (Cloud Run's own request cap) and 64 MB once inflated, room for a
 * 200,000-row customer list or CDNOW's log many times over, yet far below a 512 MB instance's memory.
 */
export const DATA_BODY: BodyLimits = { maxSentBytes: 32 * 1024 * 1024, maxInflatedBytes: 64 * 1024 * 1024 };

/** Every HTTP function by name (gcloud --entry-point NAME, and its path on our own server). */
export function functionTable(auth: () => AuthConfig): Record<string, HttpFunction> {
  return {
    health: serve(handleHealth, { accept: ['addon', 'scheduler'] }, auth),
    greetings: greetingsRoute(auth),
    unsubscribe: unsubscribeRoute(),
    survey: surveyRoute(),
    confirm: confirmRoute(),
    unsubscribeKey: serve(handleUnsubscribeKey(() => unsubscribeKeyFromEnv(process.env)), { accept: ['addon'] }, auth),
    dedupe: serve(handleDedupe, { accept: ['addon'], timeoutSeconds: DEDUPE_TIMEOUT_SECONDS, body: DATA_BODY }, auth),
    clv: serve(clvHandler(() => clvSheetDepsFromEnv(process.env)), { accept: ['addon', 'scheduler'], timeoutSeconds: CLV_TIMEOUT_SECONDS, body: DATA_BODY }, auth),
  };
}

/**
 * Registers every HTTP function with functions-framework (`gcloud functions deploy`), with its body parsers
 * turned into pass-throughs first, so bodies are read by serve() after the caller is verified, as on our server.
 */
export function registerFunctions(auth: () => AuthConfig): void {
  if (!leaveBodiesToServe()) console.warn('regulars: functions-framework body-parser not found; request bodies are parsed before the caller is verified');
  for (const [name, fn] of Object.entries(functionTable(auth))) functions.http(name, fn);
}
