import { holderState, processHolder } from '@warden/sys-api';
import Database from 'better-sqlite3';
import { createLockLease, LOCK_LEASE_MS } from './lock-lease.js';

/** The longest a lock is held; older locks count as stale and are taken over. */
export const MAX_LOCK_MS = 30 * 60 * 1000;

/** Reentrant record locks shared by every store instance on one database file. */
export interface RecordLocks {
  /**
   * Waits up to `timeoutMs` for the lock; false when another owner kept it, 'deadlock' when
   * waiting closes a cycle of owners waiting for each other (and `breakDeadlocks` is not false).
   */
  acquire(
    entity: string,
    id: string,
    owner: string,
    timeoutMs: number,
    breakDeadlocks?: boolean,
  ): boolean | 'deadlock';
  /** Undoes one acquire by `owner`; a lock it does not hold is left alone. */
  release(entity: string, id: string, owner: string): void;
  releaseAll(owner: string): void;
  /** Drops the lock whoever holds it (maintenance: `forceUnlock`). */
  forceRelease(entity: string, id: string): void;
  close(): void;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread without spinning: scripts are synchronous, so waiting must be too. */
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

/** Options of `createRecordLocks`. */
export interface RecordLockOptions {
  /** How long this holder's lease lasts unless renewed (default 30000 ms; renewed every third). */
  leaseMs?: number;
}

/** A lock row's holder, and the lease that holder last renewed (null: none recorded). */
interface Held {
  owner: string;
  holder: string;
  lease: number | null;
}

/**
 * Locks live in their own SQLite file (`<database>-locks`, in memory for `:memory:`), so that
 * taking one never waits on the data file's write lock held by a running script.
 *
 * Each lock records its holder (`processHolder()`: place, pid, start time) besides its owner. A
 * lock is taken over when it is older than `MAX_LOCK_MS`, when its holder is certainly gone (a
 * process in this place whose pid is free or now names another process), or, for a holder that
 * cannot be judged from here (another container's pid namespace, another boot), when the lease
 * its process renews from a thread of its own has run out.
 */
export function createRecordLocks(
  file: string,
  busyTimeoutMs: number,
  options: RecordLockOptions = {},
): RecordLocks {
  const leaseMs = options.leaseMs ?? LOCK_LEASE_MS;
  const me = processHolder();
  const db = new Database(file);
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS record_locks (
    entity TEXT NOT NULL, id TEXT NOT NULL, owner TEXT NOT NULL,
    count INTEGER NOT NULL, expires_at INTEGER NOT NULL, pid INTEGER NOT NULL DEFAULT 0,
    holder TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity, id))`);
  addColumns(db);
  // Each holder's lease, renewed while its process lives; judged when its pid tells nothing here.
  db.exec(`CREATE TABLE IF NOT EXISTS record_lock_holders (
    holder TEXT PRIMARY KEY, lease_until INTEGER NOT NULL)`);
  db.prepare(
    `DELETE FROM record_lock_holders WHERE lease_until < ?
       AND holder NOT IN (SELECT holder FROM record_locks)`,
  ).run(Date.now() - MAX_LOCK_MS);
  // Who waits for which lock, so that a wait that closes a cycle is detected instead of timing out.
  db.exec(`CREATE TABLE IF NOT EXISTS record_lock_waits (
    owner TEXT PRIMARY KEY, entity TEXT NOT NULL, id TEXT NOT NULL)`);
  const wait = db.prepare('INSERT OR REPLACE INTO record_lock_waits (owner, entity, id) VALUES (?, ?, ?)');
  const unwait = db.prepare('DELETE FROM record_lock_waits WHERE owner = ?');
  const waitOf = db.prepare<[string], { entity: string; id: string }>(
    'SELECT entity, id FROM record_lock_waits WHERE owner = ?',
  );
  const dropStale = db.prepare('DELETE FROM record_locks WHERE entity = ? AND id = ? AND expires_at <= ?');
  const dropLock = db.prepare('DELETE FROM record_locks WHERE entity = ? AND id = ?');
  const holder = db.prepare<[string, string], Held>(
    `SELECT l.owner, l.holder, h.lease_until AS lease FROM record_locks l
       LEFT JOIN record_lock_holders h ON h.holder = l.holder WHERE l.entity = ? AND l.id = ?`,
  );
  const take = db.prepare(
    'INSERT INTO record_locks (entity, id, owner, count, expires_at, pid, holder) VALUES (?, ?, ?, 1, ?, ?, ?)',
  );
  const renew = db.prepare(
    `INSERT INTO record_lock_holders (holder, lease_until) VALUES (?, ?)
       ON CONFLICT (holder) DO UPDATE SET lease_until = excluded.lease_until`,
  );
  const forget = db.prepare(
    'DELETE FROM record_lock_holders WHERE holder = ? AND NOT EXISTS (SELECT 1 FROM record_locks WHERE holder = ?)',
  );
  // In memory nobody else can see the locks: no lease to keep.
  const lease = file === ':memory:' ? null : createLockLease(file, me, leaseMs, busyTimeoutMs);
  let renewedAt = 0;

  // True when a lock of another owner may be taken over from its holder (expiry is checked apart).
  const holderGone = (held: Held, now: number): boolean => {
    if (held.holder === '' || held.holder === me) return false; // '': an older version, expiry only
    const state = holderState(held.holder);
    if (state !== 'unknown') return state === 'gone';
    return (held.lease ?? 0) <= now;
  };
  const reenter = db.prepare(
    'UPDATE record_locks SET count = count + 1, expires_at = ? WHERE entity = ? AND id = ?',
  );
  const decrement = db.prepare(
    'UPDATE record_locks SET count = count - 1 WHERE entity = ? AND id = ? AND owner = ?',
  );
  const dropEmpty = db.prepare('DELETE FROM record_locks WHERE entity = ? AND id = ? AND count <= 0');
  const dropOwner = db.prepare('DELETE FROM record_locks WHERE owner = ?');

  const tryOnce = db.transaction((entity: string, id: string, owner: string): boolean => {
    const now = Date.now();
    dropStale.run(entity, id, now);
    let current = holder.get(entity, id);
    if (current && current.owner !== owner && holderGone(current, now)) {
      dropLock.run(entity, id);
      current = undefined;
    }
    if (current && current.owner !== owner) return false;
    if (!current) take.run(entity, id, owner, now + MAX_LOCK_MS, process.pid, me);
    else reenter.run(now + MAX_LOCK_MS, entity, id);
    if (lease && now - renewedAt > leaseMs / 3) {
      renew.run(me, now + leaseMs);
      renewedAt = now;
    }
    return true;
  }).immediate;
  const release = db.transaction((entity: string, id: string, owner: string) => {
    decrement.run(entity, id, owner);
    dropEmpty.run(entity, id);
  });

  // Follows holder → what it waits for → its holder …; true when the chain comes back to `owner`.
  const closesCycle = (entity: string, id: string, owner: string): boolean => {
    let at: { entity: string; id: string } | undefined = { entity, id };
    for (let hops = 0; at && hops < 64; hops++) {
      const held = holder.get(at.entity, at.id);
      if (!held) return false;
      if (held.owner === owner) return true;
      at = waitOf.get(held.owner);
    }
    return false;
  };

  return {
    acquire(entity, id, owner, timeoutMs, breakDeadlocks = true) {
      const deadline = Date.now() + timeoutMs;
      try {
        for (let pause = 2; ; pause = Math.min(pause * 2, 25)) {
          if (tryOnce(entity, id, owner)) {
            lease?.start();
            return true;
          }
          const left = deadline - Date.now();
          if (left <= 0) return false;
          wait.run(owner, entity, id);
          if (breakDeadlocks && closesCycle(entity, id, owner)) return 'deadlock';
          sleep(Math.min(pause, left));
        }
      } finally {
        unwait.run(owner);
      }
    },
    release: (entity, id, owner) => release(entity, id, owner),
    releaseAll(owner) {
      dropOwner.run(owner);
      unwait.run(owner);
    },
    forceRelease: (entity, id) => void dropLock.run(entity, id),
    close() {
      lease?.stop();
      try {
        forget.run(me, me);
      } catch {
        // A busy locks file keeps the row; it is pruned once old.
      }
      db.close();
    },
  };
}

/** Lock files of older versions get the columns (pid 0, holder '': expiry only). */
function addColumns(db: Database.Database): void {
  const columns = db.prepare('PRAGMA table_info(record_locks)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'pid')) {
    db.exec('ALTER TABLE record_locks ADD COLUMN pid INTEGER NOT NULL DEFAULT 0');
  }
  if (!columns.some((c) => c.name === 'holder')) {
    db.exec("ALTER TABLE record_locks ADD COLUMN holder TEXT NOT NULL DEFAULT ''");
  }
}
