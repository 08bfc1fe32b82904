import { createHash, randomBytes } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';

/** A freshly issued code: the plaintext exists only in this value (and the mail that carries it). */
export interface IssuedCode {
  code: string;
  expiresAt: number;
}

/** Single-use, expiring password reset codes. The table holds only their SHA-256. */
export interface ResetCodes {
  /** A new 256-bit code for the user; every older code of the user stops working. */
  issue(userId: string, ttlMs: number): IssuedCode;
  /** The user id the code was issued to, and spends the code; null when unknown, used or expired. */
  consume(code: string): string | null;
  /** The user id for a valid code, without spending it. */
  peek(code: string): string | null;
  /** Voids every code of the user. */
  revoke(userId: string): void;
}

const digest = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex');

/** Reset codes in `users_reset_codes`, on the store's connection. */
export function createResetCodes(db: BetterSqlite3.Database, now: () => number): ResetCodes {
  db.exec(`CREATE TABLE IF NOT EXISTS users_reset_codes (
    code_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS users_reset_codes_user ON users_reset_codes (user_id);
  -- Every new code prunes the expired ones: by index, not by reading the table.
  CREATE INDEX IF NOT EXISTS users_reset_codes_expiry ON users_reset_codes (expires_at)`);
  const insert = db.prepare<[string, string, number, number]>(
    'INSERT INTO users_reset_codes (code_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)',
  );
  const select = db.prepare<[string], { user_id: string; expires_at: number }>(
    'SELECT user_id, expires_at FROM users_reset_codes WHERE code_hash = ?',
  );
  const dropCode = db.prepare<[string]>('DELETE FROM users_reset_codes WHERE code_hash = ?');
  const dropUser = db.prepare<[string]>('DELETE FROM users_reset_codes WHERE user_id = ?');
  const dropExpired = db.prepare<[number]>('DELETE FROM users_reset_codes WHERE expires_at <= ?');

  const lookup = (code: string) => {
    if (typeof code !== 'string' || code.length === 0 || code.length > 200) return null;
    const hash = digest(code);
    const row = select.get(hash);
    return row ? { hash, userId: row.user_id, live: row.expires_at > now() } : null;
  };

  return {
    issue(userId, ttlMs) {
      const t = now();
      dropExpired.run(t);
      dropUser.run(userId);
      const code = randomBytes(32).toString('base64url');
      insert.run(digest(code), userId, t + ttlMs, t);
      return { code, expiresAt: t + ttlMs };
    },
    consume(code) {
      const found = lookup(code);
      if (!found) return null;
      dropCode.run(found.hash);
      return found.live ? found.userId : null;
    },
    peek: (code) => {
      const found = lookup(code);
      return found?.live ? found.userId : null;
    },
    revoke(userId) {
      dropUser.run(userId);
    },
  };
}
