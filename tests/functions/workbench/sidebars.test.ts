import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { injectShim, listSidebars, sidebarHtml } from '../../../functions/workbench';

describe('sidebars of the built add-on', () => {
  it('lists every dist/addon/*.html by name, sorted, and nothing else', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-addon-'));
    for (const file of ['duplicates.html', 'customer-card.html', 'Code.js', 'appsscript.json', 'Odd Name.html']) await writeFile(path.join(dir, file), '<html></html>');
    expect(await listSidebars(dir)).toEqual(['customer-card', 'duplicates']);
    expect(await listSidebars(path.join(dir, 'missing'))).toEqual([]);
  });

  it('serves a sidebar unchanged but for the shim, and refuses names outside the folder', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'regulars-addon-'));
    const shipped = '<!DOCTYPE html>\n<html><head lang="en"><title>Card</title></head><body><script>run()</script></body></html>';
    await writeFile(path.join(dir, 'card.html'), shipped);
    const served = await sidebarHtml(dir, 'card');
    expect(served?.replace(/<script>\(function \(\) \{[\s\S]*?\}\)\(\);<\/script>/, '')).toBe(shipped);
    expect(served?.indexOf('window.google =')).toBeLessThan(served!.indexOf('run()'));
    expect(await sidebarHtml(dir, '../card')).toBeUndefined();
    expect(await sidebarHtml(dir, 'nope')).toBeUndefined();
  });

  it('puts the shim first when there is no <head>', () => {
    expect(injectShim('<p>hi</p>')).toMatch(/^<script>[\s\S]*<\/script><p>hi<\/p>$/);
  });
});
