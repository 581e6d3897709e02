import {
  appendRecords, campaignsTab, consentLogTab, counterKey, customersTab, defectionsTab, encodeRow, idNumber, interactionsTab, layoutOf,
  loyaltyTab, migrateWorkbook, openTable, profileFieldsTab, purchasesTab, writeSettings, type CellValue, type TabDef, type Workbook,
} from '../../shared/workbook';
import { DEMO_PROFILE_FIELDS } from './defaults';
import type { DemoData } from './generate';

/** Profile fields whose values must stay text in the sheet (VAT and registration numbers). */
const TEXT_PROFILE_FIELDS = DEMO_PROFILE_FIELDS.filter((f) => f.type === 'text').map((f) => f.field);

/**
 * Writes demo data into a workbook through the contract: every tab created with its header, records
 * appended in one batch per tab, profile values in extra Customers columns, and the id counters and
 * settings stored so later ids continue after the demo's.
 */
export function writeDemo(wb: Workbook, data: DemoData): void {
  wb.withLock(() => {
    migrateWorkbook(wb);
    const base = layoutOf(customersTab);
    const extra = DEMO_PROFILE_FIELDS.map((f) => f.field);
    wb.ensureTab(customersTab.name, { header: [...base.header, ...extra], textColumns: [...base.textColumns, ...TEXT_PROFILE_FIELDS] });
    const customers = openTable(wb, customersTab);
    const at = new Map(customers.header.map((h, i) => [h, i]));
    const rows: CellValue[][] = data.customers.map((c) => {
      const cells = encodeRow(customers, c);
      for (const [field, value] of Object.entries(data.profiles[c.id] ?? {})) {
        const i = at.get(field);
        if (i !== undefined) cells[i] = value;
      }
      return cells;
    });
    wb.append(customersTab.name, rows);
    const append = <D extends TabDef>(def: D, records: readonly Record<string, unknown>[]) => {
      appendRecords(wb, openTable(wb, def), records as never);
    };
    append(profileFieldsTab, data.profileFields);
    append(purchasesTab, data.purchases);
    append(interactionsTab, data.interactions);
    append(campaignsTab, data.campaigns);
    append(loyaltyTab, data.loyalty);
    append(defectionsTab, data.defections);
    append(consentLogTab, data.consentLog);
    const counters: Record<string, number> = {};
    const lastOf = (prefix: string, ids: readonly string[]) => {
      counters[counterKey(prefix)] = ids.reduce((m, id) => Math.max(m, idNumber(prefix, id) ?? 0), 0);
    };
    lastOf(customersTab.idPrefix, data.customers.map((c) => c.id));
    lastOf(profileFieldsTab.idPrefix, data.profileFields.map((r) => r.id));
    lastOf(purchasesTab.idPrefix, data.purchases.map((r) => r.id));
    lastOf(interactionsTab.idPrefix, data.interactions.map((r) => r.id));
    lastOf(campaignsTab.idPrefix, data.campaigns.map((r) => r.id));
    lastOf(loyaltyTab.idPrefix, data.loyalty.map((r) => r.id));
    lastOf(defectionsTab.idPrefix, data.defections.map((r) => r.id));
    lastOf(consentLogTab.idPrefix, data.consentLog.map((r) => r.id));
    writeSettings(wb, { ...data.settings, ...counters });
  });
}
