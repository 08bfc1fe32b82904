import Database from 'better-sqlite3';

/** The longest a lock is held; older locks count as stale and are taken over. */
export const MAX_LOCK_MS = 30 * 60 * 1000;

/** Reentrant record locks shared by every store instance on one database file. */
export interface RecordLocks {
  /** Waits up to `timeoutMs` for the lock; false when another owner kept it. */
  acquire(entity: string, id: string, owner: string, timeoutMs: number): boolean;
  /** Undoes one acquire by `owner`; a lock it does not hold is left alone. */
  release(entity: string, id: string, owner: string): void;
  releaseAll(owner: string): void;
  close(): void;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread without spinning: scripts are synchronous, so waiting must be too. */
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

/**
 * Locks live in their own SQLite file (`<database>-locks`, in memory for `:memory:`), so that
 * taking one never waits on the data file's write lock held by a running script.
 */
export function createRecordLocks(file: string, busyTimeoutMs: number): RecordLocks {
  const db = new Database(file);
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS record_locks (
    entity TEXT NOT NULL, id TEXT NOT NULL, owner TEXT NOT NULL,
    count INTEGER NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (entity, id))`);
  const dropStale = db.prepare('DELETE FROM record_locks WHERE entity = ? AND id = ? AND expires_at <= ?');
  const holder = db.prepare<[string, string], { owner: string }>(
    'SELECT owner FROM record_locks WHERE entity = ? AND id = ?',
  );
  const take = db.prepare(
    'INSERT INTO record_locks (entity, id, owner, count, expires_at) VALUES (?, ?, ?, 1, ?)',
  );
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
    const current = holder.get(entity, id);
    if (!current) take.run(entity, id, owner, now + MAX_LOCK_MS);
    else if (current.owner === owner) reenter.run(now + MAX_LOCK_MS, entity, id);
    else return false;
    return true;
  }).immediate;
  const release = db.transaction((entity: string, id: string, owner: string) => {
    decrement.run(entity, id, owner);
    dropEmpty.run(entity, id);
  });

  return {
    acquire(entity, id, owner, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (let pause = 2; ; pause = Math.min(pause * 2, 25)) {
        if (tryOnce(entity, id, owner)) return true;
        const left = deadline - Date.now();
        if (left <= 0) return false;
        sleep(Math.min(pause, left));
      }
    },
    release: (entity, id, owner) => release(entity, id, owner),
    releaseAll: (owner) => void dropOwner.run(owner),
    close: () => db.close(),
  };
}
