import type { ServerApi } from './contract';
import type { ServerDeps } from './deps';
import { createCustomerApi } from './server-api';
import { createMessagesApi } from './messages';
import { createDuplicatesApi, type DedupeEngine } from './duplicates';
import { findClusters } from '../dedupe';
import { createAnalyticsApi } from './analytics';
import { createStartHereApi } from './start-here';
import { createTasksApi } from './tasks';
import { createCustomerActionsApi } from './customer-actions';
import { withIdsForTypedRows } from './customer-ids';
import { createImportApi, type ImportHost } from './import';
import { textDecoder } from '../import';
import { createSegmentsApi } from './segments';
import { createSegmentOutputsApi } from './segment-outputs';
import { createSegmentDashboardApi } from './segment-dashboard';
import { createLoyaltyApi } from './loyalty';
import { createLoyaltyAdminApi } from './loyalty-admin';
import { createCampaignResultsApi } from './campaign-results';
import { createSatisfactionApi } from './satisfaction';

/** The whole ServerApi over one host's dependencies, with every engine (Node hosts: the workbench, tests; `host` adds an .xlsx reader). */
export function createServerApi(deps: ServerDeps, host: Partial<ImportHost> = {}): ServerApi {
  return createHostApi(deps, { dedupe: findClusters, import: { decode: textDecoder, duplicatesUpTo: 20_000, ...host } });
}

/** Engines a host may leave out of its bundle; the capabilities that need them then call the functions. */
export interface HostEngines {
  dedupe?: DedupeEngine;
  /** The import's text decoder (and .xlsx reader); absent, import calls are refused. */
  import?: ImportHost;
}

/**
 * The whole ServerApi over one host's dependencies and the engines it carries: each capability contributes its
 * methods. A host without the dedupe engine finds duplicates through the `dedupe` function only; the add-on
 * carries it (with a small phone stand-in) for sheets up to the local limit and calls the function above it.
 */
export function createHostApi(deps: ServerDeps, host: HostEngines): ServerApi {
  // Rows typed by hand get ids on the first read of their tab, whichever capability reads it.
  return withIdsForTypedRows(deps, (deps) => ({
    ...createCustomerApi(deps),
    ...createCustomerActionsApi(deps),
    ...createMessagesApi(deps),
    ...createDuplicatesApi(deps, host.dedupe ? { engine: host.dedupe } : {}),
    ...createAnalyticsApi(deps),
    ...createLoyaltyApi(deps),
    ...createLoyaltyAdminApi(deps),
    ...createStartHereApi(deps),
    ...createTasksApi(deps),
    ...createImportApi(deps, host.import ?? { decode: noDecoder }),
    ...createSegmentsApi(deps),
    ...createSegmentOutputsApi(deps),
    ...createSegmentDashboardApi(deps),
    ...createCampaignResultsApi(deps),
    ...createSatisfactionApi(deps),
  }));
}

/** A host without a decoder cannot read uploaded files; the sidebar shows why. */
function noDecoder(): string {
  throw new Error('this host cannot read uploaded files');
}
