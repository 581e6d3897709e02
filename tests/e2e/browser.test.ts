import { describe, expect, it } from 'vitest';
import { browserVersion, findBrowser, installedCandidates, pickBrowser } from './browser';

describe('the browser the tests drive', () => {
  it('is found on this machine and starts (CHROMIUM_PATH, an installed one, or the one npm ci brought)', async () => {
    const browser = await findBrowser();
    expect(['CHROMIUM_PATH', 'installed', 'bundled']).toContain(browser.source);
    expect(await browserVersion(browser.executablePath)).toMatch(/Chrom(e|ium) \d+\./);
  });

  it('looks where Debian, macOS and Windows install Chrome or Chromium', () => {
    expect(installedCandidates('linux', {})).toContain('/usr/bin/chromium');
    expect(installedCandidates('darwin', {})).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(installedCandidates('win32', { PROGRAMFILES: 'C:\\Program Files' })).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
  });

  it('refuses a CHROMIUM_PATH that does not exist with what to install, rather than skipping', async () => {
    await expect(pickBrowser({ CHROMIUM_PATH: '/nowhere/chromium' })).rejects.toThrow(/CHROMIUM_PATH=\/nowhere\/chromium does not exist\. No browser for the browser tests: run `npm ci`/);
  });
});
