import type { ServerApi } from './index';
import { createCustomerApi, type ServerDeps } from './server-api';

/** The whole ServerApi over one host's dependencies: each capability contributes its methods. */
export function createServerApi(deps: ServerDeps): ServerApi {
  return {
    ...createCustomerApi(deps),
  };
}
