// The card's Join: a membership number for one customer, issued under the document lock from the same counter
// scoring uses (Settings last_id.membership), so a number is never issued twice or reused.
import * as z from 'zod/mini';
import { fail, issuesFromZod, lazy, ok } from '../kernel';
import { allocateMembershipNumbers, isCustomerContact, MEMBERSHIP_COUNTER } from '../loyalty';
import { customersTab, diffRecord, openTable, parseSettings, SETTINGS_TAB, writeSettings, type Customer } from '../workbook';
import { issueAt, type CustomerCard } from '../customers';
import { cardContext, cardOf } from './customer-context';
import type { ApiResult } from './result';
import type { ServerDeps } from './deps';

const joinInput = lazy(() => z.object({ id: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)) }));

/** Which customer joins the membership programme. */
export type JoinMembershipInput = z.input<ReturnType<typeof joinInput>>;

/** What Join did: the number the customer holds, and whether it was issued now (false: they already had one). */
export interface JoinedMembership {
  card: CustomerCard;
  membershipNo: string;
  issued: boolean;
}

/** The loyalty calls of the card. */
export interface LoyaltyApi {
  /** Gives the customer the next membership number (PREFIX-0001234-5); one who already holds a number keeps it. */
  joinMembership: (input: JoinMembershipInput) => ApiResult<JoinedMembership>;
}

/** Implements LoyaltyApi over the Workbook port. */
export function createLoyaltyApi(deps: ServerDeps): LoyaltyApi {
  return {
    joinMembership(input) {
      const parsed = joinInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const wb = deps.workbook();
      return wb.withLock(() => {
        const ctx = cardContext(wb, deps);
        let table = openTable(wb, customersTab, ctx.settings.dateOrder);
        const found = table.rows.find((r) => r.record.id === parsed.data.id);
        if (!found) return fail([issueAt(['id'], 'not_found')]);
        if (found.record.status === 'merged') return fail([issueAt(['id'], 'merged')]);
        if (!isCustomerContact(found.record)) {
          return fail([{ path: ['id'], code: 'invalid_input', message: 'Only customers join the membership programme: set the contact type to customer first.' }]);
        }
        const held = found.record.membership_no.trim();
        if (held !== '') return ok({ card: cardOf(ctx, table, found, wb.read(customersTab.name)?.rows[found.row - 2] ?? [], table.header), membershipNo: held, issued: false });
        if (!table.map.indexOf.has('membership_no')) {
          wb.ensureTab(customersTab.name, { header: [...table.header, 'membership_no'], textColumns: ['membership_no'] });
          table = openTable(wb, customersTab, ctx.settings.dateOrder);
        }
        const row = table.rows.find((r) => r.record.id === parsed.data.id)!;
        const { settings, extra } = parseSettings(wb.read(SETTINGS_TAB));
        const allocated = allocateMembershipNumbers(settings.membership_prefix, table.rows.map((r) => r.record.membership_no), Number(extra[MEMBERSHIP_COUNTER] ?? 0), 1);
        const membershipNo = allocated.numbers[0]!;
        const after: Customer = { ...row.record, membership_no: membershipNo, updated_at: ctx.now };
        wb.write(customersTab.name, diffRecord(table, row.row, row.record, after));
        writeSettings(wb, { [MEMBERSHIP_COUNTER]: allocated.last });
        const fresh = openTable(wb, customersTab, ctx.settings.dateOrder);
        const now = fresh.rows.find((r) => r.record.id === parsed.data.id)!;
        return ok({ card: cardOf(ctx, fresh, now, wb.read(customersTab.name)?.rows[now.row - 2] ?? [], fresh.header), membershipNo, issued: true });
      });
    },
  };
}
