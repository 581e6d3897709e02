import { appendRecords, customersTab, interactionsTab, openTable, parseSettings, readTable, saveChanges, SETTINGS_TAB, type Interaction, type Workbook } from '../workbook';
import type { SurveyClaim } from './survey-token';

/** What recording a survey answer did: `recorded` (a new Interaction), `replaced` (the same message's earlier answer), or `unknown` (no such customer). */
export interface SurveyOutcome {
  status: 'recorded' | 'replaced' | 'unknown';
}

/** The longest comment kept: a page's textarea, not a letter. */
export const SURVEY_COMMENT_MAX = 2000;

/**
 * The Interaction subject naming the message a survey answered (campaign and occasion; with the customer,
 * the message's Outbox key): the answer to the same message is found again by it and replaced.
 */
export function surveySubject(claim: Pick<SurveyClaim, 'campaign' | 'occasion'>): string {
  return `${claim.campaign} (${claim.occasion})`;
}

/** A comment as kept: control characters other than line breaks removed, trimmed, at most SURVEY_COMMENT_MAX characters. */
export function cleanComment(comment: string): string {
  // eslint-disable-next-line no-control-regex
  return comment.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ').trim().slice(0, SURVEY_COMMENT_MAX);
}

/**
 * Records a survey answer from a verified claim, under the document lock, as an Interaction of kind `survey`
 * with its score (the customer's survivor, if the row was merged since). A second answer to the same message
 * replaces the first in place — one answer per message, the latest — rather than adding another.
 */
export function recordSurveyAnswer(wb: Workbook, claim: SurveyClaim, answer: { at: string; comment: string }): SurveyOutcome {
  return wb.withLock(() => {
    const order = parseSettings(wb.read(SETTINGS_TAB)).settings.date_order;
    const customers = readTable(wb, customersTab, order);
    if (!customers) return { status: 'unknown' };
    const byId = new Map<string, { merged_into: string }>();
    for (const r of customers.rows) if (!byId.has(r.record.id.trim())) byId.set(r.record.id.trim(), r.record);
    let id = claim.customerId.trim();
    if (!byId.has(id)) return { status: 'unknown' };
    // Follow merged_into to the surviving row (bounded, in case of a cycle typed by hand).
    for (let hops = 0; hops < 10; hops++) {
      const into = byId.get(id)?.merged_into.trim() ?? '';
      if (into === '' || !byId.has(into)) break;
      id = into;
    }
    const table = openTable(wb, interactionsTab, order);
    const subject = surveySubject(claim);
    const ids = new Set([claim.customerId.trim(), id]);
    const earlier = table.rows.find((r) => r.record.kind === 'survey' && ids.has(r.record.customer_id.trim()) && r.record.subject.trim() === subject);
    const fields: Partial<Interaction> = { customer_id: id, date: answer.at, kind: 'survey', channel: 'email', subject, notes: cleanComment(answer.comment), status: 'answered', score: claim.score, score_max: claim.max };
    if (earlier) {
      saveChanges(wb, table, [{ row: earlier.row, before: earlier.record, after: { ...earlier.record, ...fields } }]);
      return { status: 'replaced' };
    }
    appendRecords(wb, table, [fields]);
    return { status: 'recorded' };
  });
}
