import { foldHeader } from '../workbook';

/** A placeholder of a template: `{{name}}` or `{{name|default}}`. */
export interface Placeholder {
  name: string;
  fallback: string | undefined;
}

const PLACEHOLDER = /\{\{\s*([^{}|]+?)\s*(?:\|([^{}]*))?\}\}/g;

/** The placeholders a template uses, in order. */
export function placeholders(template: string): Placeholder[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1] ?? '', fallback: m[2]?.trim() }));
}

/** Values a template may use, by folded name (so `{{First Name}}` and `{{first_name}}` both work). */
export type TemplateValues = ReadonlyMap<string, string>;

/** Builds the lookup of template values from field → value pairs (later pairs win). */
export function templateValues(...sources: Readonly<Record<string, unknown>>[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) {
      if (value === undefined || value === null) continue;
      const text = typeof value === 'string' ? value.trim() : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
      const key = foldHeader(name);
      if (key !== '' && (text !== '' || !out.has(key))) out.set(key, text);
    }
  }
  return out;
}

/**
 * Fills the placeholders: a missing or blank value takes the placeholder's default, else nothing. `escape`
 * applies to the template's own text as well as to the values, so HTML output escapes both.
 */
export function fillTemplate(template: string, values: TemplateValues, escape: (text: string) => string = (t) => t): string {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const [all, name = '', fallback] = match;
    const value = values.get(foldHeader(name));
    out += escape(template.slice(last, match.index)) + escape(value !== undefined && value !== '' ? value : (fallback?.trim() ?? ''));
    last = match.index + all.length;
  }
  return out + escape(template.slice(last));
}

/** Placeholders that no value answers and that have no default: shown as warnings in the preview. */
export function unknownPlaceholders(template: string, known: (folded: string) => boolean): string[] {
  return placeholders(template)
    .filter((p) => p.fallback === undefined && !known(foldHeader(p.name)))
    .map((p) => p.name);
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** One line: CR, LF and other control characters become spaces, so a value can never add a header. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** A rendered message, ready for any Mailer. */
export interface RenderedContent {
  subject: string;
  text: string;
  html: string;
}

/**
 * Renders a campaign's subject and body for one customer. The body is plain text written in a cell: the
 * text part is it with values filled in; the HTML part escapes everything (template and values) and turns
 * blank lines into paragraphs, so a value such as `<b>Eve</b>` or `=HYPERLINK(…)` arrives as text.
 */
export function renderContent(subject: string, body: string, values: TemplateValues, unsubscribeUrl: string): RenderedContent {
  const renderedSubject = oneLine(fillTemplate(subject, values));
  const text = fillTemplate(body, values).replace(/\r\n?/g, '\n').trim();
  const paragraphs = fillTemplate(body, values, escapeHtml)
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>\n')}</p>`);
  const link = escapeHtml(unsubscribeUrl);
  const html = `<!doctype html>\n<html><body>\n${paragraphs.join('\n')}\n<p style="font-size:12px;color:#666">Don't want these e-mails? <a href="${link}">Unsubscribe</a>.</p>\n</body></html>\n`;
  return { subject: renderedSubject, text: `${text}\n\n--\nUnsubscribe: ${unsubscribeUrl}\n`, html };
}
