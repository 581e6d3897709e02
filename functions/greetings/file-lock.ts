import { open, readFile, unlink } from 'node:fs/promises';

/** Held by one process at a time; release() removes it. */
export interface FileLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<file>.lock` (created exclusively, holding our pid) so two runs on one local workbook never
 * overlap: an .xlsx is read once into memory, so only a whole-run lock keeps a second run from sending
 * what the first is sending. A lock left by a process that no longer exists is taken over.
 * Returns the holder's pid when another live process has it.
 */
export async function lockFile(file: string): Promise<FileLock | { heldBy: number }> {
  const path = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => unlink(path).catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) return { heldBy: pid };
    await unlink(path).catch(() => undefined);
  }
  return { heldBy: 0 };
}
