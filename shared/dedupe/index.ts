// Public face of the dedupe engine. Pure: no I/O, no clock; runs in Node, the browser and Apps Script.
//
// Contract kept stable for the workbook merge code and the HTTP function:
//   dedupe(records, options) → { clusters: Cluster[], proposals: MergeProposal[], stats }
//   - every record is in exactly one Cluster (singletons included), clusters numbered '1', '2', … in input order;
//     Cluster.memberIndexes gives the members' positions in the input array (ids may repeat across linked lists);
//   - one MergeProposal per cluster of two or more: { clusterId, survivorId, memberIds, score,
//     fields: Record<string,string> (chosen value per role / extra column), alternatives: Record<string,string[]>
//     (the other distinct values, so no e-mail or phone is lost) } (skipped with options.proposals = false);
//   - related: SiteRelation[]: clusters kept apart that are the same company at another site (branches).
// Model: Fellegi-Sunter with three latent classes (same person / related household / random) learnt by EM,
// u from random pairs, term-frequency adjustment, multi-key blocking with sorted-neighbourhood windows in large
// blocks, and clustering that joins groups only when they cohere (options.threshold, options.cohesion).
// Business records: company names compared as word sets (legal forms dropped, abbreviations written out, rare
// words weighing more), addresses taken apart (number, unit, directional, name), local numbers agreeing with full
// ones, website and own e-mail domains; two company records at different house numbers are two sites (a
// conflict), reported in `related` rather than merged. In a list of companies alone, EM's related class is the
// branch (same firm, another site) as it is the household for people.
export type { Cluster, DedupeOptions, DedupeRecord, DedupeResult, DedupeStats, FieldRole, MergeProposal, Role, SiteRelation } from './types';
export { ROLES } from './types';
export { dedupe } from './engine';
export { findClusters, memberScoresById, type Assignment, type FindOptions, type Found } from './find';
export type { PhoneNormaliser } from './phone';
export { e164Phone, phoneCountry } from './phone';
export { parseDate } from './dates';
export type { NormalDate } from './dates';
export { normaliseEmail, normaliseName, normalisePostcode, normaliseStreet, normaliseText, splitFullName, canonicalFirst } from './normalise';
export { jaroWinkler, editDistance } from './similarity';
export { soundex } from './text';
export { headerKey, isTruthHeader, mapColumns, roleOfHeader } from './roles';
export { companyTokens, normaliseCompany, wordWeights } from './company';
export { parseStreet } from './address';
export type { StreetAddress } from './address';
export { websiteDomain, isFreeMail } from './domain';
export type { ColumnMap } from './roles';
export { blockHash, blockingKeys, blockSortKey, candidatePairs, FULL_BLOCK, WINDOW, type Candidates } from './blocking';
export { prepare, type Prepared } from './fields';
export { sharedAcrossSites, sharedValues } from './fields';
export { isLocalNumber } from './phone-local';
export type { Field } from './compared-field';
export { estimateU, fitModel, fitModelOnPatterns, patternCounts, patternStep, probability, Scorer, PATTERN_SAMPLE, type Model, type PatternCounts } from './model';
export { assignClusters, type Assigned, type AssignOptions, type Edges } from './assign-clusters';
export type { PairOracle } from './cluster';
export { dedupeStats } from './stats';
