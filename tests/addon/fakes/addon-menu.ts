/**
 * A fake of what onOpen may use in AuthMode.NONE: SpreadsheetApp.getUi().createAddonMenu() and the Menu it
 * returns. Everything else on SpreadsheetApp or the Ui is recorded and throws, as a real NONE-mode onOpen
 * would fail on it (no access to the document, properties or the user).
 */

/** One recorded menu call. */
export type MenuCall = { method: 'addItem'; label: string; fn: string } | { method: 'addSeparator' } | { method: 'addSubMenu' } | { method: 'addToUi' };

export class FakeAddonMenu {
  readonly calls: MenuCall[] = [];

  addItem(label: string, fn: string): FakeAddonMenu {
    this.calls.push({ method: 'addItem', label, fn });
    return this;
  }

  addSeparator(): FakeAddonMenu {
    this.calls.push({ method: 'addSeparator' });
    return this;
  }

  addSubMenu(): FakeAddonMenu {
    this.calls.push({ method: 'addSubMenu' });
    return this;
  }

  addToUi(): void {
    this.calls.push({ method: 'addToUi' });
  }
}

/** A SpreadsheetApp that offers only getUi().createAddonMenu(); `touched` lists every other use. */
export function menuOnlySpreadsheetApp(): { app: unknown; menus: FakeAddonMenu[]; touched: string[] } {
  const menus: FakeAddonMenu[] = [];
  const touched: string[] = [];
  const only = <T extends object>(name: string, allowed: Record<string, unknown>): T =>
    new Proxy(allowed, {
      get(target, key) {
        if (typeof key === 'string' && key in target) return target[key];
        touched.push(`${name}.${String(key)}`);
        throw new Error(`AuthMode.NONE: ${name}.${String(key)} is not allowed in onOpen`);
      },
    }) as T;
  const ui = only('Ui', {
    createAddonMenu: () => {
      const menu = new FakeAddonMenu();
      menus.push(menu);
      return menu;
    },
  });
  const app = only('SpreadsheetApp', { getUi: () => ui });
  return { app, menus, touched };
}
