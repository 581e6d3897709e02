import { createHmac } from 'node:crypto';
import type { ScriptAppPort, TriggerPort } from '../../../addon/server/triggers';
import type { UtilitiesPort } from '../../../addon/server/secret';

/** A fake installable trigger: its handler, the document it belongs to and who owns it. */
export class FakeTrigger implements TriggerPort {
  constructor(
    readonly id: string,
    readonly handler: string,
    readonly eventType: 'CLOCK' | 'ON_OPEN',
    readonly document: string,
    readonly user: string,
    readonly everyHours?: number,
  ) {}

  getHandlerFunction(): string {
    return this.handler;
  }
  getUniqueId(): string {
    return this.id;
  }
  getEventType(): string {
    return this.eventType;
  }
}

/**
 * A fake of ScriptApp's trigger calls, modelling add-on rules: triggers belong to a user and a document;
 * getProjectTriggers lists the current user's triggers across documents; getUserTriggers(document) lists
 * them for one document. `clockListedForDocument: false` models a runtime where time-driven triggers are not
 * listed against the document (only the stored id finds them). An add-on may hold one clock trigger per user
 * per document: creating a second throws, as Apps Script does.
 */
export class FakeScriptApp implements ScriptAppPort<string> {
  readonly triggers: FakeTrigger[] = [];
  deleted: string[] = [];
  private next = 1;
  clockListedForDocument = true;
  /** The per-document limit; a test may lift it to model leftovers from an older install. */
  enforceLimit = true;

  constructor(
    public user: string,
    public document: string,
  ) {}

  getProjectTriggers(): FakeTrigger[] {
    return this.triggers.filter((t) => t.user === this.user);
  }

  getUserTriggers(document: string): FakeTrigger[] {
    return this.getProjectTriggers().filter((t) => t.document === document && (this.clockListedForDocument || t.eventType !== 'CLOCK'));
  }

  deleteTrigger(trigger: TriggerPort): void {
    const at = this.triggers.findIndex((t) => t.id === trigger.getUniqueId());
    if (at < 0) throw new Error('Exception: Trigger not found');
    this.triggers.splice(at, 1);
    this.deleted.push(trigger.getUniqueId());
  }

  newTrigger(functionName: string) {
    return {
      timeBased: () => ({
        everyHours: (hours: number) => ({
          create: (): FakeTrigger => {
            if (this.enforceLimit && this.triggers.some((t) => t.user === this.user && t.document === this.document && t.eventType === 'CLOCK')) {
              throw new Error('Exception: This add-on has created too many time-based triggers in this document for this Google user account.');
            }
            return this.add(functionName, 'CLOCK', hours);
          },
        }),
      }),
    };
  }

  /** Adds a trigger as if created earlier (by this user in this document unless told otherwise). */
  add(handler: string, eventType: 'CLOCK' | 'ON_OPEN' = 'CLOCK', everyHours?: number, document = this.document, user = this.user): FakeTrigger {
    const trigger = new FakeTrigger(`t${this.next++}`, handler, eventType, document, user, everyHours);
    this.triggers.push(trigger);
    return trigger;
  }
}

/** A fake of the Utilities calls the secret and signer use, computed with Node's crypto. */
export class FakeUtilities implements UtilitiesPort {
  uuids = 0;
  readonly slept: number[] = [];

  getUuid(): string {
    this.uuids++;
    return crypto.randomUUID();
  }

  computeHmacSha256Signature(value: string, key: string): number[] {
    // Apps Script returns signed Java bytes.
    return [...createHmac('sha256', key).update(value, 'utf8').digest()].map((b) => (b > 127 ? b - 256 : b));
  }

  base64EncodeWebSafe(data: number[]): string {
    // Apps Script pads with '='.
    return Buffer.from(data.map((b) => b & 0xff)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  }

  sleep(ms: number): void {
    this.slept.push(ms);
  }
}
