import { badRequest } from '@warden/sys-api';
import type { SyncConnection } from './sync/sync-connection.js';

/** A run-long transaction and nested units of work (savepoints) over one session. */
export interface PgTransactions {
  readonly inTransaction: boolean;
  begin(): void;
  commit(): void;
  rollback(): void;
  /** Runs `fn` atomically: its own transaction, or a savepoint inside an open one. */
  transaction<T>(fn: () => T): T;
}

export function createPgTransactions(conn: SyncConnection): PgTransactions {
  let open = false;
  let depth = 0;
  return {
    get inTransaction() {
      return open;
    },
    begin() {
      if (open) throw badRequest('begin: a transaction is already open');
      conn.query('BEGIN');
      open = true;
    },
    commit() {
      if (!open) throw badRequest('commit: no transaction is open');
      open = false;
      depth = 0;
      conn.query('COMMIT');
    },
    rollback() {
      if (!open) return;
      open = false;
      depth = 0;
      conn.query('ROLLBACK');
    },
    transaction<T>(fn: () => T): T {
      if (!open) {
        this.begin();
        try {
          const result = fn();
          this.commit();
          return result;
        } catch (error) {
          this.rollback();
          throw error;
        }
      }
      const name = `wsp${++depth}`;
      conn.query(`SAVEPOINT ${name}`);
      try {
        const result = fn();
        conn.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        if (open) conn.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      } finally {
        depth--;
      }
    },
  };
}
