import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { UnsubscribeDeps } from '../http/unsubscribe';
import { fileSecretStore, localSecretsFile } from '../secrets/file-secret-store';
import { unsubscribeSigner } from '../secrets/secret-store';
import { openXlsxWorkbook, type XlsxWorkbook } from '../workbook/xlsx-workbook';

/** Saves an .xlsx beside itself and renames it into place, so a crash never leaves half a file. */
export async function saveXlsxAtomically(wb: XlsxWorkbook, file: string): Promise<void> {
  if (wb.changedTabs().length === 0) return;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(tmp, await wb.toBuffer());
  await rename(tmp, file);
}

/** Opens the .xlsx, runs fn on it and saves it: for a caller that holds no workbook session of its own. */
export function xlsxFileSession(file: string): UnsubscribeDeps['withWorkbook'] {
  return async (fn) => {
    const wb = await openXlsxWorkbook(file);
    const result = fn(wb);
    await saveXlsxAtomically(wb, file);
    return result;
  };
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
