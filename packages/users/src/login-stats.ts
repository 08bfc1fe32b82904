import type BetterSqlite3 from 'better-sqlite3';

/** A user's sign-in statistics (Auth0's and Authing's `loginsCount`, `lastLogin`, `lastIp`). */
export interface LoginStats {
  /** Successful sign-ins (a session issued), all time. */
  loginsCount: number;
  /** When the last one happened (epoch ms), or null. */
  lastLogin: number | null;
  /** The ip the host gave for it, or null. */
  lastIp: string | null;
}

/**
 * Statistics in `users_login_stats`, one row per user, written in the sign-in's transaction.
 * Kept beside the record rather than in it: a sign-in must not bump the user's version (a
 * script editing the user would then fail its optimistic check) nor fire `record.changed`.
 */
export interface LoginStatsTable {
  record(userId: string, ip: string | null): void;
  get(userId: string): LoginStats;
  removeUser(userId: string): void;
}

export function createLoginStats(db: BetterSqlite3.Database, now: () => number): LoginStatsTable {
  db.exec(`CREATE TABLE IF NOT EXISTS users_login_stats (
    user_id TEXT PRIMARY KEY,
    logins_count INTEGER NOT NULL,
    last_login INTEGER NOT NULL,
    last_ip TEXT
  )`);
  const bump = db.prepare<[string, number, string | null]>(
    `INSERT INTO users_login_stats (user_id, logins_count, last_login, last_ip) VALUES (?, 1, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET logins_count = logins_count + 1,
       last_login = excluded.last_login, last_ip = excluded.last_ip`,
  );
  const select = db.prepare<[string], { logins_count: number; last_login: number; last_ip: string | null }>(
    'SELECT logins_count, last_login, last_ip FROM users_login_stats WHERE user_id = ?',
  );
  const drop = db.prepare<[string]>('DELETE FROM users_login_stats WHERE user_id = ?');
  return {
    record(userId, ip) {
      bump.run(userId, now(), ip);
    },
    get(userId) {
      const row = select.get(userId);
      return row
        ? { loginsCount: row.logins_count, lastLogin: row.last_login, lastIp: row.last_ip }
        : { loginsCount: 0, lastLogin: null, lastIp: null };
    },
    removeUser(userId) {
      drop.run(userId);
    },
  };
}
