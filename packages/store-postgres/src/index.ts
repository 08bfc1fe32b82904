/**
 * @warden/store-postgres: Warden's record store over PostgreSQL (records as jsonb), reached
 * synchronously from a worker, with advisory record locks that every host sharing the database sees.
 */

/** A synchronous connection through a driver thread (`pg` in a worker thread, the caller on Atomics.wait). */
export { type DriverThreadOptions, openDriverThread } from './sync/driver-thread.js';
/** A synchronous connection over libpq's blocking calls (the optional `pg-native` addon). */
export { openNativeConnection } from './sync/native-connection.js';
/** One PostgreSQL session reached synchronously. */
export type { PgError, SyncConnection, SyncResult } from './sync/sync-connection.js';
