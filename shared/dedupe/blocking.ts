// Candidate pairs from several blocking keys, so one bad field never hides a true pair; oversized blocks are skipped.
import type { Prepared } from './fields';
import { soundex } from './text';

/** Candidate pairs as two parallel index arrays (i < j), plus how many blocks were too large to expand. */
export interface Candidates {
  left: Int32Array;
  right: Int32Array;
  count: number;
  oversizedBlocks: number;
}

/** The blocking keys of one record: each a short string tagged by the rule that made it. */
export function blockingKeys(p: Prepared, i: number): string[] {
  const keys: string[] = [];
  const f = p.first[i] as string;
  const l = p.last[i] as string;
  // The canonical given name (Tom → thomas) so nicknames meet their full names.
  const sf = f === '' ? '' : soundex(p.firstCanon[i] as string);
  const sl = l === '' ? '' : soundex(l.replace(/ /g, ''));
  const dob = p.dob[i];
  const pc = p.postcode[i] as string;
  // Name codes are sorted so that given name and surname written the other way round still meet.
  if (sf !== '' && sl !== '') keys.push(`n${sf < sl ? sf + sl : sl + sf}`);
  if (f !== '' && l !== '') {
    const a = f.slice(0, 2);
    const b = l.slice(0, 2);
    keys.push(`i${a < b ? a + b : b + a}${dob ? dob.y : ''}`);
  }
  if (dob) {
    keys.push(`d${dob.ymd}`);
    if (sl !== '') keys.push(`y${sl}${dob.y}${f.slice(0, 1)}`);
    if (sf !== '') keys.push(`m${sf}${dob.m}${dob.d}`);
  }
  if (pc !== '') {
    // Within a postcode, surname code plus given initial and the other way round: households stay apart.
    if (sl !== '') keys.push(`p${pc}${sl}${f.slice(0, 1)}`);
    if (sf !== '') keys.push(`q${pc}${sf}${l.slice(0, 1)}`);
  }
  for (const e of p.email[i] as string[]) {
    keys.push(`e${e.slice(0, e.indexOf('@'))}`);
    // The domain alone: a firm's or family's own domain is telling; gmail.com's block is far over the cap and dropped.
    keys.push(`h${e.slice(e.indexOf('@') + 1)}`);
  }
  // The last seven digits, so a local number meets the full one (and the full numbers meet each other).
  for (const ph of p.phone[i] as string[]) keys.push(`t${ph.slice(-7)}`);
  const st = p.street[i] as string;
  if (st !== '') {
    keys.push(`s${st.slice(0, 10)}${sl !== '' ? sl : sf}`);
    // Address alone (street start with postcode or town) finds records whose names were both mangled.
    const town = (p.city[i] as string).slice(0, 4);
    if (pc !== '') keys.push(`r${st.slice(0, 5)}${pc}`);
    if (town !== '') keys.push(`c${st.slice(0, 5)}${town}`);
  }
  const co = p.company[i] as string;
  if (co !== '') {
    // Each word of a company name: the sites of one firm share its distinctive words in any order (a word
    // everyone has, "center", makes a block too large to expand, which is then windowed or skipped).
    for (const w of co.split(' ')) if (w.length >= 3) keys.push(`k${w}`);
    if (st !== '') keys.push(`a${st}`);
  }
  const fn = p.fullName[i] as string;
  if (fn !== '') {
    const ws = fn.split(' ').sort();
    keys.push(`f${ws[0] ?? ''} ${ws[1] ?? ''}`);
    if (dob) keys.push(`g${soundex(ws[0] ?? '')}${dob.y}`);
  }
  if (keys.length === 0) {
    // No person fields: fall back on the words of the generic columns.
    for (const g of p.generic) {
      const v = g.values[i] as string;
      if (v !== '') keys.push(`x${g.name}\u0000${v.slice(0, 12)}`);
    }
  }
  return keys;
}

/**
 * A 53-bit hash of a key (two 32-bit multiplicative hashes): the block's number. Blocks are held by number so the
 * million key strings of a large file die young instead of living in the map (a chance collision only merges two
 * blocks); the SQL blocking reads the same numbers, so it makes the same blocks.
 */
export function blockHash(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x1b873593;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0) * 2097152 + (h2 >>> 11);
}

/** An empty slot of BlockTable; other values are a record index (≥ 0) or -2 - the index of a list of records. */
const EMPTY = -1;

/** A growable open-addressing hash table from a 53-bit key hash to an int32 block value (linear probing). */
class BlockTable {
  keys: Float64Array;
  value: Int32Array;
  private size = 0;
  constructor(expected: number) {
    let cap = 1024;
    while (cap < expected * 1.5) cap *= 2;
    this.keys = new Float64Array(cap);
    this.value = new Int32Array(cap).fill(EMPTY);
  }

  /** The slot holding `key`, claimed (value EMPTY) if the key is new. */
  slot(key: number): number {
    if (this.size * 2 >= this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    // The low bits of the hash are h2's well-mixed bits.
    let s = key % (mask + 1);
    while (this.value[s] !== EMPTY) {
      if (this.keys[s] === key) return s;
      s = (s + 1) & mask;
    }
    this.keys[s] = key;
    this.size++;
    return s;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValue = this.value;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.value = new Int32Array(oldKeys.length * 2).fill(EMPTY);
    const mask = this.keys.length - 1;
    for (let s = 0; s < oldKeys.length; s++) {
      if (oldValue[s] === EMPTY) continue;
      let t = oldKeys[s]! % (mask + 1);
      while (this.value[t] !== EMPTY) t = (t + 1) & mask;
      this.keys[t] = oldKeys[s]!;
      this.value[t] = oldValue[s]!;
    }
  }
}

/** Blocks up to this size are expanded into all their pairs; larger ones are windowed (see candidatePairs). */
export const FULL_BLOCK = 6;
/** Neighbours each record is paired with inside a large block, in name order. */
export const WINDOW = 3;

/** The order a large block is windowed in: surname, given name, date of birth, company, street (ties by record). */
export function blockSortKey(p: Prepared, i: number): string {
  return `${p.last[i] as string} ${p.first[i] as string} ${p.dob[i]?.ymd ?? ''} ${p.company[i] as string} ${p.street[i] as string}`;
}

/**
 * Candidate pairs from the blocking keys. Small blocks give all their pairs; a block larger than FULL_BLOCK (a
 * common surname in one postcode) is sorted by name and date of birth and each record is paired with its next
 * WINDOW neighbours (sorted neighbourhood), so cost stays linear however common a value is; blocks larger than
 * `maxBlock` say nothing (everyone shares them) and are skipped. Cross-source pairs only when linking.
 */
export function candidatePairs(p: Prepared, maxBlock: number, link: boolean): Candidates {
  // Most keys are held by one record only, so a block starts as that record's index and becomes a list
  // only when a second record shares the key (saves a million small arrays on a large file). The key → block
  // table is open addressing over typed arrays: no boxed 53-bit keys or map entries for the GC to trace.
  const table = new BlockTable(p.n * 8);
  const lists: number[][] = [];
  for (let i = 0; i < p.n; i++) {
    for (const text of blockingKeys(p, i)) {
      const slot = table.slot(blockHash(text));
      const block = table.value[slot]!;
      if (block === EMPTY) table.value[slot] = i;
      else if (block >= 0) {
        if (block === i) continue;
        table.value[slot] = -2 - lists.length;
        lists.push([block, i]);
      } else {
        const list = lists[-2 - block] as number[];
        if (list[list.length - 1] !== i) list.push(i);
      }
    }
  }
  let sortKey: string[] | undefined;
  let cap = 1 << 16;
  let keys = new Float64Array(cap);
  let count = 0;
  const n = p.n;
  const add = (a: number, b: number): void => {
    if (link && p.source[a] === p.source[b]) return;
    if (count === cap) {
      cap *= 2;
      const k2 = new Float64Array(cap);
      k2.set(keys);
      keys = k2;
    }
    keys[count++] = a < b ? a * n + b : b * n + a;
  };
  let oversizedBlocks = 0;
  for (const list of lists) {
    const size = list.length;
    if (size < 2) continue;
    if (size > maxBlock) {
      oversizedBlocks++;
      continue;
    }
    if (size <= FULL_BLOCK) {
      for (let x = 0; x < size; x++) for (let y = x + 1; y < size; y++) add(list[x] as number, list[y] as number);
      continue;
    }
    sortKey ??= Array.from({ length: n }, (_, i) => blockSortKey(p, i));
    const sk = sortKey;
    const sorted = [...list].sort((a, b) => (sk[a]! < sk[b]! ? -1 : sk[a]! > sk[b]! ? 1 : a - b));
    for (let x = 0; x < size; x++) for (let y = x + 1; y <= x + WINDOW && y < size; y++) add(sorted[x] as number, sorted[y] as number);
  }
  const all = keys.subarray(0, count).sort();
  const left = new Int32Array(count);
  const right = new Int32Array(count);
  let unique = 0;
  let prev = -1;
  for (let k = 0; k < count; k++) {
    const key = all[k]!;
    if (key === prev) continue;
    prev = key;
    const i = Math.floor(key / n);
    left[unique] = i;
    right[unique] = key - i * n;
    unique++;
  }
  return { left: left.subarray(0, unique), right: right.subarray(0, unique), count: unique, oversizedBlocks };
}
