import type { Readable } from 'node:stream';
import {
  type AppDefinition,
  type ImportReport,
  isDatabaseBusy,
  type Store,
  type WriteOptions,
} from '@warden/store';
import {
  type AppSchema,
  badRequest,
  type FieldError,
  type Fields,
  type QueryMap,
  type RecordData,
  type SaveOptions,
  WardenError,
} from '@warden/sys-api';
import type { Users } from '@warden/users';
import type { GatedCalls } from './host-gate.js';
import { type ExportOptions, hostExport, hostImport, type ImportOptions } from './host-transfer.js';

/**
 * `runtime.store`: the record store for the host, asynchronous. Each call is one atomic unit on
 * the parent's connection; while a script run holds the database's write lock, the call waits on
 * a timer (the event loop stays free) and fails with `timeout` after the runtime's busy budget.
 */
export interface HostStore {
  /** The normalized definition, including the built-in `sys.users`. */
  readonly app: AppDefinition;
  readonly schema: AppSchema;
  /**
   * The parent's own connection, for reads in diagnostics and tests. It has no busy timeout: a
   * write made here while a run holds the lock fails at once with SQLITE_BUSY.
   */
  readonly db: Store['db'];
  /** True while the parent's connection is inside a transaction (only during a call). */
  readonly inTransaction: boolean;
  /** Runs `fn` (synchronous) as one transaction over the synchronous store. */
  transaction<T>(fn: (store: Store) => T): Promise<T>;
  insert(entity: string, fields: Fields, opts?: WriteOptions): Promise<RecordData>;
  update(entity: string, record: RecordData, opts?: WriteOptions): Promise<RecordData>;
  save(entity: string, record: RecordData, opts?: SaveOptions): Promise<RecordData | null>;
  remove(entity: string, id: string): Promise<RecordData>;
  findById(entity: string, id: string): Promise<RecordData | null>;
  /** Every record the query matches (use `_size` and `_offset` for a page). */
  find(entity: string, query?: QueryMap | null): Promise<RecordData[]>;
  findOne(entity: string, query?: QueryMap | string | null): Promise<RecordData | null>;
  count(entity: string, query?: QueryMap | null): Promise<number>;
  deleteMany(entity: string, query?: QueryMap | null): Promise<number>;
  aggregate(entity: string, pipeline: unknown[]): Promise<Record<string, unknown>[]>;
  validate(entity: string, fields: Fields, id?: string): Promise<FieldError[]>;
  resolveRelationship(entity: string, value: unknown): Promise<{ id: string; label: string | null } | null>;
  /** Takes a record lock for `owner`, waiting (on timers) up to `timeoutMs` (default 300000). */
  lock(entity: string, id: string, owner: string, timeoutMs?: number): Promise<RecordData>;
  /** Like `lock`, resolving to null when the wait (default 0 ms) ends first. */
  tryLock(entity: string, id: string, owner: string, timeoutMs?: number): Promise<RecordData | null>;
  unlock(entity: string, id: string, owner: string): Promise<void>;
  releaseLocks(owner: string): Promise<void>;
  /**
   * Imports CSV (header row of field names) or JSON Lines into `entity`, streaming: rows as
   * `store.insert` writes them (events, history), per-row errors with their line, all-or-nothing
   * (default: one transaction, other host calls wait) or skip-bad-rows (a commit per batch). On
   * `sys.users` a `passwordHash` column holds a hash from another system (bcrypt, argon2, PBKDF2,
   * scrypt), checked at the user's first sign-in and then replaced by Warden's own.
   */
  importRecords(
    entity: string,
    input: Readable | AsyncIterable<Buffer | string> | string,
    options: ImportOptions,
  ): Promise<ImportReport>;
  /** The matching records as CSV or JSON Lines text chunks (write-only fields and hashes never). */
  exportRecords(entity: string, options: ExportOptions): AsyncGenerator<string>;
}

/** Slingr's default lock timeout (the store's). */
const LOCK_TIMEOUT_MS = 300_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function millis(fn: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw badRequest(`${fn}: timeoutMs must be a number of milliseconds >= 0, got ${typeof value}`);
  }
  return value;
}

/** How the host's writes of users get their scrypt work done ahead (`@warden/users`). */
export type HostPasswords = Pick<Users, 'prepareUserWrite' | 'withPasswordWork'>;

/**
 * The host's store over the parent's synchronous one. A write of `sys.users` that sets or
 * generates a password has it hashed on libuv's thread pool first (`passwords`), so that the
 * transaction does not run scrypt on the event loop.
 */
export function createHostStore(store: Store, calls: GatedCalls, passwords?: HostPasswords): HostStore {
  const call = <T>(name: string, fn: () => T) => calls.call(`store.${name}`, fn);
  const write = async <T>(name: string, entity: string, fields: unknown, creating: boolean, fn: () => T) => {
    const work = passwords ? await passwords.prepareUserWrite(entity, fields, creating) : null;
    return call(name, () => (work ? passwords!.withPasswordWork(work, fn) : fn()));
  };
  const lockNow = (entity: string, id: string, owner: string) => {
    try {
      return store.lock(entity, id, owner, 0);
    } catch (error) {
      if (error instanceof WardenError && error.code === 'timeout' && !isDatabaseBusy(error)) return null;
      throw error;
    }
  };
  // A record lock is waited for on timers: the store's own wait blocks its thread.
  const waitForLock = async (
    fn: 'lock' | 'tryLock',
    entity: string,
    id: string,
    owner: string,
    ms: number,
  ) => {
    const deadline = Date.now() + millis(fn, ms);
    for (let pause = 2; ; pause = Math.min(pause * 2, 25)) {
      // Each try waits 0 ms and checks the arguments (the entity, the id, the owner).
      const record = await call(fn, () =>
        fn === 'lock' ? lockNow(entity, id, owner) : store.tryLock(entity, id, owner, 0),
      );
      if (record) return record;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await sleep(Math.min(pause, left));
    }
  };
  return {
    app: store.app,
    schema: store.schema,
    db: store.db,
    get inTransaction() {
      return store.inTransaction;
    },
    transaction: (fn) => call('transaction', () => store.transaction(() => fn(store))),
    insert: (entity, fields, opts) =>
      write('insert', entity, fields, true, () => store.insert(entity, fields, opts)),
    update: (entity, record, opts) =>
      write('update', entity, record?.fields, false, () => store.update(entity, record, opts)),
    save: (entity, record, opts) =>
      write('save', entity, record?.fields, !record?.id, () => store.save(entity, record, opts)),
    remove: (entity, id) => call('remove', () => store.remove(entity, id)),
    findById: (entity, id) => call('findById', () => store.findById(entity, id)),
    find: (entity, query) => call('find', () => [...store.find(entity, query)]),
    findOne: (entity, query) => call('findOne', () => store.findOne(entity, query)),
    count: (entity, query) => call('count', () => store.count(entity, query)),
    deleteMany: (entity, query) => call('deleteMany', () => store.deleteMany(entity, query)),
    aggregate: (entity, pipeline) => call('aggregate', () => [...store.aggregate(entity, pipeline)]),
    validate: (entity, fields, id) => call('validate', () => store.validate(entity, fields, id)),
    resolveRelationship: (entity, value) =>
      call('resolveRelationship', () => store.resolveRelationship(entity, value)),
    async lock(entity, id, owner, timeoutMs = LOCK_TIMEOUT_MS) {
      const record = await waitForLock('lock', entity, id, owner, timeoutMs);
      if (record) return record;
      throw new WardenError(
        'timeout',
        `lock: the '${entity}' record ${id} stayed locked for ${timeoutMs} ms`,
      );
    },
    tryLock: (entity, id, owner, timeoutMs = 0) => waitForLock('tryLock', entity, id, owner, timeoutMs),
    unlock: (entity, id, owner) => call('unlock', () => store.unlock(entity, id, owner)),
    releaseLocks: (owner) => call('releaseLocks', () => store.releaseLocks(owner)),
    importRecords: (entity, input, options) => hostImport(store, calls, entity, input, options),
    exportRecords: (entity, options) => hostExport(store, calls, entity, options),
  };
}
