import type { PropertiesPort } from '../../../addon/server/mail';

/** A fake of PropertiesService.getDocumentProperties(): string values only, as in Apps Script. */
export class FakeProperties implements PropertiesPort {
  readonly values = new Map<string, string>();
  writes = 0;

  getProperty(key: string): string | null {
    return this.values.get(key) ?? null;
  }

  setProperty(key: string, value: string): this {
    this.writes++;
    this.values.set(key, String(value));
    return this;
  }

  deleteProperty(key: string): this {
    this.values.delete(key);
    return this;
  }
}
