/**
 * @warden/store: the SQLite record store of Warden. App definitions (validated and migrated),
 * records of entities (validated, coerced, labelled, versioned), queries, transactions,
 * interceptors and record locks.
 */

/** Access scopes: which records and fields of each entity a user's reads see (in the SQL). */
export {
  type AccessRules,
  accessConditionProblem,
  type EntityAccess,
} from './access-scope.js';
/** Account options of the `users` section (identifiers, email verification, default group). */
export type { AccountOptions, UserIdentifier } from './account-options.js';
/** The normalized app definition and its parts. */
export type {
  AppDefinition,
  EndpointDef,
  EntityDef,
  FieldDef,
  GroupDef,
  IdentityProviderDef,
  MailDef,
  MailTemplateDef,
  PasswordPolicy,
} from './app-definition.js';
/** Loads and validates an app definition (a JSON file path or a plain object), reporting every problem. */
export { loadAppDefinition } from './app-definition-load.js';
/** The audit log (record history, user events), its query and retention. */
export { type AuditTrail, createAuditTrail } from './audit-history.js';
export type {
  AuditActor,
  AuditEntry,
  AuditLog,
  AuditPage,
  AuditQuery,
  FieldChange,
} from './audit-log.js';
/** A lazily paged cursor over query results. */
export type { Cursor } from './cursor.js';
/** The layout version of the store's tables; a database with a newer one is refused. */
export { STORE_SCHEMA_VERSION } from './database-check.js';
/** The key emails are compared by (NFC, Unicode lower case), and the form they are stored in. */
export { emailKey, storedEmail } from './email-form.js';
/** Import and export of records as CSV or JSON Lines, streaming, with per-row errors by line. */
export { exportColumns, exportRows } from './export-rows.js';
export {
  createRowImporter,
  type ImportFormat,
  type ImportMode,
  type ImportReport,
  type ImportRowError,
  type RowImporter,
  type RowImporterOptions,
} from './import-rows.js';
export {
  checkFormat,
  feed,
  type ReadOptions,
  type ReadRow,
  readRows,
  readRowsSync,
} from './import-stream.js';
/** `name:line:column` of a JSON.parse failure, for messages about a JSON file (app definition, CLI input). */
export { jsonErrorLocation } from './json-location.js';
/** Interceptors and their events. */
export type { RecordHooks, RemoveEvent, RemoveOptions, SaveEvent, WriteOptions } from './record-hooks.js';
/** A stored row (`saveRow`): `data` is the stored JSON text, not the read form. */
export type { StoredRow } from './record-read.js';
/** The read side under an access scope. */
export type { ScopedReader } from './scoped-reader.js';
/** SQLite storage failures (disk full, read-only, corrupt, …) as coded WardenErrors naming the call. */
export { type StorageCause, storageCause, storageError } from './storage-errors.js';
/** Opens (creating or migrating) a store over a SQLite file. */
export { openStore } from './store.js';
/** Options of `lock` and `tryLock`. */
export type { LockOptions } from './store-locks.js';
/** The store and its options. */
export type { Store, StoreOptions } from './store-types.js';
/** A stored row as JSON text, the form `findRowJsonById` and `findRowsJson` give. */
export { storedRowJson } from './stored-row-json.js';
/** How a run's transaction begins, and the test for a busy database's `timeout`. */
export { type BeginOptions, isDatabaseBusy } from './transaction.js';
