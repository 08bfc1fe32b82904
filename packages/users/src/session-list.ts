import { badRequest } from '@warden/sys-api';
import { describe, loadUser } from './user-record.js';
import type { UsersContext } from './users-context.js';

/** One live session of a user, as `listSessions` shows it. Holds no token. */
export interface SessionInfo {
  sessionId: string;
  /** When the user signed in (refreshes keep it). */
  createdAt: number;
  /** When an access token of the session was last seen (to the minute), or issued. */
  lastUsedAt: number;
  ip: string | null;
  userAgent: string | null;
  /** When the current access token stops working. */
  expiresAt: number;
  /** When the session ends unless refreshed. */
  refreshExpiresAt: number;
}

interface Row {
  id: string;
  created: number;
  last_used: number;
  ip: string | null;
  user_agent: string | null;
  expires_at: number;
  refresh_expires_at: number;
}

/** Lists and revokes single sessions of `users_sessions` (the table `sessions.ts` owns). */
export function createSessionList(ctx: UsersContext) {
  const { db } = ctx.store;
  const list = db.prepare<[string, number], Row>(
    `SELECT id, coalesce(started_at, created_at) AS created, coalesce(last_used_at, created_at) AS last_used,
       ip, user_agent, expires_at, refresh_expires_at
     FROM users_sessions WHERE user_id = ? AND revoked_at IS NULL AND refresh_expires_at > ?
     ORDER BY last_used DESC, id`,
  );
  const revoke = db.prepare<[number, string, string]>(
    'UPDATE users_sessions SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL',
  );
  return {
    /** The user's sessions that can still be used or refreshed, most recently used first. */
    listSessions(user: unknown): SessionInfo[] {
      return ctx.store.transaction(() => {
        const id = loadUser(ctx.store, 'listSessions', user).id!;
        return list.all(id, ctx.now()).map((r) => ({
          sessionId: r.id,
          createdAt: r.created,
          lastUsedAt: r.last_used,
          ip: r.ip,
          userAgent: r.user_agent,
          expiresAt: r.expires_at,
          refreshExpiresAt: r.refresh_expires_at,
        }));
      });
    },
    /** Revokes one session of the user; false when it was not a live session of theirs. */
    revokeSession(user: unknown, sessionId: unknown): boolean {
      const fn = 'revokeSession';
      if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > 64) {
        throw badRequest(`${fn}: sessionId must be a session id, got ${describe(sessionId)}`);
      }
      return ctx.store.transaction(() => {
        const stored = loadUser(ctx.store, fn, user);
        const done = revoke.run(ctx.now(), sessionId, stored.id!).changes > 0;
        if (done) ctx.emit('user.sessionRevoked', stored.id!, stored, null, { sessionId });
        return done;
      });
    },
  };
}
