import { badRequest, notFound, type RecordData, WardenError } from '@warden/sys-api';
import type { AppDefinition } from './app-definition.js';
import { assertId, assertMillis, entityOf } from './input-guard.js';
import type { RecordLocks } from './record-locks.js';
import { type RowReader, rowToRecord } from './record-read.js';

/** How a lock wait treats a cycle of owners waiting for each other. */
export interface LockOptions {
  /**
   * True (default): a wait that would close a cycle fails at once with a `timeout` that has
   * `info.deadlock`, so that its run can release its locks and be replayed. False: keep waiting
   * (for a run that cannot be replayed again; another member of the cycle breaks it).
   */
  breakDeadlocks?: boolean;
}

/** Slingr's default lock timeout: five minutes. */
export const DEFAULT_LOCK_TIMEOUT_MS = 300_000;

/**
 * Key locks (`sys.utils.concurrency`) share the record locks' table under this entity name, which
 * no entity can have (names are identifiers), so that `releaseLocks(owner)` ends both at once.
 */
const KEY_LOCKS = '#key';
/** Longest key a lock takes. */
const MAX_KEY_LENGTH = 512;

function keyArgs(fn: string, key: string, owner: string): void {
  if (typeof key !== 'string' || key === '' || key.length > MAX_KEY_LENGTH)
    throw badRequest(`${fn}: key must be a string of 1 to ${MAX_KEY_LENGTH} characters`);
  if (typeof owner !== 'string' || owner === '') throw badRequest(`${fn}: owner must be a non-empty string`);
}

/** The store's lock methods: arguments checked, the record read after the lock is taken. */
export function createStoreLocks(app: AppDefinition, rows: RowReader, locks: RecordLocks) {
  const args = (fn: string, entity: string, id: string, owner: string) => {
    const def = entityOf(app, fn, entity);
    assertId(fn, id);
    if (typeof owner !== 'string' || owner === '')
      throw badRequest(`${fn}: owner must be a non-empty string`);
    const read = () => {
      const row = rows.byId(entity, id);
      return row ? rowToRecord(def, row) : null;
    };
    if (!read()) throw notFound(`${fn}: no '${entity}' record has the id ${id}`);
    return read;
  };

  const acquire = (
    fn: string,
    entity: string,
    id: string,
    owner: string,
    timeoutMs: number,
    breakDeadlocks?: boolean,
  ): RecordData | null => {
    const read = args(fn, entity, id, owner);
    const got = locks.acquire(entity, id, owner, assertMillis(fn, 'timeoutMs', timeoutMs), breakDeadlocks);
    if (got === 'deadlock') {
      throw new WardenError(
        'timeout',
        `${fn}: waiting for the '${entity}' record ${id} would deadlock (its holder waits for a lock this owner holds)`,
        { info: { deadlock: true } },
      );
    }
    if (!got) return null;
    const record = read();
    if (record) return record;
    locks.release(entity, id, owner);
    throw notFound(`${fn}: the '${entity}' record ${id} was removed while waiting for its lock`);
  };

  return {
    lock(
      entity: string,
      id: string,
      owner: string,
      timeoutMs = DEFAULT_LOCK_TIMEOUT_MS,
      options?: LockOptions,
    ): RecordData {
      const record = acquire('lock', entity, id, owner, timeoutMs, options?.breakDeadlocks);
      if (record) return record;
      throw new WardenError(
        'timeout',
        `lock: the '${entity}' record ${id} stayed locked for ${timeoutMs} ms`,
      );
    },
    tryLock: (entity: string, id: string, owner: string, timeoutMs = 0, options?: LockOptions) =>
      acquire('tryLock', entity, id, owner, timeoutMs, options?.breakDeadlocks),
    unlock(entity: string, id: string, owner: string): void {
      args('unlock', entity, id, owner);
      locks.release(entity, id, owner);
    },
    lockKey(key: string, owner: string, timeoutMs: number): boolean {
      keyArgs('lockKey', key, owner);
      const got = locks.acquire(KEY_LOCKS, key, owner, assertMillis('lockKey', 'timeoutMs', timeoutMs));
      if (got === 'deadlock') {
        throw new WardenError(
          'timeout',
          `lockKey: waiting for the key '${key}' would deadlock (its holder waits for a lock this owner holds)`,
          { info: { deadlock: true } },
        );
      }
      return got;
    },
    unlockKey(key: string, owner: string): void {
      keyArgs('unlockKey', key, owner);
      locks.release(KEY_LOCKS, key, owner);
    },
    forceUnlockKey(key: string): void {
      keyArgs('forceUnlockKey', key, 'nobody');
      locks.forceRelease(KEY_LOCKS, key);
    },
    releaseLocks(owner: string): void {
      if (typeof owner !== 'string') throw badRequest('releaseLocks: owner must be a string');
      locks.releaseAll(owner);
    },
  };
}
