import type { AppSchema, FieldError, Fields, QueryMap, RecordData, SaveOptions } from '@warden/sys-api';
import type BetterSqlite3 from 'better-sqlite3';
import type { AccessRules } from './access-scope.js';
import type { AppDefinition } from './app-definition.js';
import type { Cursor } from './cursor.js';
import type { RecordHooks, RemoveOptions, WriteOptions } from './record-hooks.js';
import type { StoredRow } from './record-read.js';
import type { ScopedReader } from './scoped-reader.js';
import type { LockOptions } from './store-locks.js';
import type { BeginOptions } from './transaction.js';

/** Options of `openStore`. */
export interface StoreOptions {
  /** SQLite file path, or `:memory:`. Record locks go to `<database>-locks`. */
  database: string;
  /** A loaded definition, a plain definition object, or a JSON file path. */
  app: AppDefinition | object | string;
  /** How long a writer waits for another connection's write lock; default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * Size of a stored record's data (its JSON, bytes) that no write may exceed, whatever path
   * writes it (insert, update, merge, partial update, hook edits); default 1 MiB.
   */
  maxRecordBytes?: number;
  /**
   * Add Warden's tables to a database that already holds another application's tables and none
   * of Warden's. Off by default: such a file is refused (`info.code: 'foreignDatabase'`).
   */
  adoptForeignDatabase?: boolean;
  /** The database file as the embedder named it, for error messages (default: `database`). */
  databaseName?: string;
}

/**
 * The record store over one SQLite connection. Every write is atomic (its own unit of work, or
 * a savepoint inside an open transaction); every bad input is a coded WardenError.
 */
export interface Store {
  /** The connection, shared by other packages for their own tables. */
  readonly db: BetterSqlite3.Database;
  /** The normalized definition, including the built-in `sys.users`. */
  readonly app: AppDefinition;
  /** The AppSchema sent into isolates, with stable group and provider ids. */
  readonly schema: AppSchema;
  /** True while a transaction (script run or unit of work) is open. */
  readonly inTransaction: boolean;
  /** True while the open transaction holds the write lock (an immediate begin, or `upgrade`). */
  readonly writing: boolean;
  /**
   * Opens a run-long transaction: deferred by default (a read snapshot; the write lock at
   * `upgrade`), or `mode: 'immediate'` (the write lock now, waiting until shortly before
   * `deadline` at most); `timeout` with `info.databaseBusy` when the database stays busy.
   */
  begin(options?: BeginOptions): void;
  /**
   * Takes the write lock for the open deferred transaction, without waiting: `timeout` with
   * `info.databaseBusy` when another connection holds it or wrote since the snapshot.
   */
  upgrade(): void;
  commit(): void;
  /** Rolls back the open transaction; does nothing when none is open. */
  rollback(): void;
  /** Runs `fn` atomically; nested calls use savepoints, so an inner failure undoes only its part. */
  transaction<T>(fn: () => T): T;
  /** Inserts a record: defaults filled, values validated and coerced, label computed, version 1. */
  insert(entity: string, fields: Fields, opts?: WriteOptions): RecordData;
  /** Updates a record; given fields replace stored ones. Version mismatch → `optimisticLocking`. */
  update(entity: string, record: RecordData, opts?: WriteOptions): RecordData;
  /** Inserts when `record.id` is null, updates otherwise; `mode: 'lite'` returns null. */
  save(entity: string, record: RecordData, opts?: SaveOptions): RecordData | null;
  /**
   * `save` answering the stored row it wrote (see `findRowJsonById`), for callers that apply the
   * read form themselves; null in `mode: 'lite'`.
   */
  saveRow(entity: string, record: RecordData, opts?: SaveOptions): StoredRow | null;
  /** Removes a record and returns it; `notFound` when missing. Interceptors see `opts`. */
  remove(entity: string, id: string, opts?: RemoveOptions): RecordData;
  findById(entity: string, id: string): RecordData | null;
  /** A paged cursor over a query map (`_size`, `_offset`, `_sortField`, `_fields`, filters). */
  find(entity: string, query?: QueryMap | null): Cursor<RecordData>;
  /**
   * `findById` as the stored row in JSON text (`storedRowJson`'s form), for callers that apply the
   * read form themselves (the sandbox bootstrap): its `data` is the stored JSON, where empty fields
   * are missing and keys of fields removed from the definition may remain. Write-only fields are
   * never stored.
   */
  findRowJsonById(entity: string, id: string): string | null;
  /**
   * `find` as stored rows in JSON text (`storedRowJson`'s form), for the same callers as
   * `findRowJsonById`; a `_fields` projection is a badRequest (use `find`).
   */
  findRowsJson(entity: string, query?: QueryMap | null): Cursor<string>;
  /** The first match; a string is an id, and on `sys.users` also an email (case-insensitive). */
  findOne(entity: string, query?: QueryMap | string | null): RecordData | null;
  count(entity: string, query?: QueryMap | null): number;
  /**
   * Deletes every match (size and offset ignored) and returns how many. Remove interceptors run,
   * seeing `opts` (`triggerEvents: false` is theirs to honour).
   */
  deleteMany(entity: string, query?: QueryMap | null, opts?: RemoveOptions): number;
  aggregate(entity: string, pipeline: unknown[]): Cursor<Record<string, unknown>>;
  /** Field errors of `fields`, without writing; `id` excludes that record from unique checks. */
  validate(entity: string, fields: Fields, id?: string | null): FieldError[];
  /** Resolves an id, `{id}`, a label or `{label}` of `entity` to `{id, label}`; null when none. */
  resolveRelationship(entity: string, value: unknown): { id: string; label: string | null } | null;
  /**
   * The read side as one user may see it: every read's SQL carries `rules`' conditions, hidden
   * fields are removed (see `ScopedReader`). Entities missing from `rules` show nothing.
   */
  scoped(rules: AccessRules): ScopedReader;
  /** Takes a reentrant record lock for `owner`, waiting up to `timeoutMs` (default 300000). */
  lock(entity: string, id: string, owner: string, timeoutMs?: number, options?: LockOptions): RecordData;
  /** Like `lock`, but null instead of a `timeout` error; waits `timeoutMs` (default 0). */
  tryLock(
    entity: string,
    id: string,
    owner: string,
    timeoutMs?: number,
    options?: LockOptions,
  ): RecordData | null;
  /** Undoes one `lock` by `owner`. */
  unlock(entity: string, id: string, owner: string): void;
  /**
   * Takes a reentrant lock on a free-form key for `owner` (`sys.utils.concurrency`), waiting up to
   * `timeoutMs`; false when another owner kept it. Same file, expiry and dead-holder rules as
   * record locks, and `releaseLocks(owner)` drops key locks too.
   */
  lockKey(key: string, owner: string, timeoutMs: number): boolean;
  /** Undoes one `lockKey` by `owner`. */
  unlockKey(key: string, owner: string): void;
  /** Drops a key lock whoever holds it. */
  forceUnlockKey(key: string): void;
  /** Drops every lock `owner` holds (at the end of a script run). */
  releaseLocks(owner: string): void;
  /** Adds interceptors for `entity`; returns the function that removes them. */
  intercept(entity: string, hooks: RecordHooks): () => void;
  close(): void;
}
