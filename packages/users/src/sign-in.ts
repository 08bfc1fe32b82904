import { badRequest, type RecordData, WardenError } from '@warden/sys-api';
import { isAccountExpired } from './account-expiry.js';
import { userByIdentifier } from './identifiers.js';
import { reachesLimit } from './login-attempts.js';
import { clientOption, emailArg } from './request-input.js';
import { admitSignIn, type SignInResult } from './sign-in-outcome.js';
import { USERS } from './user-record.js';
import { stateOf } from './user-states.js';
import { statusOf, withStatus } from './user-status.js';
import { policyFor, type UsersContext } from './users-context.js';

export { PASSWORD_CHANGE_CODE_TTL_MS, type SignInResult } from './sign-in-outcome.js';

/** Why a sign-in failed: for the `user.signInFailed` event only, never for the caller. */
export type SignInFailure =
  | 'unknownEmail'
  | 'wrongPassword'
  | 'inactive'
  | 'blocked'
  | 'accountExpired'
  | 'emailUnverified'
  | 'wrongSecondFactor'
  | 'notPublic';

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
  if (stateOf(user) !== 'PUBLIC') return 'notPublic';
  if (isAccountExpired(user, ctx.now())) return 'accountExpired';
  if (!passwordOk) return 'wrongPassword';
  // With verification on, an account made by sign-up works once its email is confirmed.
  return ctx.store.app.users?.emailVerification && user.fields.emailVerified === false
    ? 'emailUnverified'
    : null;
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
  const client = clientOption(fn, options);
  const ip = client.ip;
  const result = ctx.store.transaction((): SignInResult | null => {
    const user = userByIdentifier(ctx.store, email as string);
    const passwordOk = ctx.credentials.verify(user?.id ?? '', password);
    const failure = failureOf(ctx, user, passwordOk);
    const data = { ip, reason: failure, email };
    if (failure === 'wrongPassword') countFailure(ctx, user!, data);
    else if (failure) ctx.emit('user.signInFailed', user?.id ?? '', user, null, data);
    if (failure) return null;
    return admitSignIn(ctx, user!, client);
  });
  if (!result) throw new WardenError('forbidden', INVALID);
  return result;
}
