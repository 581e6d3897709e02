import type { Result } from '../kernel';
import type { ApiIssue } from '../customers';

/**
 * Every answer across google.script.run: a value, or problems as data (never a thrown message); `notes` say what
 * the call did besides its answer (say, ids it gave to rows typed by hand). The kernel's Result with the card's issues.
 */
export type ApiResult<T> = Result<T, ApiIssue>;

/** A method that takes no arguments still takes one object, so every call has the same shape. */
export type NoInput = Record<string, never>;
