import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';

/** How many requests one key may make within a sliding window. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/** A sliding-window log of requests per key, in `users_rate_events`. */
export interface RateLimiter {
  /**
   * True, and the request is logged, when every key is under its limit; false (nothing logged)
   * when any key is at it. Refused requests are not logged, so a flood does not extend the wait.
   */
  admit(keys: { key: string; limit: RateLimit }[]): boolean;
}

// Keys hold what callers typed (emails of strangers, ips): keep only their digest.
const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * The limiter on the store's connection, so that the log joins the caller's transaction.
 * Each call prunes every key it names by that key's own window; rows of keys that never come
 * back are swept once they are older than `retainMs`, the longest window any caller uses (a
 * call's own longer window extends it). A shorter window in one call therefore never erases
 * history that another key's longer window still counts.
 */
export function createRateLimiter(db: BetterSqlite3.Database, now: () => number, retainMs = 0): RateLimiter {
  db.exec(`CREATE TABLE IF NOT EXISTS users_rate_events (
    key_hash TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS users_rate_events_key ON users_rate_events (key_hash, at);
  -- Every admitted request prunes the old events: by index, not by reading the table.
  CREATE INDEX IF NOT EXISTS users_rate_events_at ON users_rate_events (at)`);
  const count = db.prepare<[string, number], { n: number }>(
    'SELECT count(*) AS n FROM users_rate_events WHERE key_hash = ? AND at > ?',
  );
  const log = db.prepare<[string, number]>('INSERT INTO users_rate_events (key_hash, at) VALUES (?, ?)');
  const pruneKey = db.prepare<[string, number]>(
    'DELETE FROM users_rate_events WHERE key_hash = ? AND at <= ?',
  );
  const sweep = db.prepare<[number]>('DELETE FROM users_rate_events WHERE at <= ?');
  let longest = retainMs;

  return {
    admit(keys) {
      const t = now();
      const hashed = keys.map(({ key, limit }) => ({ hash: digest(key), limit }));
      for (const { hash, limit } of hashed) {
        longest = Math.max(longest, limit.windowMs);
        pruneKey.run(hash, t - limit.windowMs);
      }
      // Forget what no window can still see, whoever it belongs to.
      sweep.run(t - longest);
      const open = hashed.every(({ hash, limit }) => count.get(hash, t - limit.windowMs)!.n < limit.max);
      if (open) for (const { hash } of hashed) log.run(hash, t);
      return open;
    },
  };
}
