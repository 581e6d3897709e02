import { createServerApi, SERVER_API_METHODS, type Selection, type ServerApiMethod } from '../../shared/api';
import type { Workbook } from '../../shared/workbook';
import { holidaysFor } from '../greetings';
import { fileMailer } from '../mail';
import { localPrefs } from './prefs';
import { xlsxTable } from '../import';
import type { XlsxWorkbook } from '../workbook';

/** A call the bridge refuses before running anything: an unknown method or arguments that are not an array. */
export class BridgeRefusal extends Error {
  override readonly name = 'BridgeRefusal';
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** What the page and the sidebars reach through the workbench: the server API, the selection, the version. */
export interface Bridge {
  /** Runs one ServerApi method with google.script.run's arguments; resolves with its JSON-safe answer. */
  call(method: string, args: unknown): Promise<unknown>;
  /** Sets the row a click on the tables selected (what getSelectedCustomer reads). */
  select(selection: Selection | undefined): void;
  selection(): Selection | undefined;
  /** Goes up by one after every call that changed the workbook, so the page knows to refresh. */
  version(): number;
  /** Waits for the calls under way (and their saves) to finish. */
  idle(): Promise<void>;
  /** Runs fn on the workbook in turn with the sidebar calls, saving after a change (the /unsubscribe route). */
  withWorkbook<T>(fn: (wb: Workbook) => T): Promise<T>;
}

export interface BridgeOptions {
  wb: XlsxWorkbook;
  /** Who the changes are logged as. */
  user: string;
  now?: () => string;
  /** Where "send a test" writes its .eml files (the local outbox); absent, sending is not offered. */
  outboxDir?: string;
  /** Where per-user preferences (the test address) are kept; absent, nothing is remembered. */
  prefsFile?: string;
}

const METHODS: ReadonlySet<string> = new Set(SERVER_API_METHODS);

export function isServerApiMethod(name: string): name is ServerApiMethod {
  return METHODS.has(name);
}

/**
 * The same createServerApi the add-on runs, over the local .xlsx workbook. Calls run one at a time, each
 * under the file's lock (shared with the CLI) on what the file holds now; a call that wrote is saved to the
 * file before its answer goes back, so "saved" in a sidebar means "in the file".
 */
export function createBridge(options: BridgeOptions): Bridge {
  const { wb, user } = options;
  const now = options.now ?? (() => new Date().toISOString());
  let selected: Selection | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const outboxDir = options.outboxDir;
  const api = createServerApi({
    workbook: () => wb,
    now,
    user: () => user,
    selection: () => selected,
    ...(outboxDir === undefined ? {} : { mailer: () => fileMailer(outboxDir) }),
    holidays: (country, year) => holidaysFor(country, [year]),
    // The workbench's one user is the owner who approves runs.
    owner: () => user,
    ...(options.prefsFile === undefined ? {} : { prefs: localPrefs(options.prefsFile) }),
    // The Import sidebar's .xlsx files are read here with ExcelJS (the add-on asks for CSV instead).
  }, { readXlsx: xlsxTable });

  // Each call holds the file's lock from its first read to its save: it sees what the CLI (or anyone) saved
  // before it, and its save merges into the file rather than writing a stale copy over it.
  async function session<T>(fn: () => T): Promise<Awaited<T>> {
    return wb.update(async (): Promise<Awaited<T>> => await fn());
  }

  function enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const next = queue.then(fn);
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    call(method, args) {
      if (!isServerApiMethod(method)) return Promise.reject(new BridgeRefusal(`${method} is not a server function`, 404));
      if (!Array.isArray(args) || args.length > 1) return Promise.reject(new BridgeRefusal('the body must be a JSON array of at most one argument', 400));
      // The method's own zod schema checks the input; the cast only crosses the JSON boundary.
      return enqueue(() => session(() => (api[method] as (input: unknown) => unknown)(args[0] ?? {})));
    },
    withWorkbook: (fn) => enqueue(() => session(() => fn(wb))),
    select(selection) {
      selected = selection;
    },
    selection: () => selected,
    // Changes saved by this process or by another (a CLI run) both count: the page refreshes either way.
    version: () => wb.generation(),
    idle: () => queue.then(() => undefined),
  };
}

