import { badRequest, WardenError } from '@warden/sys-api';
import type Database from 'better-sqlite3';
import { isBusyError } from './database-open.js';

/** How a run-long transaction starts. */
export interface BeginOptions {
  /**
   * `deferred` (default): a read snapshot, taken at the first statement; the write lock is taken
   * by `upgrade()` at the first write. `immediate`: the write lock now (`BEGIN IMMEDIATE`).
   */
  mode?: 'deferred' | 'immediate';
  /**
   * Epoch ms after which the run has no time left: an immediate begin waits for the write lock
   * until shortly before it (never longer than the connection's busy timeout).
   */
  deadline?: number;
}

/** Script-run transactions and nestable units of work over one connection. */
export interface Transactions {
  readonly inTransaction: boolean;
  /** True while the open transaction holds the write lock (immediate, or upgraded). */
  readonly writing: boolean;
  begin(options?: BeginOptions): void;
  /**
   * Takes the write lock for the open deferred transaction. Never waits: SQLite cannot upgrade a
   * read snapshot once another connection wrote, so a busy database throws a `timeout` with
   * `info.databaseBusy` (the run is to be replayed with an immediate begin).
   */
  upgrade(): void;
  commit(): void;
  rollback(): void;
  transaction<T>(fn: () => T): T;
}

/** What a run loses before its wall limit if it waits for the lock up to it: time to fail cleanly. */
const DEADLINE_MARGIN_MS = 75;

/** True for the `timeout` a transaction throws when the database was busy (`info.databaseBusy`). */
export function isDatabaseBusy(error: unknown): boolean {
  return error instanceof WardenError && error.code === 'timeout' && error.info.databaseBusy === true;
}

const busy = (message: string, cause?: unknown) =>
  new WardenError('timeout', message, { info: { databaseBusy: true }, cause });

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread: a run's host call is synchronous, so its wait for the lock is too. */
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

/**
 * Runs `BEGIN IMMEDIATE`, turning a busy database into a `timeout` error. With a deadline it polls
 * (SQLite's own busy handler sleeps in steps of up to 100 ms and overshoots) until shortly before
 * it, so the run fails with this error, not its wall limit.
 */
function beginImmediate(db: Database.Database, fn: string, busyMs: number, deadline?: number): void {
  if (deadline === undefined || deadline - Date.now() > busyMs + DEADLINE_MARGIN_MS) {
    try {
      db.exec('BEGIN IMMEDIATE');
      return;
    } catch (error) {
      if (!isBusyError(error)) throw error;
      throw busy(
        `${fn}: the database stayed busy (another writer holds it) for ${Math.trunc(busyMs)} ms`,
        error,
      );
    }
  }
  const started = Date.now();
  db.pragma('busy_timeout = 0');
  try {
    for (let pause = 1; ; pause = Math.min(pause * 2, 20)) {
      try {
        db.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (!isBusyError(error)) throw error;
      }
      const left = deadline - Date.now() - DEADLINE_MARGIN_MS;
      if (left <= 0) {
        throw busy(
          `${fn}: the database stayed busy (another writer holds it) for the ${Date.now() - started} ms the run had left`,
        );
      }
      sleep(Math.min(pause, left));
    }
  } finally {
    db.pragma(`busy_timeout = ${Math.trunc(busyMs)}`);
  }
}

function assertSync(result: unknown): void {
  if (result && typeof (result as { then?: unknown }).then === 'function') {
    throw badRequest('transaction: fn must be synchronous, it returned a promise');
  }
}

/**
 * Run-long transactions begin deferred: a run that only reads never takes the write lock, and one
 * that writes takes it at its first write (`upgrade`), not at its first read. Units of work
 * outside a run take the write lock up front (`BEGIN IMMEDIATE`), so that they wait on the busy
 * timeout instead of failing at their first write. Nested units use savepoints: an inner failure
 * rolls back only that unit.
 */
export function createTransactions(db: Database.Database, busyTimeoutMs: number): Transactions {
  let savepoints = 0;
  let writing = false;
  // A no-op write: it takes the write lock (and fails at once when another connection wrote since
  // the snapshot, or holds the lock) and changes no page.
  const touchWrite = db.prepare('DELETE FROM _warden_meta WHERE 0');
  const end = (sql: 'COMMIT' | 'ROLLBACK') => {
    try {
      db.exec(sql);
    } finally {
      if (!db.inTransaction) writing = false;
    }
  };
  return {
    get inTransaction() {
      return db.inTransaction;
    },
    get writing() {
      return db.inTransaction && writing;
    },
    begin(options = {}) {
      if (db.inTransaction) throw badRequest('begin: a transaction is already open');
      if (options.mode === 'immediate') {
        beginImmediate(db, 'begin', busyTimeoutMs, options.deadline);
        writing = true;
      } else {
        db.exec('BEGIN');
        writing = false;
      }
    },
    upgrade() {
      if (!db.inTransaction) throw badRequest('upgrade: no transaction is open');
      if (writing) return;
      try {
        touchWrite.run();
      } catch (error) {
        if (!isBusyError(error)) throw error;
        throw busy(
          'upgrade: the database is busy (another connection writes, or wrote since this run began)',
          error,
        );
      }
      writing = true;
    },
    commit() {
      if (!db.inTransaction) throw badRequest('commit: no transaction is open');
      end('COMMIT');
    },
    rollback() {
      if (db.inTransaction) end('ROLLBACK');
      writing = false;
    },
    transaction<T>(fn: () => T): T {
      if (!db.inTransaction) {
        beginImmediate(db, 'transaction', busyTimeoutMs);
        writing = true;
        try {
          const result = fn();
          assertSync(result);
          end('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) end('ROLLBACK');
          writing = false;
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
