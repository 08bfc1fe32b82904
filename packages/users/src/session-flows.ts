import { badRequest, type RecordData, WardenError } from '@warden/sys-api';
import { isAccountExpired } from './account-expiry.js';
import type { Session } from './sessions.js';
import { describe, USERS, userIdOf } from './user-record.js';
import { stateOf } from './user-states.js';
import { statusOf } from './user-status.js';
import type { UsersContext } from './users-context.js';

function token(fn: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw badRequest(`${fn}: ${name} must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/**
 * The user a session belongs to, while the account may still be used. Status changes revoke
 * sessions already (the users interceptor runs for lite saves too); this also covers a status
 * written behind the interceptor and accounts past their expiration date that the sweeper has not
 * reached yet.
 */
function usableUser(ctx: UsersContext, userId: string | null): RecordData | null {
  const user = userId ? ctx.store.findById(USERS, userId) : null;
  return user &&
    statusOf(user) === 'ACTIVE' &&
    stateOf(user) === 'PUBLIC' &&
    !isAccountExpired(user, ctx.now())
    ? user
    : null;
}

/** Host: the user of a live access token; `forbidden` when it is unknown, expired or revoked. */
export function verifySession(ctx: UsersContext, accessToken: unknown): RecordData {
  const fn = 'verify';
  const value = token(fn, 'token', accessToken);
  const user = usableUser(ctx, ctx.sessions.userOf(value));
  if (!user) throw new WardenError('forbidden', `${fn}: the session token is unknown, expired or revoked`);
  ctx.sessions.touch(value); // for listSessions' lastUsedAt
  return user;
}

/** Host: ends the session of an access token. Signing out twice is not an error. */
export function signOut(ctx: UsersContext, accessToken: unknown): void {
  const value = token('signOut', 'token', accessToken);
  ctx.store.transaction(() => ctx.sessions.revoke(value));
}

/**
 * Host: a new session pair for a refresh token; the old pair stops working (rotation). A
 * refresh token works once: presenting it again means it was copied, so every session that
 * descends from the same sign-in is revoked (committed, though the call fails).
 */
export function refreshSession(ctx: UsersContext, refreshToken: unknown): Session {
  const fn = 'refresh';
  const value = token(fn, 'refreshToken', refreshToken);
  const session = ctx.store.transaction(() => {
    const outcome = ctx.sessions.refresh(value);
    if (outcome.kind !== 'rotated') return null;
    if (usableUser(ctx, outcome.session.userId)) return outcome.session;
    ctx.sessions.revoke(outcome.session.token);
    return null;
  });
  if (!session) {
    throw new WardenError(
      'forbidden',
      `${fn}: the refresh token is unknown, expired, revoked or already used`,
    );
  }
  return session;
}

/** Host: revokes every live session of the user; returns how many there were. */
export function revokeSessions(ctx: UsersContext, user: unknown): number {
  const id = userIdOf('revokeSessions', user);
  return ctx.store.transaction(() => ctx.sessions.revokeUser(id));
}
