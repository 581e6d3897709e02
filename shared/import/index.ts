// Public face of the import engine. Pure: bytes and tables in, a plan out; writes only through the Workbook port.
//
// The flow (the CLI and the Import sidebar both follow it):
//   1. read   — the edge turns a file into a SourceTable: decodeText + sniffDelimiter + a CSV parser, parseVcards,
//               or an .xlsx sheet as rows of text;
//   2. plan   — planImport(wb, tables, options) maps columns (presets, overrides), reads every row, matches the
//               customers that existed before and lists issues and probable duplicates; it writes nothing;
//   3. preview— each FilePlan holds the mapping with sample values, the date order per column and the issues;
//   4. apply  — applyImport(wb, plan, {importId, at, by}) writes it, with one Import log entry;
//   5. undo   — undoImport(wb, importId, {at}) puts every cell back.
// Purchases follow the same steps with planPurchaseImport / applyPurchaseImport.
//
// Decisions a caller should know:
//   - a repeated group ("E-mail 1 - Value", "E-mail 2 - Value", several phones): the first readable value is the
//     field, the others are kept in notes ("Other e-mail: …", "Other phone: …"); an unreadable e-mail or date is
//     kept in notes with an issue, an unreadable phone is kept as written with an issue — nothing is dropped;
//   - columns no target takes are not imported; the preview lists them (map them with an override);
//   - matching: e-mail, then phone (E.164), or an external id column kept in a Customers column of that name;
//     only customers that existed before the import are matched; a second row with the same key is created
//     and listed (reason same_key); updates fill empty fields, join tags and add notes; with `overwrite` they
//     replace values; a consent withdrawal is always applied, a consent given never overrides an opt-out
//     unless `overwrite`;
//   - undo removes created rows and puts overwritten cells back (typed where the adapter can); the id counters
//     in Settings stay, so an id is never issued twice.
//   - purchases: consecutive rows with the same order id are one purchase (the first non-blank total; line
//     item names joined), negative amounts are kept (refunds, returns), declined/failed/voided rows are
//     skipped, customers are matched by our id, e-mail, phone, then a unique exact name, and created when
//     missing (rows of one import naming the same new customer share it); a purchase already in the workbook
//     (same customer, date, amount, description) is skipped.

/** The source table every reader produces, and the issue shape of every report. */
export type { DateOrder, ImportIssue, SourceFormat, SourceTable } from './types';
/** Encoding detection and decoding (the decoder is injectable for Apps Script). */
export { decodeText, decodeUtf8, decodeWindows1252, detectEncoding, isUtf8, textDecoder, type BytesDecoder, type TextEncodingName } from './decode';
/** Which of , ; TAB | a CSV uses. */
export { sniffDelimiter, DELIMITERS, type Delimiter } from './delimiter';
/** vCard 2.1/3.0/4.0 → a SourceTable. */
export { parseVcards, vcardBirthday, decodeQuotedPrintable } from './vcard';
/** The tool that wrote a file, from its header. */
export { detectPreset, type Preset, type PresetName } from './presets';
/** Import targets and the header aliases behind them. */
export { CUSTOMER_TARGETS, CUSTOMER_ALIASES, type CustomerTarget } from './fields';
/** Header → target mapping with overrides. */
export { mapColumns, unmappedColumns, type ColumnMapping, type MappingProblem } from './mapping';
/** Value readers shared with the sidebar's preview. */
export { splitName } from './names';
export { readDate, detectDateOrder, dependsOnOrder, countryDateOrder } from './dates';
export { readConsent, readTags, splitAddress, readPhone, readEmail, type PhoneNormaliser } from './values';
/** Step 2: the plan of a customer import. */
export { planImport, type ImportOptions, type ImportPlan, type FilePlan, type MappedColumn, type PlannedCreate, type PlannedUpdate, type PlannedConsent } from './plan';
export type { DateColumnOrder, Candidate } from './rows';
export type { PossibleDuplicate, DuplicateMember } from './duplicates';
/** Step 4: carrying a plan out (and what a dry run reports). */
export { applyImport, dryRunResult, type ApplyContext, type ImportResult, type FileResult, type DuplicateGroup } from './apply';
/** Step 5: undo. */
export { undoImport, type UndoResult, type UndoFault } from './undo';
/** Purchases: plan (orders folded, customers matched or created), dry run and apply. */
export { planPurchaseImport, applyPurchaseImport, purchaseDryRun, PURCHASE_TARGETS, PURCHASE_ALIASES, type PurchasePlan, type PlannedPurchase } from './purchases';
/** A file's bytes as they arrive from a sidebar or the CLI: base64 text, a zip (.xlsx) or text in any encoding. */
export { base64Bytes } from './base64';
export { baseName, isZip, readTextSource, type SourceFault, type XlsxReader } from './source';
/** An import applied in chunks that resume where they stopped (Apps Script's six minutes); the Import log is the checkpoint. */
export { importEntries, beforeImportView, runImportChunk, IMPORT_CHUNK, type ChunkJob, type ChunkProgress, type ImportKind } from './chunked';
