import type { StartHere, StartHereStep } from '../../../shared/api';
import { sidebarLabel } from '../../../shared/workbook';
import { el, replaceChildren } from '../lib/dom';
import { createClient, type ScriptRun } from '../lib/server';

// The "Start here" sidebar: the first steps of a new business (import, duplicates, scoring, messages), each
// ticked from what the workbook holds and linked to the sidebar that does it. Everything is set as text.

declare const google: { script: { run: ScriptRun; host: { origin?: string } } } | undefined;

const api = createClient();
const progress = document.getElementById('progress') as HTMLParagraphElement;
const steps = document.getElementById('steps') as HTMLOListElement;

/** The add-on's menu functions that open each sidebar (addon/server/main.ts). */
const OPENERS: Readonly<Record<string, string>> = {
  import: 'showImport',
  duplicates: 'showDuplicates',
  dashboard: 'showDashboard',
  messages: 'showMessages',
};

/** Sidebars this host can open: in the workbench the page lists them; in Sheets, those with a menu function. */
let openable: ReadonlySet<string> = new Set(Object.keys(OPENERS));

/** In the workbench the page around the sidebar opens the other sidebar; in Sheets the add-on's menu function does. */
function inWorkbench(): boolean {
  return typeof google !== 'undefined' && google.script.host.origin === window.location.origin && window.parent !== window;
}

function open(sidebar: string): void {
  if (inWorkbench()) {
    window.parent.postMessage({ regularsWorkbench: 'open', sidebar }, window.location.origin);
    return;
  }
  const fn = OPENERS[sidebar];
  if (fn === undefined || typeof google === 'undefined') return;
  const runner = google.script.run.withFailureHandler(() => say('That sidebar could not be opened; use the Regulars menu.', true));
  (runner[fn] as () => void)();
}

function say(text: string, error = false): void {
  progress.textContent = text;
  progress.classList.toggle('error', error);
}

function stepItem(step: StartHereStep): HTMLLIElement {
  const link = openable.has(step.sidebar)
    ? el('button', { text: `${step.done ? 'Open' : 'Go to'} ${sidebarLabel(step.sidebar)}`, attrs: { type: 'button', 'data-open': step.sidebar } })
    : step.command
      ? el('div', {}, [el('span', { class: 'hint', text: 'On the command line:' }), el('code', { text: step.command })])
      : null;
  link?.addEventListener('click', () => open(step.sidebar));
  return el('li', { attrs: { 'data-step': step.key, 'data-done': String(step.done) } }, [
    el('span', { class: 'tick', text: step.done ? '✓' : '', attrs: { role: 'img', 'aria-label': step.done ? 'done' : 'to do' } }),
    el('div', {}, [el('strong', { text: step.title }), el('p', { class: 'detail', text: step.detail }), link]),
  ]);
}

function render(start: StartHere): void {
  say(`${start.done} of ${start.steps.length} done`);
  replaceChildren(steps, start.steps.map(stepItem));
  document.body.dataset.ready = 'true';
}

async function load(): Promise<void> {
  try {
    const result = await api.getStartHere({});
    if (result.ok) render(result.value);
    else say(result.issues.map((i) => i.message).join(' '), true);
  } catch (error) {
    say(error instanceof Error ? error.message : String(error), true);
  }
}

// The workbench page tells the sidebar which sidebars exist and when the workbook changed under it.
window.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (e.origin !== window.location.origin || typeof e.data !== 'object' || e.data === null) return;
  const data = e.data as { regularsWorkbench?: unknown; sidebars?: unknown };
  if (data.regularsWorkbench === 'sidebars' && Array.isArray(data.sidebars)) {
    openable = new Set(data.sidebars.filter((s): s is string => typeof s === 'string'));
    void load();
  }
  if (data.regularsWorkbench === 'changed') void load();
});
document.getElementById('refresh')?.addEventListener('click', () => void load());
// Back from another sidebar or the sheet, the list may be out of date.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void load();
});
void load();
