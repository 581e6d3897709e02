import { tryLockSync } from '../workbook';

/** Held by one process at a time; release() removes it. */
export interface FileLock {
  release(): Promise<void>;
}

/** The lock a greetings run holds for its whole length (the workbook's own lock is taken per read-modify-write). */
export function runLockPath(file: string): string {
  return `${file}.greetings.lock`;
}

/**
 * Takes `<file>.greetings.lock` so two greetings runs on one local workbook never overlap (a row left
 * `sending` can then only be a dead run's). A lock whose owner is gone is taken over atomically. Other
 * writers (the workbench, an import) are not kept out: they take the workbook's lock for each change.
 * Returns the holder's pid when another live process has it.
 */
export function lockFile(file: string): Promise<FileLock | { heldBy: number }> {
  // A run legitimately lasts hours (a transport that throttles): only a dead owner makes this lock stale.
  const lock = tryLockSync(runLockPath(file), { staleMs: 7 * 24 * 3_600_000 });
  if ('heldBy' in lock) return Promise.resolve({ heldBy: lock.heldBy?.pid ?? 0 });
  return Promise.resolve({
    release: () => {
      lock.release();
      return Promise.resolve();
    },
  });
}
