import { badRequest, type RecordData, WardenError } from '@warden/sys-api';
import { isAccountExpired } from './account-expiry.js';
import { reachesLimit } from './login-attempts.js';
import { emailArg, ipOption, userByEmail } from './request-input.js';
import type { Session } from './sessions.js';
import { USERS } from './user-record.js';
import { statusOf, withStatus } from './user-status.js';
import { policyFor, type UsersContext } from './users-context.js';

/** What `signIn` returns: a session, or a demand to change an expired password first. */
export type SignInResult =
  | { status: 'ok'; session: Session }
  /** Complete the change with `completePasswordReset(resetCode, newPassword)`. */
  | { status: 'passwordExpired'; userId: string; resetCode: string };

/** Why a sign-in failed: for the `user.signInFailed` event only, never for the caller. */
export type SignInFailure = 'unknownEmail' | 'wrongPassword' | 'inactive' | 'blocked' | 'accountExpired';

/** How long the code of a `passwordExpired` result works: long enough to type a new password. */
export const PASSWORD_CHANGE_CODE_TTL_MS = 10 * 60_000;

/** One message for every failure, so that nothing about the account can be learned from it. */
export const INVALID = 'signIn: invalid email or password';

export function failureOf(
  ctx: UsersContext,
  user: RecordData | null,
  passwordOk: boolean,
): SignInFailure | null {
  if (!user) return 'unknownEmail';
  const status = statusOf(user);
  if (status === 'INACTIVE') return 'inactive';
  if (status === 'BLOCKED') return 'blocked';
  if (isAccountExpired(user, ctx.now())) return 'accountExpired';
  return passwordOk ? null : 'wrongPassword';
}

/** Counts a wrong password and blocks the user at the primary group's limit. */
export function countFailure(ctx: UsersContext, user: RecordData, data: Record<string, unknown>): void {
  const failures = ctx.attempts.fail(user.id!);
  ctx.emit('user.signInFailed', user.id!, user, null, { ...data, failures });
  if (reachesLimit(failures, policyFor(ctx, user)?.maxLoginAttempts)) {
    // The interceptor revokes the sessions and emits `user.blocked`.
    ctx.store.update(USERS, withStatus(user, 'BLOCKED'));
  }
}

/**
 * Host: signs a user in by email and password. Every failure throws the same `forbidden`; the
 * reason goes to the `user.signInFailed` event, which is committed with the failure count even
 * though the sign-in fails. The password is checked in every case (a decoy hash for unknown
 * emails), so the time taken does not tell whether an account exists.
 */
export function signIn(
  ctx: UsersContext,
  email: unknown,
  password: unknown,
  options?: unknown,
): SignInResult {
  const fn = 'signIn';
  emailArg(fn, email);
  if (typeof password !== 'string')
    throw badRequest(`${fn}: password must be a string, got ${typeof password}`);
  const ip = ipOption(fn, options);
  const result = ctx.store.transaction((): SignInResult | null => {
    const user = userByEmail(ctx.store, email as string);
    const passwordOk = ctx.credentials.verify(user?.id ?? '', password);
    const failure = failureOf(ctx, user, passwordOk);
    const data = { ip, reason: failure, email };
    if (failure === 'wrongPassword') countFailure(ctx, user!, data);
    else if (failure) ctx.emit('user.signInFailed', user?.id ?? '', user, null, data);
    if (failure) return null;
    const id = user!.id!;
    ctx.attempts.clear(id);
    if (ctx.credentials.isExpired(id)) {
      const { code } = ctx.codes.issue(id, Math.min(PASSWORD_CHANGE_CODE_TTL_MS, ctx.resetCodeTtlMs));
      return { status: 'passwordExpired', userId: id, resetCode: code };
    }
    const session = ctx.sessions.create(id, ip);
    ctx.emit('user.signedIn', id, user, null, { ip });
    return { status: 'ok', session };
  });
  if (!result) throw new WardenError('forbidden', INVALID);
  return result;
}
