/**
 * @warden/sys-api: the contract between scripts and the host. Error codes, the error type,
 * the bridge envelope, the app schema that Records are built from, and the op table; and the
 * process identity that claims and locks name their holder by.
 */

export { type Envelope, errorEnvelope } from './envelope.js';
export { ERROR_CODES, type ErrorCode, isErrorCode } from './error-codes.js';
export { EVENT_TYPES, type EventSink, type EventType, type WardenEvent } from './events.js';
export { isForbiddenKey } from './forbidden-keys.js';
export type { ContextFrame, CursorPage, LogEntry, QueryMap, SaveOptions } from './ops.js';
export { SYS_OP_NAMES, type SysOpName, type SysOps } from './ops.js';
export {
  type HolderState,
  holderGone,
  holderState,
  processHolder,
  processPlace,
} from './process-identity.js';
export type {
  AppSchema,
  EndpointSchema,
  EntitySchema,
  FieldSchema,
  Fields,
  FieldType,
  GroupSchema,
  IdentityProviderSchema,
  LibrarySchema,
  RecordData,
  WireRecord,
} from './schema.js';
export {
  badRequest,
  type FieldError,
  isWardenError,
  notFound,
  validationErrors,
  WardenError,
  type WardenErrorOptions,
} from './warden-error.js';
