import type { UnsubscribeDeps } from './deps';
import { fileSecretStore, localSecretsFile, unsubscribeSigner } from '../secrets';
import { withWorkbookFile } from '../workbook';

/** Opens the .xlsx fresh, runs fn on it under the file's lock and saves what changed: for a caller with no workbook session of its own. */
export function xlsxFileSession(file: string): UnsubscribeDeps['withWorkbook'] {
  return (fn) => withWorkbookFile(file, fn);
}

/**
 * The unsubscribe route's dependencies on this machine (the workbench's /unsubscribe): the links the CLI
 * signed with the key in `.regulars/secrets.json` next to the workbook verify here. Pass the workbench's
 * own `withWorkbook` when it keeps the workbook open, so both write through one session.
 */
export function localUnsubscribeDeps(workbookPath: string, withWorkbook: UnsubscribeDeps['withWorkbook'] = xlsxFileSession(workbookPath)): UnsubscribeDeps {
  const store = fileSecretStore(localSecretsFile(workbookPath));
  return { signer: () => unsubscribeSigner(store), withWorkbook, now: () => Date.now() };
}
