import type { ImportLogLine, ImportPreview, ImportProgress } from '../../../shared/api';
import type { ImportIssue } from '../../../shared/import';
import { columnLabel } from '../../../shared/workbook';
import { el } from '../lib/dom';

// The Import sidebar's views, built from plain data with lib/dom (text nodes only, never markup).

/** Words for import targets that are not Customers columns. */
const TARGET_LABELS: Record<string, string> = {
  full_name: 'Full name (split into first and last)',
  street2: 'Street, second line',
  address: 'Address on one line',
  consent: 'E-mail marketing consent',
  customer_ref: 'Customer id',
  order_id: 'Order number',
  amount: 'Amount',
  status: 'Status (declined, voided … are skipped)',
};

/** What a target field is shown as. */
export function targetLabel(field: string): string {
  return TARGET_LABELS[field] ?? columnLabel(field);
}

/** Fields shown without opening "Other fields": those a column feeds, and those the person asked about. */
export function isShown(preview: ImportPreview, field: string): boolean {
  return preview.mapping.some((m) => m.field === field) || preview.problems.some((p) => p.field === field);
}

/** One field's row: its label, a choice of the file's columns, the first values, and any problem beside it. */
export function mappingRow(preview: ImportPreview, field: string): HTMLElement {
  const mapped = preview.mapping.find((m) => m.field === field);
  const id = `map-${field}`;
  const select = el('select', { attrs: { id, 'data-field': field } }, [
    el('option', { text: '— not imported —', attrs: { value: '' } }),
    ...preview.headers.filter((h) => h !== '').map((h) => el('option', { text: h, attrs: { value: h } })),
  ]);
  select.value = mapped?.columns[0] ?? '';
  const problem = preview.problems.find((p) => p.field === field);
  const extra = mapped && mapped.columns.length > 1 ? `also ${mapped.columns.slice(1).join(', ')} (kept in notes)` : '';
  const row = el('div', { class: `map-row field${problem ? ' invalid' : ''}`, attrs: { 'data-field': field } }, [
    el('label', { text: targetLabel(field), attrs: { for: id } }),
    select,
    el('span', { class: 'samples', text: [mapped?.samples.join(' · ') ?? '', extra].filter((s) => s !== '').join(' — ') }),
    el('p', { class: 'issue error', text: problem?.reason ?? '', attrs: { id: `${id}-error` } }),
  ]);
  if (problem) select.setAttribute('aria-describedby', `${id}-error`);
  return row;
}

const ORDER_WORDS: Record<string, string> = { dmy: 'day first (31/12/2024)', mdy: 'month first (12/31/2024)', ymd: 'year first (2024/12/31)' };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** How a numeric date such as 03/04/1990 reads in an order ("3 April 1990"), to show what the answer means. */
export function readAs(sample: string, order: string): string {
  const parts = sample.split(/[/.-]/).map((p) => Number(p));
  if (parts.length !== 3 || parts.some((p) => !Number.isInteger(p))) return sample;
  const [a, b, c] = parts as [number, number, number];
  const [day, month, year] = order === 'mdy' ? [b, a, c] : order === 'ymd' ? [c, b, a] : [a, b, c];
  return `${day} ${MONTHS[month - 1] ?? '?'} ${year}`;
}

/** The question for date columns whose values fit both orders: which order the file uses. */
export function dateQuestion(preview: ImportPreview, chosen: string): HTMLElement | null {
  if (preview.askDateOrder.length === 0 && chosen === '') return null;
  const columns = preview.dateOrders.filter((d) => preview.askDateOrder.includes(d.column) || d.decidedBy === 'option');
  if (columns.length === 0) return null;
  const assumed = columns[0]?.order ?? 'dmy';
  const samples = columns.map((d) => preview.mapping.find((m) => m.columns.includes(d.column))?.samples[0]).filter((s): s is string => s !== undefined);
  const select = el('select', { attrs: { id: 'date-order' } }, Object.entries(ORDER_WORDS).map(([value, text]) => el('option', { text, attrs: { value } })));
  select.value = chosen === '' ? assumed : chosen;
  return el('div', { class: 'question field', attrs: { id: 'date-question' } }, [
    el('p', {
      text: `The dates in ${columns.map((c) => `"${c.column}"`).join(', ')}${samples.length > 0 ? ` (such as ${samples.join(', ')})` : ''} could be read day first or month first. How does this file write them?`,
    }),
    el('label', { text: 'Dates are written', attrs: { for: 'date-order' } }),
    select,
    samples[0] ? el('p', { class: 'hint', attrs: { id: 'date-reading' }, text: `So ${samples[0]} is read as ${readAs(samples[0], select.value)}.` }) : null,
  ]);
}

/** The validation report: every issue with its row and column. */
export function reportTable(issues: readonly ImportIssue[], total: number): HTMLElement {
  if (total === 0) return el('p', { class: 'empty', text: 'No problems found.' });
  const rows = issues.map((i) => el('tr', {}, [el('td', { text: String(i.row) }), el('td', { text: i.column === '' ? '(whole row)' : i.column }), el('td', { text: i.reason })]));
  return el('div', {}, [
    el('p', { class: 'hint', text: total > issues.length ? `${total} problems; the first ${issues.length}:` : `${total} problem${total === 1 ? '' : 's'}:` }),
    el('div', { class: 'report-wrap' }, [
      el('table', { class: 'issues', attrs: { 'aria-label': 'Problems by row and column' } }, [
        el('thead', {}, [el('tr', {}, [el('th', { text: 'Row' }), el('th', { text: 'Column' }), el('th', { text: 'Problem' })])]),
        el('tbody', {}, rows),
      ]),
    ]),
  ]);
}

/** Groups of customers that are probably one person. */
export function duplicateList(groups: readonly { names: string[]; score: number; reason: string }[], total: number): HTMLElement {
  if (total === 0) return el('p', { class: 'empty', text: 'None found.' });
  return el('div', {}, [
    el('p', { class: 'hint', text: `${total} group${total === 1 ? '' : 's'}; nothing is merged: review them in Duplicates.` }),
    el('ul', { class: 'groups' }, groups.map((g) => el('li', { text: `${g.names.join(' · ')} — ${g.reason === 'same_key' ? 'same e-mail or phone' : `similar (${Math.round(g.score * 100)}%)`}` }))),
  ]);
}

/** The outcome of an import: counts, the issues of skipped rows, and the possible duplicates. */
export function resultView(progress: ImportProgress, kind: string): HTMLElement[] {
  const s = progress.summary;
  if (!s) return [];
  const sum = (k: 'created' | 'updated' | 'skipped' | 'customersCreated'): number => s.files.reduce((n, f) => n + f[k], 0);
  const counts =
    kind === 'purchases'
      ? `${sum('created')} purchases added, ${sum('customersCreated')} new customers, ${sum('skipped')} rows skipped.`
      : `${sum('created')} created, ${sum('updated')} updated, ${sum('skipped')} skipped.`;
  const issues = s.files.flatMap((f) => f.issues);
  return [
    el('h2', { text: `Imported (${progress.importId})` }),
    el('p', { class: 'counts', text: counts }),
    reportTable(issues, s.files.reduce((n, f) => n + f.issueCount, 0)),
    el('h2', { text: 'Possible duplicates' }),
    duplicateList(s.possibleDuplicates, s.possibleDuplicates.length),
    s.possibleDuplicates.length > 0 ? el('button', { text: 'Open Duplicates', attrs: { type: 'button', id: 'open-duplicates' } }) : null,
    el('button', { text: 'Import another file', class: 'secondary', attrs: { type: 'button', id: 'again' } }),
  ].filter((n): n is HTMLElement => n !== null);
}

/** The Import log: one line per import, with Undo while it stands. */
export function importList(imports: readonly ImportLogLine[]): HTMLElement {
  if (imports.length === 0) return el('p', { class: 'empty', text: 'No imports yet.' });
  return el(
    'ul',
    { class: 'imports' },
    imports.map((i) => {
      const what = [i.created > 0 ? `${i.created} created` : '', i.updated > 0 ? `${i.updated} updated` : '', i.purchases > 0 ? `${i.purchases} purchases` : ''].filter((s) => s !== '').join(', ');
      return el('li', { attrs: { 'data-import': i.importId } }, [
        el('div', { class: 'what', text: i.files.join(', ') || i.importId }),
        el('div', { class: 'meta', text: `${i.importId} · ${what || 'no rows'} · ${i.by}` }),
        i.undoneAt !== ''
          ? el('div', { class: 'undone', text: `Undone ${i.undoneAt.slice(0, 16).replace('T', ' ')}` })
          : el('div', { class: 'row-actions' }, [el('button', { text: 'Undo…', class: 'secondary small', attrs: { type: 'button', 'data-undo': i.importId } })]),
      ]);
    }),
  );
}
