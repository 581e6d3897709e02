// The bottom layer every other folder may import: results and issues, the calendar, text folding and the seeded
// generator. It imports nothing of ours.
export { fail, ok, refuse, type CodedIssue, type Issue, type Result } from './result';
export { issuesFromZod, type InputFault } from './zod-issues';
export { addDays, addMonths, annualDate, civilFromDays, dayNumber, daysFromCivil, daysInMonth, isLeapYear, isoFromDay, isoFromParts, isRealDate, monthIndexOfDay, weekdayOfDay, type CivilDate } from './days';
export { isTimeZone, localDateOf, localDateTime, localDayNumber, localHourOf, offsetMinutes, toLocal } from './zones';
export { BAD_TIME_ZONE_MESSAGE, businessClock, type BusinessClock, type ClockIssue, type HostZone } from './business-today';
export { fold, foldSpaced } from './fold';
export { mulberry32 } from './random';
export { lazy } from './lazy';
