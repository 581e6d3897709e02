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
  const sf = f === '' ? '' : soundex(f.split(' ')[0] as string);
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
    if (sl !== '') keys.push(`y${sl}${dob.y}`);
    if (sf !== '') keys.push(`m${sf}${dob.m}${dob.d}`);
  }
  if (pc !== '') {
    if (sl !== '') keys.push(`p${pc}${sl}`);
    if (sf !== '') keys.push(`q${pc}${sf}`);
  }
  for (const e of p.email[i] as string[]) keys.push(`e${e.slice(0, e.indexOf('@'))}`);
  for (const ph of p.phone[i] as string[]) keys.push(`t${ph}`);
  const st = p.street[i] as string;
  if (st !== '') keys.push(`s${st.slice(0, 10)}${sl !== '' ? sl : sf}`);
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

/** Every pair of records that shares a key in a block no larger than `maxBlock` (cross-source pairs only when linking). */
export function candidatePairs(p: Prepared, maxBlock: number, link: boolean): Candidates {
  const blocks = new Map<string, number[]>();
  const lists: number[][] = [];
  for (let i = 0; i < p.n; i++) {
    for (const key of blockingKeys(p, i)) {
      let list = blocks.get(key);
      if (list === undefined) {
        list = [];
        blocks.set(key, list);
        lists.push(list);
      }
      if (list[list.length - 1] !== i) list.push(i);
    }
  }
  // Map each record to the block lists it belongs to (by list object, not by re-hashing the keys).
  const memberOf: number[][] = Array.from({ length: p.n }, () => []);
  let oversizedBlocks = 0;
  for (let b = 0; b < lists.length; b++) {
    const list = lists[b] as number[];
    if (list.length < 2) continue;
    if (list.length > maxBlock) {
      oversizedBlocks++;
      continue;
    }
    for (const i of list) (memberOf[i] as number[]).push(b);
  }
  let cap = 1 << 16;
  let left = new Int32Array(cap);
  let right = new Int32Array(cap);
  let count = 0;
  const mark = new Int32Array(p.n).fill(-1);
  for (let i = 0; i < p.n; i++) {
    const si = p.source[i];
    for (const b of memberOf[i] as number[]) {
      const list = lists[b] as number[];
      for (let k = list.length - 1; k >= 0; k--) {
        const j = list[k] as number;
        if (j <= i) break;
        if (mark[j] === i || (link && p.source[j] === si)) continue;
        mark[j] = i;
        if (count === cap) {
          cap *= 2;
          const l2 = new Int32Array(cap);
          l2.set(left);
          left = l2;
          const r2 = new Int32Array(cap);
          r2.set(right);
          right = r2;
        }
        left[count] = i;
        right[count] = j;
        count++;
      }
    }
  }
  return { left, right, count, oversizedBlocks };
}
