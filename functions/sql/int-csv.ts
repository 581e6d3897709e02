// Files of integers as CSV: written through one buffer as ASCII digits (no string per number, for millions of
// lines) and read back line by line with every line's shape checked.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/** x / 10 rounded down: by a bitwise OR below 2^31 (the common case, and quicker), by Math.floor above (exact to 2^53). */
const tenth = (x: number): number => (x < 2147483648 ? (x / 10) | 0 : Math.floor(x / 10));

/** Numbers written to a file through one buffer as ASCII digits (no string per number: millions of lines). */
export class IntFile {
  private readonly buffer = Buffer.allocUnsafe(1 << 20);
  private at = 0;
  private readonly fd: number;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  /** Writes a safe integer (negative ones included: up to 2^53 in size) and then `end` (a comma or a line break). */
  int(value: number, end: number): void {
    if (this.at > this.buffer.length - 24) this.flush();
    let v = value;
    if (v < 0) {
      this.buffer[this.at++] = 45;
      v = -v;
    }
    let digits = 1;
    for (let x = v; x >= 10; x = tenth(x)) digits++;
    // Digits written from the last: no string and no copy per number.
    let at = this.at + digits;
    this.at = at;
    do {
      this.buffer[--at] = 48 + (v % 10);
      v = tenth(v);
    } while (v > 0);
    this.buffer[this.at++] = end;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.at > 0) writeSync(this.fd, this.buffer, 0, this.at);
    this.at = 0;
  }
}

export const COMMA = 44;
export const NEWLINE = 10;

/** Bytes of a file read at a time. */
const BLOCK = 1 << 24;

/**
 * Reads a CSV file of integers, `columns` a line (a minus sign allowed), calling `onRow` with each line's values
 * (the array is reused); a line of another shape is an error naming it.
 */
export function readIntRows(file: string, columns: number, onRow: (values: Int32Array) => void): number {
  const values = new Int32Array(columns);
  const fd = openSync(file, 'r');
  let line = 1;
  try {
    const buffer = Buffer.allocUnsafe(BLOCK);
    let column = 0;
    let value = 0;
    let sign = 1;
    let digits = false;
    const bad = (what: string): Error => new Error(`${file}: line ${line} ${what}; expected ${columns} whole numbers`);
    for (;;) {
      const read = readSync(fd, buffer, 0, BLOCK, null);
      if (read === 0) break;
      for (let k = 0; k < read; k++) {
        const c = buffer[k] as number;
        if (c >= 48 && c <= 57) {
          value = value * 10 + (c - 48);
          digits = true;
        } else if (c === 45 && !digits && sign === 1) sign = -1;
        else if (c === COMMA || c === NEWLINE) {
          if (!digits) throw bad('has an empty value');
          if (column === columns) throw bad('has too many values');
          values[column++] = sign * value;
          [value, sign, digits] = [0, 1, false];
          if (c === NEWLINE) {
            if (column !== columns) throw bad(`has ${column} values`);
            onRow(values);
            column = 0;
            line++;
          }
        } else if (c !== 13) throw bad(`holds byte ${c}`);
      }
    }
    if (digits || column > 0) throw bad('does not end with a line break');
  } finally {
    closeSync(fd);
  }
  return line - 1;
}
