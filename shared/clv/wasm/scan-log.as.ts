// AssemblyScript, compiled to WebAssembly at build time (scripts/build.mjs): the purchase-log reader, summary and
// compression of `regulars clv fit` in one pass over the file's bytes. A short process spends most of its time
// in JavaScript that V8 has not optimised yet; WebAssembly runs at full speed from the first line.
// It mirrors shared/clv/plain-rows.ts (readPlainPurchases), rfm.ts (summarise, compress) and text-scan.ts
// (parseDayAt, plainDecimal) exactly, and gives up (a negative result) wherever they would take a slower path:
// the caller then runs them. tests/shared/clv/wasm-scan.test.ts checks the two agree.
//
// Memory is laid out by the caller (shared/clv/log-scan.ts): the file's bytes, then the tables below.

/** Gave up: the TypeScript readers decide (a quote, a short line, an odd id, date or amount, a negative amount). */
const UNREADABLE: i32 = -1;
/** Gave up: an id came back after another customer's rows, or days went back (the log needs sorting). */
const NOT_GROUPED: i32 = -2;

let lastDaySeen: i32 = i32.MIN_VALUE;
let firstDaySeen: i32 = i32.MAX_VALUE;

/** The smallest day on or before the end of the last scan (i32.MAX_VALUE when none). */
export function firstDay(): i32 {
  return firstDaySeen;
}

/** Bytes the scan's customer table takes for `capacity` customers. */
export function tableBytes(capacity: i32): usize {
  return repeatColumn(0, capacity) + <usize>capacity * 8;
}

/** The table: first, last, distinct days, id start, id length (i32 each), then repeat spend (f64, 8-aligned). */
function repeatColumn(table: usize, capacity: i32): usize {
  return (table + <usize>capacity * 20 + 7) & ~(7 as usize);
}
let rowCount: i32 = 0;

/** The largest day of every row read by the last scan (the default end of calibration). */
export function lastDay(): i32 {
  return lastDaySeen;
}

/** Rows read by the last scan. */
export function rows(): i32 {
  return rowCount;
}

/** Where the caller may start laying out memory. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(15 as usize);
}

function daysFromCivil(year: i32, month: i32, day: i32): i32 {
  const y = month <= 2 ? year - 1 : year;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yoe = y - era * 400;
  const doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: i32, month: i32): i32 {
  if (month == 2) return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
  return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
}

function digitsAt(from: usize, count: i32, end: usize): i32 {
  if (from + <usize>count > end) return -1;
  let v = 0;
  for (let i = 0; i < count; i++) {
    const c = <i32>load<u8>(from + <usize>i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** parseDayAt: YYYY-MM-DD or YYYYMMDD, a time allowed after a space or T; i32.MIN_VALUE when not a date. */
function parseDayAt(from: usize, to: usize): i32 {
  const length = <i32>(to - from);
  let y: i32;
  let m: i32;
  let d: i32;
  let end: i32;
  if (length >= 10 && load<u8>(from + 4) == 45 && load<u8>(from + 7) == 45) {
    y = digitsAt(from, 4, to);
    m = digitsAt(from + 5, 2, to);
    d = digitsAt(from + 8, 2, to);
    end = 10;
  } else {
    y = digitsAt(from, 4, to);
    m = digitsAt(from + 4, 2, to);
    d = digitsAt(from + 6, 2, to);
    end = 8;
  }
  if (length > end) {
    const next = load<u8>(from + <usize>end);
    if (next != 32 && next != 84) return i32.MIN_VALUE;
  }
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return i32.MIN_VALUE;
  return daysFromCivil(y, m, d);
}

const POWERS: StaticArray<f64> = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/** plainDecimal: digits with at most one point, 1–15 digits; NaN otherwise (a sign included). */
function plainDecimal(from: usize, to: usize): f64 {
  let mantissa: f64 = 0;
  let digitCount = 0;
  let point: isize = -1;
  for (let i = from; i < to; i++) {
    const c = load<u8>(i);
    if (c == 46 && point < 0) point = <isize>i;
    else if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + <f64>(c - 48);
      digitCount++;
    } else return NaN;
  }
  if (digitCount == 0 || digitCount > 15) return NaN;
  const decimals = point < 0 ? 0 : <i32>(<isize>to - point - 1);
  return decimals == 0 ? mantissa : mantissa / unchecked(POWERS[decimals]);
}

function isPlain(c: u32): bool {
  return c > 32 && c < 127;
}

function sameBytes(a: usize, b: usize, length: i32): bool {
  for (let k = 0; k < length; k++) if (load<u8>(a + <usize>k) != load<u8>(b + <usize>k)) return false;
  return true;
}

function hashBytes(from: usize, length: i32): u32 {
  let h: u32 = 2166136261;
  for (let k = 0; k < length; k++) h = (h ^ <u32>load<u8>(from + <usize>k)) * 16777619;
  return h;
}

// The scan's state between calls: the log is read in slices (each ending at a line break), so that V8, which runs a
// call to its end in the code it started with, moves to its optimised code after the first slices.
let scanCustomers = 0;
let scanCurrent = -1;
let scanPreviousStart: usize = 0;
let scanPreviousLength = -1;
let scanPreviousDay = 0;
let scanCurrentDay = i32.MIN_VALUE;

/** Starts a scan: no customer yet, an empty id table of 1 << hashBits slots at `hash`. */
export function scanStart(hash: usize, hashBits: i32): void {
  memory.fill(hash, 0, (<usize>1 << hashBits) * 4);
  scanCustomers = 0;
  scanCurrent = -1;
  scanPreviousStart = 0;
  scanPreviousLength = -1;
  scanPreviousDay = 0;
  scanCurrentDay = i32.MIN_VALUE;
  lastDaySeen = i32.MIN_VALUE;
  firstDaySeen = i32.MAX_VALUE;
  rowCount = 0;
}

/**
 * Reads the rows from `from` to `end` (offsets into the file's bytes at `input`; `end` is the file's end or just
 * after a line break) and sums each customer's run as summarise does up to `endDay`, carrying on from the slice
 * before (scanStart first). Per customer (struct of arrays at `table`, `capacity` each): first, last, distinct days,
 * id start and length (i32), and repeat spend (f64). `hash` holds 1 << hashBits i32 slots.
 * Returns the number of customers so far, or a negative code when the TypeScript readers must decide.
 */
export function scan(input: usize, from: i32, end: i32, delimiter: i32, ci: i32, di: i32, ai: i32, endDay: i32, table: usize, capacity: i32, hash: usize, hashBits: i32): i32 {
  const first = table;
  const last = first + <usize>capacity * 4;
  const days = last + <usize>capacity * 4;
  const idStart = days + <usize>capacity * 4;
  const idLength = idStart + <usize>capacity * 4;
  const repeat = repeatColumn(table, capacity);
  const mask: u32 = (1 << hashBits) - 1;
  const n = input + <usize>end;
  const lastWanted = max(ci, max(di, ai));
  let customers = scanCustomers;
  let current = scanCurrent;
  let previousStart = scanPreviousStart;
  let previousLength = scanPreviousLength;
  let previousDay = scanPreviousDay;
  let currentDay = scanCurrentDay;
  let cs: usize = 0;
  let ce: usize = 0;
  let ds: usize = 0;
  let de: usize = 0;
  let as: usize = 0;
  let ae: usize = 0;
  for (let pos = input + <usize>from; pos < n; ) {
    // One pass over the line's bytes: each wanted field ends at the delimiter or the line's end (a carriage
    // return before the line feed is not part of it), as readPlainPurchases splits the line it cut out.
    let i = pos;
    let atLineEnd = false;
    for (let f = 0; f <= lastWanted; f++) {
      if (atLineEnd) return UNREADABLE;
      const start = i;
      let c: u32 = 0;
      while (i < n) {
        c = load<u8>(i);
        if (c == <u32>delimiter || c == 10) break;
        i++;
      }
      let stop = i;
      if (i >= n || c == 10) {
        atLineEnd = true;
        if (stop > start && load<u8>(stop - 1) == 13) stop--;
      } else {
        i++;
      }
      if (f == ci) {
        cs = start;
        ce = stop;
      }
      if (f == di) {
        ds = start;
        de = stop;
      }
      if (f == ai) {
        as = start;
        ae = stop;
      }
    }
    if (!atLineEnd) while (i < n && load<u8>(i) != 10) i++;
    pos = i < n ? i + 1 : n;
    if (ce <= cs || !isPlain(load<u8>(cs)) || !isPlain(load<u8>(ce - 1))) return UNREADABLE;
    const day = parseDayAt(ds, de);
    if (day == i32.MIN_VALUE) return UNREADABLE;
    const amount: f64 = ai < 0 ? 0 : plainDecimal(as, ae);
    if (isNaN(amount)) return UNREADABLE;
    const idLen = <i32>(ce - cs);
    if (idLen != previousLength || !sameBytes(cs, previousStart, idLen)) {
      // A new run: its id must not have had a run before.
      let slot = hashBytes(cs, idLen) & mask;
      for (;;) {
        const k = load<i32>(hash + (<usize>slot << 2)) - 1;
        if (k < 0) break;
        if (load<i32>(idLength + (<usize>k << 2)) == idLen && sameBytes(input + <usize>load<i32>(idStart + (<usize>k << 2)), cs, idLen)) return NOT_GROUPED;
        slot = (slot + 1) & mask;
      }
      if (customers == capacity) return UNREADABLE;
      current = customers++;
      store<i32>(hash + (<usize>slot << 2), current + 1);
      const at = <usize>current << 2;
      store<i32>(first + at, i32.MAX_VALUE);
      store<i32>(last + at, i32.MIN_VALUE);
      store<i32>(days + at, 0);
      store<i32>(idStart + at, <i32>(cs - input));
      store<i32>(idLength + at, idLen);
      store<f64>(repeat + (<usize>current << 3), 0);
      previousStart = cs;
      previousLength = idLen;
      currentDay = i32.MIN_VALUE;
    } else if (day < previousDay) {
      return NOT_GROUPED;
    }
    previousDay = day;
    rowCount++;
    if (day > lastDaySeen) lastDaySeen = day;
    if (day > endDay) continue;
    if (day < firstDaySeen) firstDaySeen = day;
    const at = <usize>current << 2;
    if (day != currentDay) {
      currentDay = day;
      store<i32>(days + at, load<i32>(days + at) + 1);
      if (day < load<i32>(first + at)) store<i32>(first + at, day);
      if (day > load<i32>(last + at)) store<i32>(last + at, day);
    }
    if (day != load<i32>(first + at)) {
      const s = repeat + (<usize>current << 3);
      store<f64>(s, load<f64>(s) + amount);
    }
  }
  scanCustomers = customers;
  scanCurrent = current;
  scanPreviousStart = previousStart;
  scanPreviousLength = previousLength;
  scanPreviousDay = previousDay;
  scanCurrentDay = currentDay;
  return customers;
}

let distinctRows: i32 = 0;
let distinctT: i32 = 0;
let distinctTx: i32 = 0;
let largestX: i32 = 0;
let repeatBuyerCount: i32 = 0;
let keptCount: i32 = 0;

/** Counts of the last compress: rows, distinct T, distinct t_x, largest x, repeat buyers, customers kept. */
export function compressed(which: i32): i32 {
  return which == 0 ? distinctRows : which == 1 ? distinctT : which == 2 ? distinctTx : which == 3 ? largestX : which == 4 ? repeatBuyerCount : keptCount;
}

/**
 * summarise's output and compress for the `customers` of the last scan at `table`, ending on `endDay`, times in
 * units of `scale` days (1/7: weeks). Writes, each `capacity` long: per kept customer x and mean repeat spend (f64)
 * and its row (i32); per distinct row x, t_x, T and weight (f64), its T and t_x index (i32); the distinct T and t_x
 * values (f64). Day-indexed slots (`slots`, 2 · (span + 1) i32) map a day count to its distinct value's index.
 */
export function compress(table: usize, tableCapacity: i32, customers: i32, endDay: i32, scale: f64, out: usize, slots: usize, span: i32, hash: usize, hashBits: i32): void {
  const first = table;
  const last = first + <usize>tableCapacity * 4;
  const days = last + <usize>tableCapacity * 4;
  const repeat = repeatColumn(table, tableCapacity);
  const capacity = customers;
  const cx = out;
  const cmean = cx + <usize>capacity * 8;
  const rx = cmean + <usize>capacity * 8;
  const rtx = rx + <usize>capacity * 8;
  const rT = rtx + <usize>capacity * 8;
  const rw = rT + <usize>capacity * 8;
  const tValues = rw + <usize>capacity * 8;
  const txValues = tValues + <usize>capacity * 8;
  const crow = txValues + <usize>capacity * 8;
  const tIndex = crow + <usize>capacity * 4;
  const txIndex = tIndex + <usize>capacity * 4;
  const tSlot = slots;
  const txSlot = slots + (<usize>(span + 1) << 2);
  memory.fill(slots, 0xff, (<usize>(span + 1) << 3));
  const mask: u32 = (1 << hashBits) - 1;
  memory.fill(hash, 0, (<usize>1 << hashBits) * 4);
  let kept = 0;
  let nRows = 0;
  let nT = 0;
  let nTx = 0;
  let maxX = 0;
  let repeaters = 0;
  for (let k = 0; k < customers; k++) {
    const at = <usize>k << 2;
    const d = load<i32>(days + at);
    if (d == 0) continue;
    const x = d - 1;
    const f = load<i32>(first + at);
    const tDays = endDay - f;
    const txDays = load<i32>(last + at) - f;
    const o = <usize>kept;
    store<f64>(cx + (o << 3), <f64>x);
    store<f64>(cmean + (o << 3), x > 0 ? load<f64>(repeat + (<usize>k << 3)) / <f64>x : 0);
    if (x > 0) repeaters++;
    if (x > maxX) maxX = x;
    let ti = load<i32>(tSlot + (<usize>tDays << 2));
    if (ti < 0) {
      ti = nT++;
      store<i32>(tSlot + (<usize>tDays << 2), ti);
      store<f64>(tValues + (<usize>ti << 3), <f64>tDays * scale);
    }
    let txi = load<i32>(txSlot + (<usize>txDays << 2));
    if (txi < 0) {
      txi = nTx++;
      store<i32>(txSlot + (<usize>txDays << 2), txi);
      store<f64>(txValues + (<usize>txi << 3), <f64>txDays * scale);
    }
    // The row of (x, T, t_x): open addressing on the three numbers.
    let slot = ((<u32>x * 73856093) ^ (<u32>ti * 19349663) ^ (<u32>txi * 83492791)) & mask;
    let row = -1;
    for (;;) {
      const r = load<i32>(hash + (<usize>slot << 2)) - 1;
      if (r < 0) break;
      if (<i32>load<f64>(rx + (<usize>r << 3)) == x && load<i32>(tIndex + (<usize>r << 2)) == ti && load<i32>(txIndex + (<usize>r << 2)) == txi) {
        row = r;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (row < 0) {
      row = nRows++;
      store<i32>(hash + (<usize>slot << 2), row + 1);
      store<f64>(rx + (<usize>row << 3), <f64>x);
      store<i32>(tIndex + (<usize>row << 2), ti);
      store<i32>(txIndex + (<usize>row << 2), txi);
      store<f64>(rtx + (<usize>row << 3), <f64>txDays * scale);
      store<f64>(rT + (<usize>row << 3), <f64>tDays * scale);
      store<f64>(rw + (<usize>row << 3), 0);
    }
    store<f64>(rw + (<usize>row << 3), load<f64>(rw + (<usize>row << 3)) + 1);
    store<i32>(crow + (o << 2), row);
    kept++;
  }
  distinctRows = nRows;
  distinctT = nT;
  distinctTx = nTx;
  largestX = maxX;
  repeatBuyerCount = repeaters;
  keptCount = kept;
}
