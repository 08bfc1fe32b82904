import type { Cursor, RemoveOptions, Store, WriteOptions } from '@warden/store';
import type { AppDefinition } from '@warden/store/backend';
import type { AppSchema, Fields, QueryMap, RecordData, SaveOptions } from '@warden/sys-api';
import type { SyncConnection } from './sync/sync-connection.js';

/**
 * The record part of the store, the same calls with the same answers on both backends: the
 * SQLite `Store` has this shape, and so does the PostgreSQL store. Everything is synchronous (it
 * runs inside a worker, behind the scripts' synchronous `sys` API).
 */
export interface RecordStore {
  readonly app: AppDefinition;
  readonly schema: AppSchema;
  readonly inTransaction: boolean;
  /** Opens a run-long transaction. */
  begin(): void;
  commit(): void;
  /** Rolls back the open transaction; does nothing when none is open. */
  rollback(): void;
  /** Runs `fn` atomically; nested calls use savepoints, so an inner failure undoes only its part. */
  transaction<T>(fn: () => T): T;
  insert(entity: string, fields: Fields, opts?: WriteOptions): RecordData;
  /** Version mismatch → `optimisticLocking`; a missing version skips the check. */
  update(entity: string, record: RecordData, opts?: WriteOptions): RecordData;
  save(entity: string, record: RecordData, opts?: SaveOptions): RecordData | null;
  remove(entity: string, id: string, opts?: RemoveOptions): RecordData;
  findById(entity: string, id: string): RecordData | null;
  find(entity: string, query?: QueryMap | null): Cursor<RecordData>;
  findOne(entity: string, query?: QueryMap | string | null): RecordData | null;
  count(entity: string, query?: QueryMap | null): number;
  deleteMany(entity: string, query?: QueryMap | null, opts?: RemoveOptions): number;
  lock(entity: string, id: string, owner: string, timeoutMs?: number): RecordData;
  tryLock(entity: string, id: string, owner: string, timeoutMs?: number): RecordData | null;
  unlock(entity: string, id: string, owner: string): void;
  releaseLocks(owner: string): void;
  close(): void;
}

/** The SQLite store is a record store: this line fails to compile if the shapes drift apart. */
export type SqliteIsRecordStore = Store extends RecordStore ? true : never;

/** Options of `openPgStore`. */
export interface PgStoreOptions {
  /** A `postgres://` URL (a synchronous connection is opened) or an open synchronous connection. */
  database: string | SyncConnection;
  /** A loaded definition, a plain definition object, or a JSON file path. */
  app: AppDefinition | object | string;
  /** How a URL is reached synchronously: `native` (libpq, the default when installed) or `thread`. */
  driver?: 'native' | 'thread';
  /** Bytes of a record's stored JSON that no write may exceed; default 1 MiB. */
  maxRecordBytes?: number;
}
