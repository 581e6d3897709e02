import type { Holiday, Mailer, Signer } from '../../shared/greetings';
import type { Workbook } from '../../shared/workbook';

// What the greetings HTTP functions are given. The types live here, with the code that builds them (backend.ts
// when deployed, local.ts on this machine), so that functions/http imports functions/greetings and not the
// other way round.

/** What the Scheduler's greetings run needs; production wiring is greetingsDepsFromEnv in backend.ts. */
export interface GreetingsDeps {
  /** The business's sheet, read once; commit() sends the buffered writes. */
  openWorkbook: () => Promise<{ wb: Workbook; commit: () => Promise<void> }>;
  mailer: () => Mailer;
  signer: () => Promise<Signer>;
  holidays: (country: string, years: readonly number[]) => readonly Holiday[];
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** What the unsubscribe route needs: its own signing key and the document the links belong to. */
export interface UnsubscribeDeps {
  signer: () => Promise<Signer>;
  /** Opens the document, runs fn on it, makes its writes durable (save the file, flush the sheet) and returns fn's result. */
  withWorkbook: <T>(fn: (wb: Workbook) => T) => Promise<T>;
  now: () => number;
}
