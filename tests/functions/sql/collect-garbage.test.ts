import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../../functions/sql/collect-garbage';

/** A turn of the event loop: a WeakRef keeps its target alive until the job that made or read it ends. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('collectGarbage', () => {
  it('frees what nothing holds now, without --expose-gc', async () => {
    // An object nothing else refers to: only a full collection, not the allocator's pressure, reclaims it here.
    let held: { payload: number[] } | undefined = { payload: Array.from({ length: 1000 }, (_, k) => k) };
    const weak = new WeakRef(held);
    await nextTurn();
    expect(weak.deref()?.payload.length).toBe(1000);
    held = undefined;
    await nextTurn();
    collectGarbage();
    expect(weak.deref()).toBeUndefined();
  });

  it('keeps what is still held, and can run again', async () => {
    const held = { payload: 'kept' };
    const weak = new WeakRef(held);
    await nextTurn();
    collectGarbage();
    collectGarbage();
    expect(weak.deref()?.payload).toBe('kept');
    expect(held.payload).toBe('kept');
  });
});
