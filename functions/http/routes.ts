import * as functions from '@google-cloud/functions-framework';
import type { AuthConfig } from './auth';
import { handleHealth } from './health';
import { serve } from './serve';

/** Registers every HTTP function by name (gcloud --entry-point NAME) with the given auth configuration. */
export function registerFunctions(auth: () => AuthConfig): void {
  functions.http('health', serve(handleHealth, { accept: ['addon', 'scheduler'] }, auth));
}
