import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';

/** A signed-in session as the host receives it. The tokens exist in plaintext only here. */
export interface Session {
  /** The access token: present it to `verify`. */
  token: string;
  /** Exchanged once for a new pair through `refresh`. */
  refreshToken: string;
  /** When the access token stops working (epoch ms). */
  expiresAt: number;
  /** When the refresh token stops working (epoch ms). */
  refreshExpiresAt: number;
  userId: string;
}

/** What a refresh token is worth: a new pair, a replay of a rotated token, or nothing. */
export type RefreshOutcome =
  | { kind: 'rotated'; session: Session }
  | { kind: 'reused'; userId: string }
  | { kind: 'invalid' };

/** Sessions in `users_sessions`. Tokens are 256-bit random; only their SHA-256 is stored. */
export interface Sessions {
  create(userId: string, ip: string | null): Session;
  /** The user id of a live access token (not expired, not revoked), else null. */
  userOf(token: string): string | null;
  /**
   * Rotates a refresh token: the old session is revoked and a new one of the same family
   * issued. A token that was already rotated is a replay: the whole family is revoked.
   */
  refresh(refreshToken: string): RefreshOutcome;
  /** Revokes the session of an access token; false when there was no live one. */
  revoke(token: string): boolean;
  /** Revokes every live session of the user; returns how many. */
  revokeUser(userId: string): number;
  /** Forgets every session row of the user (on removal). */
  removeUser(userId: string): void;
}

interface Row {
  id: string;
  family_id: string;
  user_id: string;
  expires_at: number;
  refresh_expires_at: number;
  ip: string | null;
  revoked_at: number | null;
  rotated: number;
}

const newToken = () => randomBytes(32).toString('base64url');
const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
// A token we issued is 43 characters; anything far from that cannot match and is not hashed.
const plausible = (token: unknown): token is string =>
  typeof token === 'string' && token.length > 0 && token.length <= 200;

/** Sessions on the store's connection, so that revocations join the caller's transaction. */
export function createSessions(
  db: BetterSqlite3.Database,
  now: () => number,
  ttl: { sessionMs: number; refreshMs: number },
): Sessions {
  db.exec(`CREATE TABLE IF NOT EXISTS users_sessions (
    id TEXT PRIMARY KEY,
    family_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    refresh_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    refresh_expires_at INTEGER NOT NULL,
    ip TEXT,
    revoked_at INTEGER,
    rotated INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX IF NOT EXISTS users_sessions_user ON users_sessions (user_id);
  CREATE INDEX IF NOT EXISTS users_sessions_family ON users_sessions (family_id);
  -- Every new session prunes the dead ones: by index, not by reading the table.
  CREATE INDEX IF NOT EXISTS users_sessions_refresh_expiry ON users_sessions (refresh_expires_at)`);
  const insert = db.prepare(
    `INSERT INTO users_sessions (id, family_id, user_id, token_hash, refresh_hash, created_at,
       expires_at, refresh_expires_at, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const cols = 'id, family_id, user_id, expires_at, refresh_expires_at, ip, revoked_at, rotated';
  const byToken = db.prepare<[string], Row>(`SELECT ${cols} FROM users_sessions WHERE token_hash = ?`);
  const byRefresh = db.prepare<[string], Row>(`SELECT ${cols} FROM users_sessions WHERE refresh_hash = ?`);
  const revokeRow = db.prepare<[number, number, string]>(
    'UPDATE users_sessions SET revoked_at = ?, rotated = ? WHERE id = ? AND revoked_at IS NULL',
  );
  const revokeFamily = db.prepare<[number, string]>(
    'UPDATE users_sessions SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL',
  );
  const revokeUser = db.prepare<[number, string]>(
    'UPDATE users_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL',
  );
  const removeUser = db.prepare<[string]>('DELETE FROM users_sessions WHERE user_id = ?');
  // Rows are kept until their refresh token is dead, so that replays are still recognised.
  const prune = db.prepare<[number]>('DELETE FROM users_sessions WHERE refresh_expires_at <= ?');

  const issue = (userId: string, familyId: string, ip: string | null): Session => {
    const t = now();
    prune.run(t);
    const session = {
      token: newToken(),
      refreshToken: newToken(),
      expiresAt: t + ttl.sessionMs,
      refreshExpiresAt: t + ttl.refreshMs,
      userId,
    };
    insert.run(
      randomUUID(),
      familyId,
      userId,
      digest(session.token),
      digest(session.refreshToken),
      t,
      session.expiresAt,
      session.refreshExpiresAt,
      ip,
    );
    return session;
  };

  return {
    create: (userId, ip) => issue(userId, randomUUID(), ip),
    userOf(token) {
      const row = plausible(token) ? byToken.get(digest(token)) : undefined;
      return row && row.revoked_at === null && row.expires_at > now() ? row.user_id : null;
    },
    refresh(refreshToken) {
      const row = plausible(refreshToken) ? byRefresh.get(digest(refreshToken)) : undefined;
      if (!row || row.refresh_expires_at <= now()) return { kind: 'invalid' };
      if (row.rotated === 1) {
        revokeFamily.run(now(), row.family_id);
        return { kind: 'reused', userId: row.user_id };
      }
      if (row.revoked_at !== null) return { kind: 'invalid' };
      revokeRow.run(now(), 1, row.id);
      return { kind: 'rotated', session: issue(row.user_id, row.family_id, row.ip) };
    },
    revoke(token) {
      const row = plausible(token) ? byToken.get(digest(token)) : undefined;
      return row ? revokeRow.run(now(), 0, row.id).changes > 0 : false;
    },
    revokeUser: (userId) => revokeUser.run(now(), userId).changes,
    removeUser(userId) {
      removeUser.run(userId);
    },
  };
}
