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
  /** The session's id (not a secret): what `listSessions` shows and `revokeSession` takes. */
  sessionId: string;
  /** A signed JWT access token, when the host turned them on (`UsersOptions.accessTokens`). */
  accessToken?: string;
}

/** Where a session was started from, as the host saw the request. */
export interface ClientInfo {
  ip: string | null;
  userAgent?: string | null;
}

/** What a refresh token is worth: a new pair, a replay of a rotated token, or nothing. */
export type RefreshOutcome =
  | { kind: 'rotated'; session: Session }
  | { kind: 'reused'; userId: string }
  | { kind: 'invalid' };

/** Sessions in `users_sessions`. Tokens are 256-bit random; only their SHA-256 is stored. */
export interface Sessions {
  create(userId: string, client: ClientInfo | string | null): Session;
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
  /**
   * Records that a live access token was used (at most once a minute per session, so that
   * verifying stays a read nearly always). Best effort: skipped while the database is busy.
   */
  touch(token: string): void;
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
  user_agent: string | null;
  started_at: number | null;
}

const newToken = () => randomBytes(32).toString('base64url');
const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
// A token we issued is 43 characters; anything far from that cannot match and is not hashed.
const plausible = (token: unknown): token is string =>
  typeof token === 'string' && token.length > 0 && token.length <= 200;

/** Columns that came with session listing; databases made before get them on open. */
function addSessionDetailColumns(db: BetterSqlite3.Database): void {
  const have = new Set(
    (db.prepare('PRAGMA table_info(users_sessions)').all() as { name: string }[]).map((c) => c.name),
  );
  for (const [name, type] of [
    ['user_agent', 'TEXT'],
    ['started_at', 'INTEGER'],
    ['last_used_at', 'INTEGER'],
  ]) {
    if (!have.has(name!)) db.exec(`ALTER TABLE users_sessions ADD COLUMN ${name} ${type}`);
  }
}

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
  addSessionDetailColumns(db);
  const insert = db.prepare(
    `INSERT INTO users_sessions (id, family_id, user_id, token_hash, refresh_hash, created_at,
       expires_at, refresh_expires_at, ip, user_agent, started_at, last_used_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const cols =
    'id, family_id, user_id, expires_at, refresh_expires_at, ip, revoked_at, rotated, user_agent, started_at';
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
  const touch = db.prepare<[number, string, number]>(
    `UPDATE users_sessions SET last_used_at = ? WHERE token_hash = ? AND revoked_at IS NULL
       AND (last_used_at IS NULL OR last_used_at < ?)`,
  );
  // Rows are kept until their refresh token is dead, so that replays are still recognised.
  const prune = db.prepare<[number]>('DELETE FROM users_sessions WHERE refresh_expires_at <= ?');

  const issue = (userId: string, familyId: string, client: ClientInfo, startedAt?: number): Session => {
    const t = now();
    const sessionId = randomUUID();
    prune.run(t);
    const session = {
      token: newToken(),
      refreshToken: newToken(),
      expiresAt: t + ttl.sessionMs,
      refreshExpiresAt: t + ttl.refreshMs,
      userId,
      sessionId,
    };
    insert.run(
      sessionId,
      familyId,
      userId,
      digest(session.token),
      digest(session.refreshToken),
      t,
      session.expiresAt,
      session.refreshExpiresAt,
      client.ip,
      client.userAgent ?? null,
      startedAt ?? t,
      t,
    );
    return session;
  };

  return {
    create: (userId, client) =>
      issue(userId, randomUUID(), typeof client === 'object' && client !== null ? client : { ip: client }),
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
      const client = { ip: row.ip, userAgent: row.user_agent };
      return {
        kind: 'rotated',
        session: issue(row.user_id, row.family_id, client, row.started_at ?? undefined),
      };
    },
    revoke(token) {
      const row = plausible(token) ? byToken.get(digest(token)) : undefined;
      return row ? revokeRow.run(now(), 0, row.id).changes > 0 : false;
    },
    revokeUser: (userId) => revokeUser.run(now(), userId).changes,
    removeUser(userId) {
      removeUser.run(userId);
    },
    touch(token) {
      if (!plausible(token)) return;
      const t = now();
      try {
        touch.run(t, digest(token), t - 60_000);
      } catch (error) {
        if (!String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) throw error;
      }
    },
  };
}
