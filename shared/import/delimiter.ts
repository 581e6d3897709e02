// Which of , ; TAB | separates the fields: the one that splits the first lines into the same number of fields.

/** The delimiters an export may use. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Counts of each delimiter outside quotes on each of the first `maxLines` records. */
function countPerLine(text: string, maxLines: number): Map<Delimiter, number[]> {
  const counts = new Map<Delimiter, number[]>(DELIMITERS.map((d) => [d, [0]]));
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < maxLines; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      lines++;
      for (const list of counts.values()) list.push(0);
    } else if (!quoted && (DELIMITERS as readonly string[]).includes(ch)) {
      const list = counts.get(ch as Delimiter)!;
      list[list.length - 1]!++;
    }
  }
  return counts;
}

/**
 * The delimiter of a CSV text: the candidate that appears on the header line and the same number of times on
 * most following lines (quoted fields ignored); ',' when nothing tells.
 */
export function sniffDelimiter(text: string): Delimiter {
  const counts = countPerLine(text, 50);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const [d, perLine] of counts) {
    const lines = perLine.filter((_, i) => i === 0 || perLine[i] !== 0 || i < perLine.length - 1);
    const head = lines[0] ?? 0;
    if (head === 0) continue;
    const consistent = lines.filter((n) => n === head).length;
    const score = consistent * 1000 + head;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}
