import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/** One file of a zip archive as stored: its compressed bytes are kept so an unchanged part is copied as it is. */
export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  size: number;
  /** The stored (compressed) bytes, a view into the archive read. */
  data: Uint8Array;
  flags: number;
  time: number;
  date: number;
}

/** A part to write: an entry copied from an archive, or new content (deflated on write). */
export type ZipPart = ZipEntry | { name: string; content: Uint8Array | string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Thrown for a file that is not a zip this reader understands (the message says why). */
export class ZipError extends Error {
  override readonly name = 'ZipError';
}

/** Lists the entries of a zip archive from its central directory; their data are views into `buf` (nothing is inflated). */
export function readZip(buf: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipError('not a zip archive (no end of central directory)');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) throw new ZipError('zip64 archives are not supported');
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (view.getUint32(at, true) !== CENTRAL) throw new ZipError('damaged central directory');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const time = view.getUint16(at + 12, true);
    const date = view.getUint16(at + 14, true);
    const crc = view.getUint32(at + 16, true);
    const csize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLen = view.getUint16(at + 28, true);
    const extraLen = view.getUint16(at + 30, true);
    const commentLen = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = decoder.decode(buf.subarray(at + 46, at + 46 + nameLen));
    if (view.getUint32(local, true) !== LOCAL) throw new ZipError(`damaged entry ${name}`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    entries.set(name, { name, method, crc, size, data: buf.subarray(start, start + csize), flags: flags & 0x800, time, date });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The entry's content, inflated. */
export function entryBytes(entry: ZipEntry): Uint8Array {
  if (entry.method === 0) return entry.data;
  if (entry.method === 8) return inflateRawSync(entry.data);
  throw new ZipError(`${entry.name} uses compression method ${entry.method}`);
}

/** The entry's content as UTF-8 text. */
export function entryText(entry: ZipEntry): string {
  return Buffer.from(entryBytes(entry)).toString('utf8');
}

function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((Math.max(1980, d.getFullYear()) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/**
 * Stores new content deflated, with its checksum. Large parts (a 20,000-row sheet is 30 MB of XML) use the
 * fastest level: four times quicker than the default for about a third more bytes, which a save is waited for.
 */
export function packEntry(name: string, content: Uint8Array | string, when = new Date()): ZipEntry {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const { time, date } = dosTime(when);
  const level = bytes.length > 256 * 1024 ? 1 : 6;
  return { name, method: 8, crc: crc32(bytes), size: bytes.length, data: deflateRawSync(bytes, { level }), flags: 0x800, time, date };
}

/** Writes an archive of these parts in order: copied entries keep their stored bytes, new content is deflated. */
export function writeZip(parts: readonly ZipPart[]): Buffer {
  const entries = parts.map((p) => ('content' in p ? packEntry(p.name, p.content) : p));
  if (entries.length >= 0xffff) throw new ZipError('too many parts for a zip without zip64');
  const names = entries.map((e) => Buffer.from(e.name, 'utf8'));
  let localSize = 0;
  entries.forEach((e, i) => (localSize += 30 + names[i]!.length + e.data.length));
  let centralSize = 0;
  names.forEach((n) => (centralSize += 46 + n.length));
  if (localSize + centralSize > 0xfffffffe) throw new ZipError('the workbook is too large for a zip without zip64');
  const out = Buffer.alloc(localSize + centralSize + 22);
  let at = 0;
  const offsets: number[] = [];
  entries.forEach((e, i) => {
    const name = names[i]!;
    offsets.push(at);
    out.writeUInt32LE(LOCAL, at);
    out.writeUInt16LE(20, at + 4);
    out.writeUInt16LE(e.flags, at + 6);
    out.writeUInt16LE(e.method, at + 8);
    out.writeUInt16LE(e.time, at + 10);
    out.writeUInt16LE(e.date, at + 12);
    out.writeUInt32LE(e.crc >>> 0, at + 14);
    out.writeUInt32LE(e.data.length, at + 18);
    out.writeUInt32LE(e.size, at + 22);
    out.writeUInt16LE(name.length, at + 26);
    out.writeUInt16LE(0, at + 28);
    name.copy(out, at + 30);
    out.set(e.data, at + 30 + name.length);
    at += 30 + name.length + e.data.length;
  });
  const central = at;
  entries.forEach((e, i) => {
    const name = names[i]!;
    out.writeUInt32LE(CENTRAL, at);
    out.writeUInt16LE(20, at + 4);
    out.writeUInt16LE(20, at + 6);
    out.writeUInt16LE(e.flags, at + 8);
    out.writeUInt16LE(e.method, at + 10);
    out.writeUInt16LE(e.time, at + 12);
    out.writeUInt16LE(e.date, at + 14);
    out.writeUInt32LE(e.crc >>> 0, at + 16);
    out.writeUInt32LE(e.data.length, at + 20);
    out.writeUInt32LE(e.size, at + 24);
    out.writeUInt16LE(name.length, at + 28);
    // extra, comment, disk, internal and external attributes: all zero (Buffer.alloc)
    out.writeUInt32LE(offsets[i]!, at + 42);
    name.copy(out, at + 46);
    at += 46 + name.length;
  });
  out.writeUInt32LE(EOCD, at);
  out.writeUInt16LE(entries.length, at + 8);
  out.writeUInt16LE(entries.length, at + 10);
  out.writeUInt32LE(at - central, at + 12);
  out.writeUInt32LE(central, at + 16);
  return out;
}

/** One compressed piece of a large part, kept so an unchanged piece is not compressed again on the next save. */
export interface DeflatedChunk {
  text: string;
  bytes: Buffer;
  data: Buffer;
  final: boolean;
}

/**
 * Stores a large part as a deflate stream made of independently compressed pieces (each flushed to a byte
 * boundary, only the last one final — a valid stream any unzip reads), reusing the compressed bytes of every
 * piece whose text is the same as at the last save: a one-row change recompresses one piece, not 30 MB.
 * `cache` (piece key → last piece) is updated in place.
 */
export function packChunked(name: string, chunks: readonly { key: number; text: string }[], cache: Map<number, DeflatedChunk>, when = new Date()): ZipEntry {
  const { time, date } = dosTime(when);
  const datas: Buffer[] = [];
  let crc = 0;
  let size = 0;
  const seen = new Set<number>();
  chunks.forEach((chunk, i) => {
    const final = i === chunks.length - 1;
    let piece = cache.get(chunk.key);
    if (!piece || piece.final !== final || piece.text !== chunk.text) {
      const bytes = Buffer.from(chunk.text, 'utf8');
      const data = deflateRawSync(bytes, { level: 1, finishFlush: final ? constants.Z_FINISH : constants.Z_FULL_FLUSH });
      piece = { text: chunk.text, bytes, data, final };
      cache.set(chunk.key, piece);
    }
    seen.add(chunk.key);
    crc = crc32(piece.bytes, crc);
    size += piece.bytes.length;
    datas.push(piece.data);
  });
  for (const key of [...cache.keys()]) if (!seen.has(key)) cache.delete(key);
  return { name, method: 8, crc, size, data: Buffer.concat(datas), flags: 0x800, time, date };
}
