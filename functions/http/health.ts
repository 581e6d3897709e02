import type { Handler } from './handler';

/** Liveness: answers who the function thinks called it, so a deploy can be smoke-tested end to end. */
export const handleHealth: Handler = (request) =>
  Promise.resolve({ status: 200, body: { ok: true, service: 'regulars', caller: request.caller.kind } });
