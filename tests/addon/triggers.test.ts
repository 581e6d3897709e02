import { describe, expect, it } from 'vitest';
import { HOURLY_HANDLER, installHourlyTrigger, removeHourlyTrigger, TRIGGER_OWNER_KEY, type TriggerEnv } from '../../addon/server/triggers';
import { FakeProperties } from './fakes/properties';
import { FakeScriptApp } from './fakes/script-app';

function env(scriptApp: FakeScriptApp, props: FakeProperties, locks: string[] = []): TriggerEnv<string> {
  return {
    scriptApp,
    document: scriptApp.document,
    props,
    user: () => scriptApp.user,
    withLock: (fn) => {
      locks.push('lock');
      return fn();
    },
  };
}

describe('hourly trigger install', () => {
  it('installs one hourly trigger running the handler, under the document lock, and records the owner', () => {
    const app = new FakeScriptApp('ann@shop.example', 'doc1');
    const props = new FakeProperties();
    const locks: string[] = [];
    const result = installHourlyTrigger(env(app, props, locks));
    expect(result).toEqual({ created: true, removed: 0, owner: 'ann@shop.example' });
    expect(app.triggers).toHaveLength(1);
    expect(app.triggers[0]).toMatchObject({ handler: HOURLY_HANDLER, eventType: 'CLOCK', everyHours: 1, document: 'doc1' });
    expect(props.getProperty(TRIGGER_OWNER_KEY)).toBe('ann@shop.example');
    expect(locks).toHaveLength(1);
  });

  it('keeps the existing trigger when installed again (menu clicked twice), even when clock triggers are not listed per document', () => {
    for (const listed of [true, false]) {
      const app = new FakeScriptApp('ann@shop.example', 'doc1');
      app.clockListedForDocument = listed;
      const props = new FakeProperties();
      installHourlyTrigger(env(app, props));
      const again = installHourlyTrigger(env(app, props));
      expect(again).toMatchObject({ created: false, removed: 0 });
      expect(app.triggers).toHaveLength(1);
    }
  });

  it('removes duplicates in this document and leaves other documents and other handlers alone', () => {
    const app = new FakeScriptApp('ann@shop.example', 'doc1');
    app.enforceLimit = false;
    const first = app.add(HOURLY_HANDLER);
    app.add(HOURLY_HANDLER);
    app.add(HOURLY_HANDLER);
    const otherDoc = app.add(HOURLY_HANDLER, 'CLOCK', 1, 'doc2');
    const onOpen = app.add('onOpenHandler', 'ON_OPEN');
    const result = installHourlyTrigger(env(app, new FakeProperties()));
    expect(result).toMatchObject({ created: false, removed: 2 });
    expect(app.triggers.map((t) => t.id).sort()).toEqual([first.id, otherDoc.id, onOpen.id].sort());
  });

  it('makes the last installer the only sender and says who it replaced', () => {
    const props = new FakeProperties();
    const ann = new FakeScriptApp('ann@shop.example', 'doc1');
    installHourlyTrigger(env(ann, props));
    const bob = new FakeScriptApp('bob@shop.example', 'doc1');
    const result = installHourlyTrigger(env(bob, props));
    expect(result).toMatchObject({ created: true, owner: 'bob@shop.example', previousOwner: 'ann@shop.example' });
    expect(props.getProperty(TRIGGER_OWNER_KEY)).toBe('bob@shop.example');
  });

  it('removes the trigger and gives up ownership', () => {
    const app = new FakeScriptApp('ann@shop.example', 'doc1');
    const props = new FakeProperties();
    installHourlyTrigger(env(app, props));
    expect(removeHourlyTrigger(env(app, props))).toEqual({ removed: 1 });
    expect(app.triggers).toHaveLength(0);
    expect(props.getProperty(TRIGGER_OWNER_KEY)).toBeNull();
  });
});
