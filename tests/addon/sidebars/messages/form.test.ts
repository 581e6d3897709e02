import { describe, expect, it } from 'vitest';
import { formOf, holidayCode, joinTrigger, splitTrigger } from '../../../../addon/sidebars/messages/form';

const KINDS = ['welcome', 'birthday', 'holiday', 'win_back'];
const HOLIDAYS = [{ code: 'christmas-day' }, { code: 'new-years-day' }, { code: 'day-of-reconciliation' }];

describe('the Messages form: trigger pickers', () => {
  it('splits a trigger cell as people write it into the kind and the listed holiday it names', () => {
    expect(splitTrigger('holiday:christmas_day', KINDS, HOLIDAYS)).toEqual({ kind: 'holiday', holiday: 'christmas-day' });
    expect(splitTrigger('Holiday: Christmas', KINDS, HOLIDAYS)).toEqual({ kind: 'holiday', holiday: 'christmas-day' });
    expect(splitTrigger("holiday:new year's day", KINDS, HOLIDAYS)).toEqual({ kind: 'holiday', holiday: 'new-years-day' });
    expect(splitTrigger(' Win Back ', KINDS, HOLIDAYS)).toEqual({ kind: 'win_back', holiday: '' });
  });
  it('keeps what it does not know as written, so saving the form loses nothing', () => {
    expect(splitTrigger('holiday:diwali', KINDS, HOLIDAYS)).toEqual({ kind: 'holiday', holiday: 'diwali' });
    expect(splitTrigger('sometimes', KINDS, HOLIDAYS)).toEqual({ kind: 'sometimes', holiday: '' });
    expect(joinTrigger('holiday', 'christmas-day')).toBe('holiday:christmas-day');
    expect(joinTrigger('birthday', 'christmas-day')).toBe('birthday');
    expect(splitTrigger('Profile: Contract renewal', KINDS, HOLIDAYS)).toEqual({ kind: 'profile', holiday: '', field: 'Contract renewal' });
    expect(joinTrigger('profile', '', ' Wedding day:yearly ')).toBe('profile:Wedding day:yearly');
  });
  it('codes a holiday name the way the planner does, and a new campaign starts off', () => {
    expect(holidayCode("New Year's Day")).toBe('new-years-day');
    expect(holidayCode('christmas_day')).toBe('christmas-day');
    expect(formOf(undefined).active).toBe(false);
  });
});
