/** Who called an HTTP function, as proven by its credentials (see auth.ts). */
export interface Caller {
  kind: 'addon' | 'scheduler' | 'public';
  /** The verified e-mail of an add-on user or the Scheduler's service account. */
  email?: string;
}

/** A request as a handler sees it: the JSON body (read and inflated by serve() after the caller was verified), query and verified caller. */
export interface HandlerRequest {
  body: unknown;
  query: Readonly<Record<string, string>>;
  caller: Caller;
  /** Milliseconds the handler may still use before it must stop cleanly. */
  deadlineMs: number;
}

/** What a handler answers; bad input is a 400 whose body says what is wrong (`{ error, issues }`). */
export interface HandlerResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** An HTTP function's logic, free of Express so tests call it directly and index.ts wires it up. */
export type Handler = (request: HandlerRequest) => Promise<HandlerResponse>;
