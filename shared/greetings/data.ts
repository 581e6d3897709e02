import {
  campaignsTab,
  customersTab,
  interactionsTab,
  loyaltyTab,
  outboxTab,
  parseSettings,
  purchasesTab,
  readTable,
  cellText,
  SETTINGS_TAB,
  type Campaign,
  type Interaction,
  type LoyaltyTier,
  type OutboxEntry,
  type Purchase,
  type Settings,
  type SettingsIssue,
  type Workbook,
  type CellIssue,
} from '../workbook';
import type { CustomerInput } from './planner';

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
  issues: CellIssue[];
}

/** Reads Settings, Customers, Purchases, Interactions, Campaigns, Outbox and Loyalty (missing tabs read as empty). */
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
    const unknown = customersTable.map.unknown;
    for (const row of customersTable.rows) {
      const cells = grid?.rows[row.row - 2] ?? [];
      const extraCells: Record<string, string> = {};
      for (const at of unknown) {
        const name = customersTable.header[at];
        if (name) extraCells[name] = cellText(cells[at] ?? null);
      }
      customers.push({ row: row.row, record: row.record, extra: extraCells, emailInvalid: badEmail.has(row.row) });
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
    interactions: records(readTable(wb, interactionsTab, order)),
    campaigns: records(readTable(wb, campaignsTab, order)),
    outbox: records(readTable(wb, outboxTab, order)),
    loyalty: records(readTable(wb, loyaltyTab, order)),
    issues,
  };
}
