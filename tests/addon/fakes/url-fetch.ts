import type { FetchOptions, FetchResponse, UrlFetchPort } from '../../../addon/server/mail';

/** What the fake answers to one fetch: an HTTP status and body, or an exception as UrlFetchApp throws it. */
export type FetchOutcome = { status: number; body?: string } | { throws: string };

/** A fake of UrlFetchApp.fetch: records each request and answers from a script (then 200 with a Gmail id). */
export class FakeUrlFetch implements UrlFetchPort {
  readonly requests: { url: string; params: FetchOptions }[] = [];

  constructor(private readonly script: FetchOutcome[] = []) {}

  fetch(url: string, params: FetchOptions): FetchResponse {
    this.requests.push({ url, params });
    const outcome = this.script.shift() ?? { status: 200, body: JSON.stringify({ id: `gm${this.requests.length}`, threadId: 't1', labelIds: ['SENT'] }) };
    if ('throws' in outcome) throw new Error(outcome.throws);
    return { getResponseCode: () => outcome.status, getContentText: () => outcome.body ?? '' };
  }
}
