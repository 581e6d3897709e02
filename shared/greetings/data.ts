import {
  campaignsTab,
  customersTab,
  interactionsTab,
  loyaltyTab,
  outboxTab,
  parseSettings,
  purchasesTab,
  segmentsTab,
  tasksTab,
  readTable,
  cellText,
  SETTINGS_TAB,
  type Campaign,
  type Customer,
  type Interaction,
  type LoyaltyTier,
  type OutboxEntry,
  type Purchase,
  type Segment,
  type Settings,
  type Task,
  type SettingsIssue,
  type Workbook,
  type CellIssue,
  type DateOrder,
  parseDate,
} from '../workbook';

/** A customer as the planner sees it: the decoded record, the user's own columns, and whether the address cell was unreadable. */
export interface CustomerInput {
  row: number;
  record: Customer;
  extra: Readonly<Record<string, string>>;
  emailInvalid: boolean;
  /** The status cell holds something other than active / merged / archived ("closed", "deceased"…): not written to. */
  statusUnreadable?: boolean;
}

/** The tables the planner reads, decoded from a workbook, with the cell issues met on the way. */
export interface GreetingsData {
  settings: Settings;
  extraSettings: Record<string, string>;
  settingsIssues: SettingsIssue[];
  customers: CustomerInput[];
  purchases: Purchase[];
  interactions: Interaction[];
  campaigns: Campaign[];
  outbox: OutboxEntry[];
  loyalty: LoyaltyTier[];
  segments: Segment[];
  /** The Tasks tab (the weekly digest lists each account manager's open tasks); absent: none. */
  tasks?: Task[];
  issues: CellIssue[];
}

/** Reads Settings, Customers, Purchases, Interactions, Campaigns, Outbox, Loyalty and Segments (missing tabs read as empty). */
export function readGreetingsData(wb: Workbook): GreetingsData {
  const { settings, extra, issues: settingsIssues } = parseSettings(wb.read(SETTINGS_TAB));
  const order = settings.date_order;
  const issues: CellIssue[] = [];
  const customersTable = readTable(wb, customersTab, order);
  const customers: CustomerInput[] = [];
  if (customersTable) {
    issues.push(...customersTable.issues);
    const grid = wb.read(customersTab.name);
    const emailAt = customersTable.map.indexOf.get('email');
    const emailHeader = emailAt === undefined ? undefined : customersTable.header[emailAt];
    const badEmail = new Set(customersTable.issues.filter((i) => i.code === 'not_an_email' && i.column === emailHeader).map((i) => i.row));
    // An unsubscribe cell that holds anything at all ("yes", a date we cannot read) still means "stop": the
    // planner sees the raw text rather than nothing.
    const unsubAt = customersTable.map.indexOf.get('unsubscribed_at');
    const unsubHeader = unsubAt === undefined ? undefined : customersTable.header[unsubAt];
    const unreadableUnsub = new Set(customersTable.issues.filter((i) => i.column === unsubHeader).map((i) => i.row));
    const statusAt = customersTable.map.indexOf.get('status');
    const statusHeader = statusAt === undefined ? undefined : customersTable.header[statusAt];
    const unreadableStatus = new Set(customersTable.issues.filter((i) => i.column === statusHeader).map((i) => i.row));
    const unknown = customersTable.map.unknown;
    for (const row of customersTable.rows) {
      const cells = grid?.rows[row.row - 2] ?? [];
      const extraCells: Record<string, string> = {};
      for (const at of unknown) {
        const name = customersTable.header[at];
        if (name) extraCells[name] = cellText(cells[at] ?? null);
      }
      const record = unreadableUnsub.has(row.row) && unsubAt !== undefined ? { ...row.record, unsubscribed_at: cellText(cells[unsubAt] ?? null) || 'unreadable' } : row.record;
      customers.push({ row: row.row, record, extra: extraCells, emailInvalid: badEmail.has(row.row), ...(unreadableStatus.has(row.row) ? { statusUnreadable: true } : {}) });
    }
  }
  const records = <T>(table: { rows: { record: T }[]; issues: CellIssue[] } | undefined): T[] => {
    if (!table) return [];
    issues.push(...table.issues);
    return table.rows.map((r) => r.record);
  };
  return {
    settings,
    extraSettings: extra,
    settingsIssues,
    customers,
    purchases: records(readTable(wb, purchasesTab, order)),
    interactions: interactionsOf(wb, order, issues),
    campaigns: records(readTable(wb, campaignsTab, order)),
    outbox: records(readTable(wb, outboxTab, order)),
    loyalty: records(readTable(wb, loyaltyTab, order)),
    segments: records(readTable(wb, segmentsTab, order)),
    tasks: records(readTable(wb, tasksTab, order)),
    issues,
  };
}

/**
 * Interactions, with one rescue: the codec reads "01/03/2027 09:30", but not the other ways people type a time
 * ("09.30", "9h30"); those are taken as that wall-clock day and time, so the appointment still gets its reminder.
 */
function interactionsOf(wb: Workbook, order: DateOrder, issues: CellIssue[]): Interaction[] {
  const table = readTable(wb, interactionsTab, order);
  if (!table) return [];
  const dateAt = table.map.indexOf.get('date');
  const dateHeader = dateAt === undefined ? undefined : table.header[dateAt];
  const rescued = new Map<number, string>();
  for (const issue of table.issues) {
    if (issue.column !== dateHeader) continue;
    const m = /^\s*(\S+)[\sT]+(\d{1,2})[:.h](\d{2})\s*$/i.exec(cellText(issue.value));
    const day = m ? parseDate(m[1] ?? '', order) : undefined;
    if (m && day?.ok && typeof day.value === 'string' && Number(m[2]) < 24) rescued.set(issue.row, `${day.value}T${(m[2] ?? '').padStart(2, '0')}:${m[3] ?? ''}`);
  }
  issues.push(...table.issues.filter((i) => !rescued.has(i.row) || i.column !== dateHeader));
  return table.rows.map((r) => {
    const date = rescued.get(r.row);
    return date === undefined ? r.record : { ...r.record, date };
  });
}
