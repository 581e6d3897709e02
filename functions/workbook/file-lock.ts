import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/** A lock this process holds; release() gives it up (only ever removing its own lock file). */
export interface HeldLock {
  readonly path: string;
  readonly token: string;
  release(): void;
}

/** Who holds a lock, as written in the lock file. */
export interface LockOwner {
  pid: number;
  host: string;
  token: string;
  /** When it was taken, ms since the epoch. */
  at: number;
}

/** How long a waiting process keeps trying, and after how long a lock is stale even when its owner looks alive. */
export interface LockOptions {
  /** Give up after this many ms (default 30 s); 0 tries once. */
  waitMs?: number;
  /**
   * A lock older than this is stale whatever its pid says (the pid may have been reused). Default 10 minutes:
   * far longer than any read-modify-write holds it, shorter than a person would wait.
   */
  staleMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

const SLEEPER = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread for ms without spinning the CPU (the port's withLock is synchronous). */
function sleepSync(ms: number): void {
  Atomics.wait(SLEEPER, 0, 0, ms);
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

/** The owner written in a lock file, or undefined when there is none (or it is unreadable). */
export function readLockOwner(path: string): LockOwner | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.token === 'string' && typeof o.at === 'number') return { pid: o.pid, host: String(o.host ?? ''), token: o.token, at: o.at };
  } catch {
    // A lock written by an older version held only the pid.
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? { pid, host: hostname(), token: `pid:${pid}`, at: 0 } : { pid: 0, host: '', token: `junk:${text}`, at: 0 };
}

function isStale(owner: LockOwner, now: number, staleMs: number): boolean {
  if (owner.pid <= 0) return true;
  // On another machine (a shared folder) liveness cannot be checked here: only age decides.
  if (owner.host !== '' && owner.host !== hostname()) return owner.at > 0 && now - owner.at > staleMs;
  return !alive(owner.pid) || (owner.at > 0 && now - owner.at > staleMs);
}

/** Creates `path` holding `content` only if it does not exist: written to a private file first, then hard-linked (atomic, never half-written). */
function createExclusive(path: string, content: string, token: string): boolean {
  const tmp = `${path}.${token}.new`;
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Removes the lock file holding `token`, by whoever may remove it: first the claim `<lock>.<token>.gone` is
 * created exclusively, so of all processes that judged this lock stale (and its owner releasing it) exactly
 * one goes on; that one checks the file still holds this token before unlinking it. Tokens are never reused,
 * so no process can remove a lock taken after the one it judged.
 */
function removeIfHolds(path: string, token: string): boolean {
  const claim = `${path}.${token.replace(/[^\w-]/g, '_')}.gone`;
  try {
    closeSync(openSync(claim, 'wx'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    if (readLockOwner(path)?.token !== token) return false;
    unlinkSync(path);
    return true;
  } finally {
    // Once this claim is settled the token's lock is gone for good, so a late claimant finds another token and stops.
    unlinkSync(claim);
  }
}

/** Locks this process holds now (by token): waiting for one of them would wait for ourselves. */
const heldHere = new Set<string>();

/** Why a lock could not be taken in time: who holds it. */
export class LockBusy extends Error {
  override readonly name = 'LockBusy';
  constructor(
    readonly path: string,
    readonly holder: LockOwner | undefined,
    why = `by another process${holder ? ` (pid ${holder.pid})` : ''}`,
  ) {
    super(`${path} is held ${why}`);
  }
}

/**
 * Takes the lock file at `path`, waiting up to waitMs: created exclusively with our pid, host, a random token
 * and the time. A lock whose owner is gone (or that is older than staleMs) is taken over atomically (see
 * removeIfHolds). Throws LockBusy when another live process keeps it past waitMs.
 */
export function acquireLockSync(path: string, options: LockOptions = {}): HeldLock {
  const now = options.now ?? (() => Date.now());
  const staleMs = options.staleMs ?? 10 * 60_000;
  const until = now() + (options.waitMs ?? 30_000);
  let pause = 2;
  for (;;) {
    const token = `${process.pid}-${randomBytes(8).toString('hex')}`;
    const owner: LockOwner = { pid: process.pid, host: hostname(), token, at: now() };
    if (createExclusive(path, JSON.stringify(owner), token)) {
      heldHere.add(token);
      return {
        path,
        token,
        release: () => {
          heldHere.delete(token);
          removeIfHolds(path, token);
        },
      };
    }
    const holder = readLockOwner(path);
    // Released between our try and our read: try again at once.
    if (!holder) continue;
    // Held by this very process (a second workbook object on the same file inside an operation): the wait
    // could never end, since the holder cannot run while this thread waits.
    if (heldHere.has(holder.token)) throw new LockBusy(path, holder, 'by this process: open the workbook once per operation');
    if (isStale(holder, now(), staleMs)) {
      removeIfHolds(path, holder.token);
      continue;
    }
    if (now() >= until) throw new LockBusy(path, holder);
    sleepSync(pause);
    pause = Math.min(pause * 2, 50);
  }
}

/** Tries once: the lock, or who holds it. */
export function tryLockSync(path: string, options: Omit<LockOptions, 'waitMs'> = {}): HeldLock | { heldBy: LockOwner | undefined } {
  try {
    return acquireLockSync(path, { ...options, waitMs: 0 });
  } catch (error) {
    if (error instanceof LockBusy) return { heldBy: error.holder };
    throw error;
  }
}
