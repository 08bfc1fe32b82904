/**
 * `@warden/store/backend`: the parts of the store that hold no SQL, for other storage backends
 * (`@warden/store-postgres`): definition loading, field normalization and coercion, record shapes
 * and labels, argument guards, and the query parser, whose condition tree is independent of SQL.
 */

/** The normalized app definition, loading it, and the schema sent into isolates. */
export type { AppDefinition, EntityDef, FieldDef } from './app-definition.js';
export { isLoadedDefinition, loadAppDefinition } from './app-definition-load.js';
export { buildAppSchema, type StableIds } from './app-schema.js';
/** A lazily paged cursor over a backend's pages. */
export { type CursorSource, createCursor } from './cursor.js';
/** Coercion of field values, given the backend's relationship and group lookups. */
export type { CoerceContext } from './field-coerce.js';
/** Argument guards of the store's calls; their errors name the call. */
export {
  assertFields,
  assertId,
  assertMillis,
  assertRecord,
  assertRemoveOptions,
  assertWriteOptions,
  entityOf,
  isRecordId,
} from './input-guard.js';
export { isPlainObject, typeOf } from './problems.js';
/** The query parser and the condition tree a backend compiles to its SQL. */
export { type ParsedQuery, parseQuery } from './query/parse-query.js';
export type { Cond, SortSpec, SqlValue, Test, TestOp, ValueRef } from './query/query-ast.js';
export { tableName } from './query/table-name.js';
/** Record labels and the stored and read forms of fields. */
export { computeLabel } from './record-label.js';
export { mergeFields, toReadForm, toStorage } from './record-shape.js';
/** Field normalization: defaults, coercion and validations, every problem with its path. */
export { type NormalizeOptions, normalizeFields } from './record-validate.js';
/** Slingr's default lock wait. */
export { DEFAULT_LOCK_TIMEOUT_MS } from './store-locks.js';
