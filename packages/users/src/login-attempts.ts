import type BetterSqlite3 from 'better-sqlite3';

/** Consecutive failed sign-ins per user, in `users_login_attempts`. */
export interface LoginAttempts {
  /** Counts one more failure; returns the count so far. */
  fail(userId: string): number;
  /** The current count (0 when none). */
  count(userId: string): number;
  /** Back to zero: after a good sign-in, a password change or reset, an unblock, a removal. */
  clear(userId: string): void;
}

/** The counter on the store's connection, so that it joins the sign-in's transaction. */
export function createLoginAttempts(db: BetterSqlite3.Database, now: () => number): LoginAttempts {
  db.exec(`CREATE TABLE IF NOT EXISTS users_login_attempts (
    user_id TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failed_at INTEGER NOT NULL
  )`);
  const bump = db.prepare<[string, number], { failures: number }>(
    `INSERT INTO users_login_attempts (user_id, failures, last_failed_at) VALUES (?, 1, ?)
     ON CONFLICT (user_id) DO UPDATE SET failures = failures + 1, last_failed_at = excluded.last_failed_at
     RETURNING failures`,
  );
  const select = db.prepare<[string], { failures: number }>(
    'SELECT failures FROM users_login_attempts WHERE user_id = ?',
  );
  const drop = db.prepare<[string]>('DELETE FROM users_login_attempts WHERE user_id = ?');
  return {
    fail: (userId) => bump.get(userId, now())!.failures,
    count: (userId) => select.get(userId)?.failures ?? 0,
    clear(userId) {
      drop.run(userId);
    },
  };
}

/**
 * True when `failures` reaches the group's limit. No limit (absent or 0) means no lockout:
 * blocking is opt-in per group, since it also lets anyone lock a known user out.
 */
export function reachesLimit(failures: number, maxLoginAttempts: number | undefined): boolean {
  return typeof maxLoginAttempts === 'number' && maxLoginAttempts > 0 && failures >= maxLoginAttempts;
}
