import type { ServerApi } from '../../../shared/api';

/** The part of google.script.run a sidebar uses: handlers, then the server function by name. */
export interface ScriptRun {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRun;
  withFailureHandler(handler: (error: unknown) => void): ScriptRun;
  [method: string]: unknown;
}

/** ServerApi as a sidebar sees it: the same methods, answered asynchronously. */
export type ClientApi = { [K in keyof ServerApi]: (input: Parameters<ServerApi[K]>[0]) => Promise<ReturnType<ServerApi[K]>> };

/** A failure of the call itself (the server threw, or the connection broke), as opposed to an answer with issues. */
export class ServerCallError extends Error {
  override readonly name = 'ServerCallError';
}

declare const google: { script: { run: ScriptRun } } | undefined;

function defaultRun(): ScriptRun {
  if (typeof google === 'undefined') throw new ServerCallError('google.script.run is not available here');
  return google.script.run;
}

/**
 * A typed client over google.script.run: each method returns a promise of the server's ApiResult and
 * rejects only when the call itself fails. Built on a Proxy so the sidebar bundle carries no method list.
 */
export function createClient(run: () => ScriptRun = defaultRun): ClientApi {
  return new Proxy({} as ClientApi, {
    get(_target, method) {
      // 'then' must stay undefined, or awaiting the client would call the server.
      if (typeof method !== 'string' || method === 'then') return undefined;
      return (input: unknown) =>
        new Promise((resolve, reject) => {
          const runner = run()
            .withSuccessHandler(resolve)
            .withFailureHandler((error: unknown) => reject(new ServerCallError(error instanceof Error ? error.message : String(error))));
          const fn = runner[method];
          if (typeof fn !== 'function') {
            reject(new ServerCallError(`no server function ${method}`));
            return;
          }
          (fn as (arg: unknown) => void).call(runner, input);
        });
    },
  });
}
