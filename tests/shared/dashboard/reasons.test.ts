import { describe, expect, it } from 'vitest';
import { defectionReasonTable } from '../../../shared/dashboard/reasons';
import { blankRecord, defectionsTab, type Defection } from '../../../shared/workbook';

const row = (id: string, customer: string, type: string, reason: string, outcome: string, lost?: number): Defection => ({ ...blankRecord(defectionsTab), id, customer_id: customer, type, reason, outcome, lost_profit_estimate: lost });

describe('defectionReasonTable', () => {
  it('sums closed defections by type and recorded reason, open ones last as "not asked yet"', () => {
    const table = defectionReasonTable(
      [
        row('D1', 'C1', 'no_repurchase', 'Price', 'lost', 100),
        row('D2', 'C2', 'no_repurchase', 'price', 'won back', 50),
        row('D3', 'C3', 'complaint_unresolved', 'service', 'lost'),
        row('D4', 'C4', 'no_repurchase', 'no purchase for 90 days', '', 70),
        row('D5', 'C5', 'cancelled', '', 'lost', 10),
      ],
      (id) => (id === 'C3' ? 400 : 0),
      (type) => type.toUpperCase(),
    );
    // C3 has no estimate on its row: its value from the engine (400) counts.
    expect(table.rows).toEqual([
      ['COMPLAINT_UNRESOLVED', 'service', 1, 400],
      ['NO_REPURCHASE', 'price', 2, 150],
      ['CANCELLED', 'unknown', 1, 10],
      ['NO_REPURCHASE', 'not asked yet', 1, 70],
    ]);
  });
});
