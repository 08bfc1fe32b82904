import type { PgTransactions } from './pg-transactions.js';
import type { PgError, SyncConnection } from './sync/sync-connection.js';

/** How one acquisition ended: held, not granted in time, or refused to break a deadlock. */
export type Acquired = boolean | 'deadlock';

/**
 * Record locks as PostgreSQL session advisory locks on a 64-bit hash of entity and id, so every
 * host on the database sees them, and the server frees them when the session ends (a dead worker
 * or host). Reentrant per owner; ownership is kept here, since the server knows sessions only.
 */
export interface PgLocks {
  acquire(entity: string, id: string, owner: string, timeoutMs: number): Acquired;
  release(entity: string, id: string, owner: string): void;
  releaseAll(owner: string): void;
}

const KEY = 'hashtextextended($1, 0)';

export function createPgLocks(conn: SyncConnection, tx: PgTransactions): PgLocks {
  const held = new Map<string, { owner: string; count: number }>();
  // Entity names hold no `/`; the key is text (libpq would cut it at a NUL).
  const keyOf = (entity: string, id: string) => `${entity}/${id}`;

  /** Waits for the lock up to `timeoutMs` through `lock_timeout`; a failed wait is undone by a savepoint. */
  function wait(key: string, timeoutMs: number): Acquired {
    const inTx = tx.inTransaction;
    const previous =
      conn.query<{ v: string }>("SELECT current_setting('lock_timeout') AS v").rows[0]?.v ?? '0';
    if (inTx) conn.query('SAVEPOINT warden_lock');
    try {
      conn.query("SELECT set_config('lock_timeout', $1, $2)", [
        `${Math.max(1, Math.ceil(timeoutMs))}ms`,
        inTx,
      ]);
      conn.query(`SELECT pg_advisory_lock(${KEY})`, [key]);
      if (inTx) conn.query('RELEASE SAVEPOINT warden_lock');
      return true;
    } catch (error) {
      if (inTx) conn.query('ROLLBACK TO SAVEPOINT warden_lock');
      const code = (error as PgError).code;
      if (code === '55P03') return false;
      if (code === '40P01') return 'deadlock';
      throw error;
    } finally {
      conn.query("SELECT set_config('lock_timeout', $1, $2)", [previous, inTx]);
    }
  }

  return {
    acquire(entity, id, owner, timeoutMs) {
      const key = keyOf(entity, id);
      const mine = held.get(key);
      if (mine) {
        // Another owner of this process: it cannot release while this thread waits.
        if (mine.owner !== owner) return false;
        mine.count++;
        return true;
      }
      const got =
        timeoutMs <= 0
          ? conn.query<{ got: boolean }>(`SELECT pg_try_advisory_lock(${KEY}) AS got`, [key]).rows[0]?.got ===
            true
          : wait(key, timeoutMs);
      if (got === true) held.set(key, { owner, count: 1 });
      return got;
    },
    release(entity, id, owner) {
      const key = keyOf(entity, id);
      const mine = held.get(key);
      if (!mine || mine.owner !== owner) return;
      if (--mine.count > 0) return;
      held.delete(key);
      conn.query(`SELECT pg_advisory_unlock(${KEY})`, [key]);
    },
    releaseAll(owner) {
      for (const [key, mine] of [...held]) {
        if (mine.owner !== owner) continue;
        held.delete(key);
        conn.query(`SELECT pg_advisory_unlock(${KEY})`, [key]);
      }
    },
  };
}
