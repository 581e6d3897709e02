import type { Workbook } from './port';
import { parseSettings, SCHEMA_VERSION, SETTINGS_TAB } from './settings';
import { ensureTable, writeSettings } from './table';
import { TABS } from './tabs';

/**
 * Brings a workbook up to SCHEMA_VERSION: creates missing tabs and columns (a user's own columns stay where
 * they are) and records the version. Version 1 is the first; later versions add their steps here.
 */
export function migrateWorkbook(wb: Workbook): { from: number; to: number } {
  const from = parseSettings(wb.read(SETTINGS_TAB)).settings.schema_version;
  for (const def of TABS) ensureTable(wb, def);
  if (from !== SCHEMA_VERSION) writeSettings(wb, { schema_version: SCHEMA_VERSION });
  return { from, to: SCHEMA_VERSION };
}
