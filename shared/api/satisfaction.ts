import { businessClock, ok, refuse } from '../kernel';
import { isCustomerContact } from '../loyalty';
import { satisfactionView, type SatisfactionView, type SegmentMembers } from '../satisfaction';
import { segmentMemberIds, segmentTable } from '../segments';
import { customersTab, interactionsTab, parseSettings, readTable, segmentsTab, SETTINGS_TAB } from '../workbook';
import type { ServerDeps } from './deps';
import type { ApiResult, NoInput } from './result';

/** The Dashboard's satisfaction part, with the Settings currency its drawer expects. */
export type SatisfactionDashboard = SatisfactionView & { currency: string; notes: string[] };

/** The Dashboard sidebar's satisfaction and NPS call (apart from getDashboard, which other filters change). */
export interface SatisfactionApi {
  /** Satisfaction and NPS from survey answers, by month and by saved segment, as tables and charts. */
  getSatisfaction: (input: NoInput) => ApiResult<SatisfactionDashboard>;
}

/** Implements getSatisfaction over the Workbook port: Customers, Interactions and Segments, each tab read once. */
export function createSatisfactionApi(deps: ServerDeps): SatisfactionApi {
  return {
    getSatisfaction() {
      const wb = deps.workbook();
      const settings = parseSettings(wb.read(SETTINGS_TAB)).settings;
      const clock = businessClock(deps.now(), settings.time_zone, deps.hostTimeZone);
      if (!clock.ok) return refuse(['Settings', 'time_zone'], clock.issues[0]?.message ?? 'Settings time_zone is not a time zone.');
      const today = clock.value.today;
      const order = settings.date_order;
      const customers = readTable(wb, customersTab, order)?.rows ?? [];
      // Customers only, as the rest of the Dashboard counts them (a blank contact_type is a customer).
      const customerIds = new Set(customers.filter((r) => r.record.status === 'active' && isCustomerContact(r.record)).map((r) => r.record.id.trim()));
      const interactions = readTable(wb, interactionsTab, order)?.rows.map((r) => r.record) ?? [];
      const grid = wb.read(customersTab.name);
      const table = grid ? segmentTable(grid) : undefined;
      const segments: SegmentMembers[] = [];
      const notes: string[] = [];
      for (const s of readTable(wb, segmentsTab, order)?.rows ?? []) {
        const name = s.record.name.trim();
        if (name === '' || !table) continue;
        const members = segmentMemberIds(s.record.rule, table, today);
        if (members.ok) segments.push({ name, ids: members.ids });
        else notes.push(`Segment "${name}" is left out: its rule has a mistake (Segments sidebar shows where).`);
      }
      return ok({ ...satisfactionView({ interactions, asOf: today, customerIds, segments }), currency: settings.currency, notes: [...(clock.notes ?? []), ...notes] });
    },
  };
}
