import type { Customer, Defection, Interaction, Purchase } from '../../../shared/workbook';

/** A Customers row with blank fields except those given. */
export function customer(id: string, fields: Partial<Customer> = {}): Customer {
  return {
    id, contact_type: 'customer', category: '', first_name: '', last_name: '', company: '', email: '', phone: '', street: '',
    city: '', region: '', postcode: '', country: '', birth_date: undefined, customer_since: undefined, account_manager: '',
    industry: '', source: '', membership_tier: '', membership_no: '', tier_upgraded_at: undefined, email_consent: undefined, consent_basis: '',
    consent_date: undefined, consent_source: '', unsubscribed_at: undefined, tags: '', notes: '', status: 'active',
    merged_into: '', last_verified_at: undefined, created_at: undefined, updated_at: undefined, referred_by: '', orders: undefined,
    revenue: undefined, first_purchase: undefined, last_purchase: undefined, p_alive: undefined,
    expected_purchases_90d: undefined, clv_12m: undefined, clv_tier: '', rfm_segment: '', churn_risk: undefined, cost_12m: undefined, profit_12m: undefined, segments: '',
    ...fields,
  };
}

let nextPurchase = 1;

/** A Purchases row. */
export function purchase(customerId: string, date: string, amount: number | undefined): Purchase {
  return { id: `P-${nextPurchase++}`, customer_id: customerId, date, amount, currency: '', description: '', channel: '', staff: '' };
}

let nextInteraction = 1;

/** An Interactions row. */
export function interaction(customerId: string, date: string, kind: string, status = '', resolvedAt?: string): Interaction {
  return {
    id: `I-${nextInteraction++}`, customer_id: customerId, date, kind, channel: '', staff: '', subject: '', notes: '', status,
    follow_up_date: undefined, resolved_at: resolvedAt, score: undefined, score_max: undefined,
  };
}

/** A Defections row. */
export function defection(id: string, customerId: string, type: string, detectedAt: string, fields: Partial<Defection> = {}): Defection {
  return { id, customer_id: customerId, detected_at: detectedAt, type, reason: '', contacted_by: '', outcome: '', lost_profit_estimate: undefined, ...fields };
}

/**
 * Five customers, analysed on 2025-06-30 (the hand calculations are in retention.test.ts):
 * C1 buys monthly Jan–Apr; C2 twice in January; C3 in February and March with a refund; C4 once in March;
 * C5 twice on one June day; C8 never bought.
 */
export const AS_OF = '2025-06-30';

export const customers: Customer[] = [
  customer('C1', { first_name: 'Ann', phone: '+27821110001' }),
  customer('C2', { first_name: 'Ben' }),
  customer('C3', { first_name: 'Cat' }),
  customer('C4', { first_name: 'Dan' }),
  customer('C5', { first_name: 'Eve' }),
  customer('C8', { first_name: 'Hal' }),
];

export const purchases: Purchase[] = [
  purchase('C1', '2025-01-05', 100),
  purchase('C1', '2025-02-10', 50),
  purchase('C1', '2025-03-15', 50),
  purchase('C1', '2025-04-20', 100),
  purchase('C2', '2025-01-20', 200),
  purchase('C2', '2025-01-25', 100),
  purchase('C3', '2025-03-03', 300),
  purchase('C3', '2025-02-03', 300),
  purchase('C3', '2025-03-10', -100),
  purchase('C4', '2025-03-01', 40),
  purchase('C5', '2025-06-15', 10),
  purchase('C5', '2025-06-15', 20),
  purchase('C5', '2025-07-02', 999),
];

export const interactions: Interaction[] = [
  interaction('C4', '2025-03-02', 'complaint', 'resolved'),
  interaction('C5', '2025-06-20', 'complaint', 'open'),
  interaction('C1', '2025-05-10', 'appointment', 'No-show'),
  interaction('C3', '2025-04-01', 'appointment', 'missed'),
  interaction('C3', '2025-04-05', 'visit'),
  interaction('C2', '2025-01-24T23:30:00Z', 'complaint', '', '2025-01-26'),
  interaction('C1', '2025-07-05', 'appointment', 'missed'),
];

export const settings = { margin_pct: 50, discount_rate: 0, complaint_days: 30, time_zone: 'Africa/Johannesburg' };
