import { badRequest, WardenError } from '@warden/sys-api';
import type Database from 'better-sqlite3';
import { isBusyError } from './database-open.js';

/** Script-run transactions and nestable units of work over one connection. */
export interface Transactions {
  readonly inTransaction: boolean;
  begin(): void;
  commit(): void;
  rollback(): void;
  transaction<T>(fn: () => T): T;
}

/** Runs `BEGIN IMMEDIATE`, turning a busy database into a `timeout` error. */
function beginImmediate(db: Database.Database, fn: string): void {
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if (!isBusyError(error)) throw error;
    throw new WardenError('timeout', `${fn}: the database stayed busy (another writer holds it)`, {
      cause: error,
    });
  }
}

function assertSync(result: unknown): void {
  if (result && typeof (result as { then?: unknown }).then === 'function') {
    throw badRequest('transaction: fn must be synchronous, it returned a promise');
  }
}

/**
 * Transactions take the write lock up front (`BEGIN IMMEDIATE`), so that concurrent writers
 * wait on the busy timeout instead of failing at their first write. Nested units of work
 * use savepoints: an inner failure rolls back only that unit.
 */
export function createTransactions(db: Database.Database): Transactions {
  let savepoints = 0;
  return {
    get inTransaction() {
      return db.inTransaction;
    },
    begin() {
      if (db.inTransaction) throw badRequest('begin: a transaction is already open');
      beginImmediate(db, 'begin');
    },
    commit() {
      if (!db.inTransaction) throw badRequest('commit: no transaction is open');
      db.exec('COMMIT');
    },
    rollback() {
      if (db.inTransaction) db.exec('ROLLBACK');
    },
    transaction<T>(fn: () => T): T {
      if (!db.inTransaction) {
        beginImmediate(db, 'transaction');
        try {
          const result = fn();
          assertSync(result);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }
      const name = `warden_sp_${++savepoints}`;
      db.exec(`SAVEPOINT ${name}`);
      try {
        const result = fn();
        assertSync(result);
        db.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        throw error;
      } finally {
        savepoints--;
      }
    },
  };
}
