import { describe, expect, it } from 'vitest';
import { createServerApi, type ServerApi } from '../../../shared/api';
import { BAD_TIME_ZONE_MESSAGE } from '../../../shared/kernel';
import type { MemoryWorkbook } from '../../../shared/workbook';
import { workbook } from '../greetings/fixture';

// 23:30 UTC on 22 Nov 2026 is already 01:30 on 23 Nov in Johannesburg, so a UTC fallback would show the 22nd.
const NOW = '2026-11-22T23:30:00.000Z';

function book(zone: string): MemoryWorkbook {
  return workbook({
    settings: { time_zone: zone },
    customers: [{ id: 'C1', first_name: 'Eve', email: 'eve@example.org', email_consent: 'yes', birth_date: '23/11/1990', status: 'active' }],
    campaigns: [{ name: 'Birthday', trigger: 'birthday', offset_days: 0, subject: 'Happy birthday', body: 'Hi', active: 'yes' }],
  });
}

function apiOf(wb: MemoryWorkbook): ServerApi {
  return createServerApi({ workbook: () => wb, now: () => NOW, user: () => 'owner@corner.example', hostTimeZone: () => 'America/Sao_Paulo' });
}

const REFUSED = { ok: false, issues: [{ path: ['Settings', 'time_zone'], code: 'bad_time_zone', message: BAD_TIME_ZONE_MESSAGE }] };

describe('one time-zone policy across the sidebars', () => {
  it('plans Messages "Today" in the Settings zone', () => {
    const plan = apiOf(book('Africa/Johannesburg')).getTodayPlan({});
    expect(plan.ok && { date: plan.value.date, zone: plan.value.timeZone, to: plan.value.messages.map((m) => m.customer_id) }).toEqual({ date: '2026-11-23', zone: 'Africa/Johannesburg', to: ['C1'] });
  });

  it('refuses to plan, list tasks, score or build a segment in a zone the sender would refuse, in the sender’s words', () => {
    const api = apiOf(book('Africa/Joburg'));
    expect(api.getTodayPlan({})).toEqual(REFUSED);
    expect(api.getTodayPlan({ date: '2026-11-23' })).toEqual(REFUSED);
    expect(api.listTasks({})).toEqual(REFUSED);
    expect(api.getDashboard({})).toEqual(REFUSED);
    expect(api.previewSegment({ rule: 'first_name = "Eve"' })).toEqual(REFUSED);
  });

  it('still opens the customer card, in UTC, with the refusal among its warnings', () => {
    const card = apiOf(book('Africa/Joburg')).getCustomerCard({ id: 'C1' });
    expect(card.ok && card.value.settings.timeZone).toBe('UTC');
    expect(card.ok && card.value.warnings).toContainEqual({ path: ['Settings', 'time_zone'], code: 'bad_time_zone', message: BAD_TIME_ZONE_MESSAGE });
  });
});
