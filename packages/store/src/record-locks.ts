import Database from 'better-sqlite3';

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
    count INTEGER NOT NULL, expires_at INTEGER NOT NULL, pid INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity, id))`);
  addPidColumn(db);
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
  const holder = db.prepare<[string, string], { owner: string; pid: number }>(
    'SELECT owner, pid FROM record_locks WHERE entity = ? AND id = ?',
  );
  const take = db.prepare(
    'INSERT INTO record_locks (entity, id, owner, count, expires_at, pid) VALUES (?, ?, ?, 1, ?, ?)',
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
    let current = holder.get(entity, id);
    if (current && current.owner !== owner && isDead(current.pid)) {
      dropLock.run(entity, id);
      current = undefined;
    }
    if (!current) take.run(entity, id, owner, now + MAX_LOCK_MS, process.pid);
    else if (current.owner === owner) reenter.run(now + MAX_LOCK_MS, entity, id);
    else return false;
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
          if (tryOnce(entity, id, owner)) return true;
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
    close: () => db.close(),
  };
}

/** Lock files made before locks recorded their process get the column (0: unknown, expiry only). */
function addPidColumn(db: Database.Database): void {
  const columns = db.prepare('PRAGMA table_info(record_locks)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'pid')) {
    db.exec('ALTER TABLE record_locks ADD COLUMN pid INTEGER NOT NULL DEFAULT 0');
  }
}

/**
 * True when the process that took a lock is gone (a worker killed mid-run): its locks would
 * otherwise block the record until they expire. Signal 0 only probes; EPERM means it exists.
 */
function isDead(pid: number): boolean {
  if (!pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
