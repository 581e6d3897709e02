import { closeSync, fdatasyncSync, mkdirSync, openSync, readFileSync, writeSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JournalNote, SendJournal } from '../../shared/greetings';

/** Where the journal of a local workbook lives: `.regulars/<workbook>.sending` beside it. */
export function sendJournalPath(workbook: string): string {
  const file = path.resolve(workbook);
  return path.join(path.dirname(file), '.regulars', `${path.basename(file)}.sending`);
}

/** Appends one line and flushes it to disk before returning. */
function appendDurably(file: string, line: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, `${line}\n`);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The runner's send journal as an append-only file: a line when a send is about to start and one when the
 * server accepted it, each flushed to disk before the run goes on, so after a `kill -9` the next run knows
 * which leased rows went, which may have gone, and which never started.
 */
export function fileSendJournal(workbook: string): SendJournal {
  const file = sendJournalPath(workbook);
  return {
    started(key) {
      appendDurably(file, JSON.stringify({ key }));
    },
    sent(key, at, messageId) {
      appendDurably(file, JSON.stringify({ key, at, messageId }));
    },
    notes() {
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return new Map();
      }
      const notes = new Map<string, JournalNote>();
      for (const line of text.split('\n')) {
        let entry: { key?: unknown; at?: unknown; messageId?: unknown };
        try {
          entry = JSON.parse(line) as typeof entry;
        } catch {
          // A blank line, or one cut short by the crash: what it would have said had not happened yet.
          continue;
        }
        if (typeof entry.key !== 'string') continue;
        notes.set(entry.key, typeof entry.at === 'string' ? { sent: { at: entry.at, messageId: typeof entry.messageId === 'string' ? entry.messageId : '' } } : (notes.get(entry.key) ?? {}));
      }
      return notes;
    },
    clear() {
      try {
        writeFileSync(file, '');
      } catch {
        // No journal yet: nothing to forget.
      }
    },
  };
}
