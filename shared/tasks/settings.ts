import type { Settings } from '../workbook';
import { DEFAULT_DEFECTION_REASONS } from './model';

/** The Settings the task rules read, with their defaults. */
export interface TaskSettings {
  time_zone: string;
  /** A complaint is overdue this many days after it was made. */
  complaint_days: number;
  /** A record not confirmed within this many months is stale (Settings `verify_months`, default 12). */
  verify_months: number;
  /** A survey score at or below this is low (Settings `low_score_max`, default 6: a detractor on 0–10). */
  low_score_max: number;
  /** Why customers leave, as the owner lists them (Settings `defection_reasons`, comma-separated). */
  defection_reasons: string[];
}

/** The task keys Settings may lack, with the value written when they are missing (so the owner sees and extends them). */
export const TASK_SETTING_DEFAULTS: Readonly<Record<'verify_months' | 'low_score_max' | 'defection_reasons', string | number>> = {
  verify_months: 12,
  low_score_max: 6,
  defection_reasons: DEFAULT_DEFECTION_REASONS.join(', '),
};

/** A problem with one task setting, by key; its default is used instead. */
export interface TaskSettingIssue {
  key: string;
  message: string;
}

function wholeNumber(raw: string | undefined, fallback: number, min: number, max: number): number | undefined {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

/** Reads the task settings from parsed Settings and its extra keys; unreadable values fall back with an issue. */
export function taskSettings(settings: Pick<Settings, 'time_zone' | 'complaint_days'>, extra: Readonly<Record<string, string>>): { settings: TaskSettings; issues: TaskSettingIssue[] } {
  const issues: TaskSettingIssue[] = [];
  // A later Settings schema may carry these keys itself; either place is read.
  const raw = (key: string): string | undefined => {
    const typed = (settings as Record<string, unknown>)[key];
    return typeof typed === 'number' || typeof typed === 'string' ? String(typed) : Array.isArray(typed) ? typed.join(',') : extra[key];
  };
  const months = wholeNumber(raw('verify_months'), 12, 1, 120);
  if (months === undefined) issues.push({ key: 'verify_months', message: 'is not a whole number of months from 1 to 120' });
  const low = wholeNumber(raw('low_score_max'), 6, 0, 100);
  if (low === undefined) issues.push({ key: 'low_score_max', message: 'is not a whole number from 0 to 100' });
  const listed = (raw('defection_reasons') ?? '')
    .split(/[,;\n]/)
    .map((r) => r.trim().toLowerCase())
    .filter((r) => r !== '');
  return {
    settings: {
      time_zone: settings.time_zone,
      complaint_days: settings.complaint_days,
      verify_months: months ?? 12,
      low_score_max: low ?? 6,
      defection_reasons: listed.length > 0 ? [...new Set(listed)] : [...DEFAULT_DEFECTION_REASONS],
    },
    issues,
  };
}
