/** One problem with an input: where it is (a path mirroring the input, [] for the whole), why in words, and a code. */
export interface Issue<Code extends string = string> {
  /** Mirrors the input: ['changes', 'email'], ['Settings', 'time_zone']; [] for the whole request. */
  path: string[];
  /** A sentence fit to show next to the field; never echoes a token, an address or a name. */
  message: string;
  /** The closed reason a caller may branch on; the message is rendered from it. */
  code?: Code;
}

/** Every answer of the core: a value (with notes the owner should read), or the problems that stopped it. */
export type Result<T, I extends Issue = Issue> = { ok: true; value: T; notes?: string[] } | { ok: false; issues: I[] };

/** A successful answer, with notes only when there are some. */
export function ok<T>(value: T, notes?: readonly string[]): { ok: true; value: T; notes?: string[] } {
  return notes && notes.length > 0 ? { ok: true, value, notes: [...notes] } : { ok: true, value };
}

/** A refusal with its problems. */
export function fail<I extends Issue>(issues: readonly I[]): { ok: false; issues: I[] } {
  return { ok: false, issues: [...issues] };
}

/** An issue whose code is always set: what a sidebar branches on. */
export type CodedIssue<Code extends string> = Issue<Code> & { code: Code };

/** A refusal with one `invalid_input` problem at `path`. */
export function refuse(path: readonly string[], message: string): { ok: false; issues: CodedIssue<'invalid_input'>[] } {
  return { ok: false, issues: [{ path: [...path], code: 'invalid_input', message }] };
}
