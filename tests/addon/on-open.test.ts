import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_API_METHODS } from '../../shared/api';
import { loadBundle, topLevelFunctions } from '../build/apps-script-vm';
import { buildToTemp, removeTempDirs } from '../build/build-to-temp';
import { menuOnlySpreadsheetApp, type MenuCall } from './fakes/addon-menu';

// Runs the built Code.js, as Apps Script would, with only what AuthMode.NONE allows: SpreadsheetApp.getUi()
// and its add-on menu. Every other service (PropertiesService, Session, ScriptApp, LockService, ...) throws.

let code = '';

beforeAll(() => {
  code = readFileSync(path.join(buildToTemp(['addon']), 'addon', 'Code.js'), 'utf8');
});
afterAll(removeTempDirs);

/** Calls a top-level trigger function with a NONE-mode event that records any field read besides authMode. */
function runTrigger(name: 'onOpen' | 'onInstall'): { calls: MenuCall[]; menus: number; touched: string[]; accesses: string[] } {
  const fake = menuOnlySpreadsheetApp();
  const { context, accesses } = loadBundle(code, { SpreadsheetApp: fake.app });
  const fields: Record<string, unknown> = { authMode: 'NONE' };
  const event = new Proxy(fields, {
    get(target, key): unknown {
      if (key !== 'authMode') fake.touched.push(`event.${String(key)}`);
      return typeof key === 'string' ? target[key] : undefined;
    },
  });
  (context[name] as (e: unknown) => void)(event);
  return { calls: fake.menus.flatMap((m) => m.calls), menus: fake.menus.length, touched: fake.touched, accesses };
}

describe.each(['onOpen', 'onInstall'] as const)('%s in AuthMode.NONE', (trigger) => {
  it('builds one add-on menu with the Regulars items and adds it to the UI last', () => {
    const { calls, menus } = runTrigger(trigger);
    expect(menus).toBe(1);
    const items = calls.filter((c) => c.method === 'addItem');
    expect(items).toEqual(
      expect.arrayContaining([
        { method: 'addItem', label: 'Customer card', fn: 'showCustomerCard' },
        { method: 'addItem', label: 'Set up Regulars tabs', fn: 'setUpWorkbook' },
      ]),
    );
    expect(calls.filter((c) => c.method === 'addToUi')).toHaveLength(1);
    expect(calls.at(-1)).toEqual({ method: 'addToUi' });
  });

  it('touches nothing but SpreadsheetApp.getUi().createAddonMenu()', () => {
    const { accesses, touched } = runTrigger(trigger);
    expect(touched).toEqual([]);
    expect(new Set(accesses)).toEqual(new Set(['SpreadsheetApp']));
  });

  it('names only top-level functions that open UI, each once, with distinct non-empty labels', () => {
    const items = runTrigger(trigger).calls.flatMap((c) => (c.method === 'addItem' ? [c] : []));
    const functions = topLevelFunctions(code);
    for (const item of items) {
      expect(functions, item.fn).toContain(item.fn);
      // Sidebar calls take an input object; a menu item runs with none, so it must not be a ServerApi method.
      expect(SERVER_API_METHODS as readonly string[], item.fn).not.toContain(item.fn);
      expect(item.label.trim()).not.toBe('');
    }
    expect(new Set(items.map((i) => i.label)).size).toBe(items.length);
    expect(new Set(items.map((i) => i.fn)).size).toBe(items.length);
  });
});
