import type { ApiIssue, ApiResult, ImportPreview, ImportProgress, ImportRequest } from '../../../shared/api';
import { el, replaceChildren } from '../lib/dom';
import { createClient, type ScriptRun } from '../lib/server';
import { dateQuestion, duplicateList, importList, isShown, mappingRow, reportTable, resultView } from './view';

// The Import sidebar: pick a customers or purchases file, see how its columns map and what is wrong with which
// row before anything is written, change the mapping, answer the date-order question, import in chunks (resumable),
// see the result, and undo any import from the Import log. Everything shown is set as text (lib/dom el).

const api = createClient();
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = byId<HTMLParagraphElement>('status');
const fileInput = byId<HTMLInputElement>('file');
const fileField = byId<HTMLDivElement>('file-field');
const fileError = byId<HTMLParagraphElement>('file-error');
const previewSection = byId<HTMLElement>('preview');
const resultSection = byId<HTMLElement>('result');
const importButton = byId<HTMLButtonElement>('import');
const overwrite = byId<HTMLInputElement>('overwrite');

/** The file chosen and the person's choices so far; each change asks the server for a new preview. */
let request: ImportRequest | undefined;
/** An import under way (its id and time), kept so a stopped import resumes where the Import log says it stopped. */
let running: { importId: string; at: string } | undefined;

function say(text: string, kind: '' | 'error' | 'ok' = ''): void {
  status.textContent = text;
  status.className = kind;
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return /too large|413/i.test(text) ? 'This file is too large to send from here; import it with the regulars CLI (regulars import FILE --into WORKBOOK.xlsx).' : text;
}

function kind(): ImportRequest['kind'] {
  return document.querySelector<HTMLInputElement>('input[name="kind"]:checked')?.value === 'purchases' ? 'purchases' : 'customers';
}

function fileProblem(text: string): void {
  fileError.textContent = text;
  fileField.classList.toggle('invalid', text !== '');
}

/** Issues of an answer: those about the file go next to the picker, the rest to the status line. */
function showIssues(issues: readonly ApiIssue[]): void {
  const aboutFile = issues.filter((i) => i.path[0] === 'file');
  fileProblem(aboutFile.map((i) => i.message).join(' '));
  const rest = issues.filter((i) => i.path[0] !== 'file');
  say(rest.map((i) => i.message).join(' '), rest.length > 0 ? 'error' : '');
}

/** The file's bytes as base64 (google.script.run carries strings only). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve((typeof reader.result === 'string' ? reader.result : '').replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** Rows that match a customer who already has every value they bring, so the counts add up to the rows. */
function unchangedText(p: ImportPreview): string {
  const unchanged = p.rows - p.creates - p.updates - p.skipped;
  return unchanged > 0 ? `${unchanged} already up to date, ` : '';
}

function renderPreview(p: ImportPreview): void {
  const words =
    p.kind === 'purchases'
      ? `${p.rows} orders in ${p.file} (${p.source}): ${p.creates} purchases to add, ${p.updates} new customers, ${p.skipped} rows skipped.`
      : `${p.rows} rows in ${p.file} (${p.source}): ${p.creates} new customers, ${p.updates} to update, ${unchangedText(p)}${p.skipped} rows skipped.`;
  byId('summary').textContent = words;
  const question = dateQuestion(p, request?.dateOrder ?? '');
  replaceChildren(byId('dates'), [question]);
  replaceChildren(byId('mapping'), p.targets.filter((f) => isShown(p, f)).map((f) => mappingRow(p, f)));
  replaceChildren(byId('mapping-more'), p.targets.filter((f) => !isShown(p, f)).map((f) => mappingRow(p, f)));
  byId('unmapped').textContent = p.unmapped.length > 0 ? `Not imported: ${p.unmapped.join(', ')}.` : '';
  renderKey(p);
  replaceChildren(byId('report'), [reportTable(p.issues, p.issueCount)]);
  replaceChildren(byId('dupes'), [duplicateList(p.possibleDuplicates, p.duplicateCount)]);
  importButton.textContent = p.kind === 'purchases' ? `Import ${p.creates} purchases` : `Import ${p.creates + p.updates} customers`;
  importButton.disabled = p.creates + p.updates === 0 || p.problems.length > 0;
  previewSection.hidden = false;
  resultSection.hidden = true;
}

/** The match key: e-mail then phone, phone, or an id column of the file (customers only). */
function renderKey(p: ImportPreview): void {
  const select = byId<HTMLSelectElement>('key');
  byId('key-field').hidden = p.kind !== 'customers';
  replaceChildren(select, [
    el('option', { text: 'E-mail, then phone', attrs: { value: 'email' } }),
    el('option', { text: 'Phone', attrs: { value: 'phone' } }),
    ...p.headers.filter((h) => h !== '').map((h) => el('option', { text: `An id in the column "${h}"`, attrs: { value: h } })),
  ]);
  select.value = request?.key ?? 'email';
  const problem = p.problems.find((x) => x.field === 'key');
  byId('key-error').textContent = problem?.reason ?? '';
  byId('key-field').classList.toggle('invalid', problem !== undefined);
}

async function refreshPreview(): Promise<void> {
  if (!request) return;
  say('Reading the file…');
  try {
    const answer = await api.previewImport(request);
    if (!answer.ok) {
      showIssues(answer.issues);
      if (answer.issues.some((i) => i.path[0] === 'file')) previewSection.hidden = true;
      return;
    }
    fileProblem('');
    renderPreview(answer.value);
    say(answer.value.problems.length > 0 ? 'Fix the column choices marked in red to import.' : 'Nothing is written until you press Import.');
  } catch (error) {
    fileProblem(messageOf(error));
    say('');
  }
}

async function pickFile(): Promise<void> {
  const file = fileInput.files?.[0];
  previewSection.hidden = true;
  resultSection.hidden = true;
  running = undefined;
  if (!file) return;
  fileProblem('');
  try {
    request = { kind: kind(), file: { name: file.name, content: await readBase64(file) } };
  } catch (error) {
    fileProblem(messageOf(error));
    return;
  }
  await refreshPreview();
}

/** Sends chunk after chunk until the import is done; a failure leaves a Resume button that carries on. */
async function runImport(): Promise<void> {
  if (!request) return;
  importButton.disabled = true;
  const base: ImportRequest = { ...request, overwrite: overwrite.checked };
  let answer: ApiResult<ImportProgress>;
  try {
    for (;;) {
      answer = await api.runImport({ ...base, ...(running ?? {}) });
      if (!answer.ok) {
        showIssues(answer.issues);
        importButton.disabled = false;
        return;
      }
      const p = answer.value;
      running = { importId: p.importId, at: p.at };
      if (p.done) {
        running = undefined;
        showResult(p);
        return;
      }
      say(`Imported ${p.applied} of ${p.total}…`);
    }
  } catch (error) {
    say(`Stopped: ${messageOf(error)} Nothing is lost: press Resume to carry on where it stopped.`, 'error');
    importButton.textContent = 'Resume';
    importButton.disabled = false;
  }
}

function showResult(p: ImportProgress): void {
  previewSection.hidden = true;
  replaceChildren(resultSection, resultView(p, request?.kind ?? 'customers'));
  resultSection.hidden = false;
  say('Imported. Undo it from the Import log below if it is not what you wanted.', 'ok');
  void loadLog();
}

/** Opens the Duplicates sidebar: the workbench's page is the parent frame; in Sheets it is the add-on's function. */
function openDuplicates(): void {
  try {
    const button = window.parent.document.querySelector<HTMLButtonElement>('button[data-sidebar="duplicates"]');
    if (button) {
      button.click();
      return;
    }
  } catch {
    // A cross-origin parent: this is Google Sheets.
  }
  const run = (globalThis as { google?: { script: { run: ScriptRun } } }).google?.script.run;
  const open = run?.withFailureHandler((e: unknown) => say(messageOf(e), 'error')).showDuplicates;
  if (typeof open === 'function') (open as () => void).call(run);
}

async function loadLog(): Promise<void> {
  const answer = await api.listImports({});
  if (answer.ok) replaceChildren(byId('imports'), [importList(answer.value.imports)]);
}

async function undo(importId: string, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  const answer = await api.undoImport({ importId });
  if (!answer.ok) {
    say(answer.issues.map((i) => i.message).join(' '), 'error');
    button.disabled = false;
    return;
  }
  const r = answer.value;
  const rows = (n: number): string => `${n} row${n === 1 ? '' : 's'}`;
  say(`Undone: ${rows(r.removedRows)} removed, ${rows(r.restoredRows)} put back as they were${r.missing.length > 0 ? `; ${rows(r.missing.length)} already gone` : ''}.`, 'ok');
  await loadLog();
}

fileInput.addEventListener('change', () => void pickFile());
for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="kind"]')) {
  radio.addEventListener('change', () => {
    if (request) {
      request = { kind: kind(), file: request.file };
      void refreshPreview();
    }
  });
}
previewSection.addEventListener('change', (event) => {
  const target = event.target as HTMLElement;
  if (!request) return;
  if (target instanceof HTMLSelectElement && target.dataset.field) {
    request = { ...request, map: { ...request.map, [target.dataset.field]: target.value } };
    void refreshPreview();
  } else if (target instanceof HTMLSelectElement && target.id === 'date-order') {
    request = { ...request, dateOrder: target.value as 'dmy' | 'mdy' | 'ymd' };
    void refreshPreview();
  } else if (target instanceof HTMLSelectElement && target.id === 'key') {
    request = { ...request, key: target.value };
    void refreshPreview();
  } else if (target === overwrite) {
    request = { ...request, overwrite: overwrite.checked };
    void refreshPreview();
  }
});
importButton.addEventListener('click', () => void runImport());
byId('cancel').addEventListener('click', () => {
  fileInput.value = '';
  void pickFile();
});
resultSection.addEventListener('click', (event) => {
  const id = (event.target as HTMLElement).id;
  if (id === 'open-duplicates') openDuplicates();
  if (id === 'again') byId('cancel').click();
});
byId('imports').addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-undo], button[data-confirm-undo], button[data-keep]');
  if (!button) return;
  const row = button.closest('.row-actions');
  if (!row) return;
  if (button.dataset.undo) {
    // A second, explicit press: undo removes rows.
    replaceChildren(row, [
      el('button', { text: 'Undo this import', class: 'danger small', attrs: { type: 'button', 'data-confirm-undo': button.dataset.undo } }),
      el('button', { text: 'Keep it', class: 'secondary small', attrs: { type: 'button', 'data-keep': button.dataset.undo } }),
    ]);
  } else if (button.dataset.confirmUndo) void undo(button.dataset.confirmUndo, button);
  else void loadLog();
});

loadLog().catch((error: unknown) => say(messageOf(error), 'error'));
