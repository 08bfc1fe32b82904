/**
 * @warden/store-postgres: Warden's record store over PostgreSQL (records as jsonb), reached
 * synchronously from a worker, with advisory record locks that every host sharing the database sees.
 */

/** Opens the record store over a PostgreSQL database. */
export { openPgStore } from './pg-record-store.js';
/** The layout version this code writes; a database with a newer one is refused. */
export { PG_SCHEMA_VERSION } from './pg-schema.js';
/** The record store's calls (both backends have them) and the PostgreSQL store's options. */
export type { PgStoreOptions, RecordStore } from './pg-store-types.js';
/** A synchronous connection through a driver thread (`pg` in a worker thread, the caller on Atomics.wait). */
export { type DriverThreadOptions, openDriverThread } from './sync/driver-thread.js';
/** A synchronous connection over libpq's blocking calls (the optional `pg-native` addon). */
export { openNativeConnection } from './sync/native-connection.js';
/** One PostgreSQL session reached synchronously. */
export type { PgError, SyncConnection, SyncResult } from './sync/sync-connection.js';
