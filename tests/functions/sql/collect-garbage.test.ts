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

describe('collectGarbage with compaction', () => {
  const heapTotal = (): number => process.memoryUsage().heapTotal;

  /** V8's heap size after one collection of a heap whose survivors are spread thin: a million objects, one in eight kept. */
  async function afterOneCollection(compact: boolean): Promise<number> {
    // From a compact heap each time, so the runs start alike.
    collectGarbage({ compact: true });
    const all = Array.from({ length: 1_000_000 }, (_, k) => ({ k, text: `record ${k}` }));
    const kept = all.filter((_, k) => k % 8 === 0);
    all.length = 0;
    await nextTurn();
    collectGarbage({ compact });
    const total = heapTotal();
    expect(kept).toHaveLength(125_000);
    return total;
  }

  it('hands back the pages one plain collection leaves part empty, and leaves later collections plain', async () => {
    const plain = await afterOneCollection(false);
    const compacted = await afterOneCollection(true);
    // The survivors (about 16 MB) fit in far fewer pages than the 100 MB or so the million objects took.
    expect(plain - compacted).toBeGreaterThan(30 * 2 ** 20);
    // Compaction was for that call only.
    const again = await afterOneCollection(false);
    expect(again - compacted).toBeGreaterThan(30 * 2 ** 20);
  });
});
