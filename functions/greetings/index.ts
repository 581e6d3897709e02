// Greetings on Node, the public face of functions/greetings: what the HTTP functions need when deployed and on
// this machine, and the locks, journal and holidays the CLI's sending commands use.
export type { GreetingsDeps, UnsubscribeDeps } from './deps';
export { backendSigner, openBackendSheet, greetingsDepsFromEnv, unsubscribeDepsFromEnv, withBackendSheet } from './backend';
export { localUnsubscribeDeps, xlsxFileSession } from './local';
export { lockFile, runLockPath, type FileLock } from './file-lock';
export { fileSendJournal, sendJournalPath } from './send-journal';
export { holidaysFor, yearsAround } from './holidays';
