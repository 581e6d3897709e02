import { closeSync, fdatasyncSync, mkdirSync, openSync, readFileSync, writeSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SendJournal } from '../../shared/greetings';

/** Where the journal of a local workbook lives: `.regulars/<workbook>.sending` beside it. */
export function sendJournalPath(workbook: string): string {
  const file = path.resolve(workbook);
  return path.join(path.dirname(file), '.regulars', `${path.basename(file)}.sending`);
}

/**
 * The runner's send journal as an append-only file: one line per send about to start, flushed to disk before
 * the send, so after a `kill -9` the next run knows which leased rows may have gone and which never started.
 */
export function fileSendJournal(workbook: string): SendJournal {
  const file = sendJournalPath(workbook);
  return {
    started(key) {
      mkdirSync(path.dirname(file), { recursive: true });
      const fd = openSync(file, 'a');
      try {
        writeSync(fd, `${JSON.stringify(key)}\n`);
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
    startedKeys() {
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return new Set();
      }
      const keys = new Set<string>();
      for (const line of text.split('\n')) {
        try {
          if (line.trim() !== '') keys.add(JSON.parse(line) as string);
        } catch {
          // A line cut short by the crash: its send had not started (the note comes first, whole, then the send).
        }
      }
      return keys;
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
