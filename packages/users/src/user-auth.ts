import type { RecordData } from '@warden/sys-api';
import { sweepExpired } from './account-expiry.js';
import { type ResetRequestResult, requestPasswordReset } from './reset-request.js';
import { refreshSession, revokeSessions, signOut, verifySession } from './session-flows.js';
import type { Session } from './sessions.js';
import { type SignInResult, signIn } from './sign-in.js';
import { signInAsync } from './sign-in-async.js';
import { loadUser, type UserRef } from './user-record.js';
import { saveIfChanged, withStatus } from './user-status.js';
import type { UsersContext } from './users-context.js';

/** Host calls for sign-in, sessions and account state (not part of `sys.users`). */
export interface UserAuth {
  /**
   * Signs in by email (or a configured username or phone) and password: a session,
   * `passwordExpired` with a short-lived code for `completePasswordReset`, or `mfaRequired`
   * with a challenge for `completeMfa`. Every failure is the same `forbidden` ("invalid email or
   * password"); failures count per user and block at the primary group's `maxLoginAttempts`.
   */
  signIn(
    email: string,
    password: string,
    options?: { ip?: string | null; userAgent?: string | null },
  ): SignInResult;
  /**
   * `signIn` off the calling thread and outside any transaction: scrypt on libuv's thread pool,
   * then one short transaction through `UsersOptions.atomic`. Same answers and counting.
   */
  signInAsync(
    email: string,
    password: string,
    options?: { ip?: string | null; userAgent?: string | null },
  ): Promise<SignInResult>;
  /** Ends the session of an access token; unknown or ended tokens are ignored. */
  signOut(token: string): void;
  /** The user of a live access token; `forbidden` when it is unknown, expired or revoked. */
  verify(token: string): RecordData;
  /** A new session pair for a refresh token (rotation); replaying a used one revokes its family. */
  refresh(refreshToken: string): Session;
  /** Revokes every live session of the user; returns how many. */
  revokeSessions(user: UserRef): number;
  /** The "forgot password" request: `{accepted: true}` always; mails only real accounts; rate limited. */
  requestPasswordReset(email: string, options?: { ip?: string | null }): ResetRequestResult;
  /** Sets expired accounts INACTIVE (sessions revoked, `user.expired` emitted); returns how many. */
  sweepExpired(now?: number): number;
  /** Status BLOCKED (sessions revoked); nothing changes when it already is. */
  block(user: UserRef): RecordData;
}

/** The host's sign-in and session calls over the users context. */
export function createUserAuth(ctx: UsersContext): UserAuth {
  return {
    signIn: (email, password, options) => signIn(ctx, email, password, options),
    signInAsync: (email, password, options) => signInAsync(ctx, email, password, options),
    signOut: (token) => signOut(ctx, token),
    verify: (token) => verifySession(ctx, token),
    refresh: (refreshToken) => refreshSession(ctx, refreshToken),
    revokeSessions: (user) => revokeSessions(ctx, user),
    requestPasswordReset: (email, options) => requestPasswordReset(ctx, email, options),
    sweepExpired: (now) => sweepExpired(ctx, now),
    block: (user) =>
      ctx.store.transaction(() => {
        const stored = loadUser(ctx.store, 'block', user);
        return saveIfChanged(ctx.store, stored, withStatus(stored, 'BLOCKED'));
      }),
  };
}
