import type { RecordData } from '@warden/sys-api';
import type { ClientInfo, Session } from './sessions.js';
import { groupItems } from './user-groups.js';
import { policyFor, type UsersContext } from './users-context.js';

/** How long the code of a `passwordExpired` result works: long enough to type a new password. */
export const PASSWORD_CHANGE_CODE_TTL_MS = 10 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/** What a sign-in with a right password answers. */
export type SignInResult =
  | { status: 'ok'; session: Session }
  /** Complete the change with `completePasswordReset(resetCode, newPassword)`. */
  | { status: 'passwordExpired'; userId: string; resetCode: string }
  /**
   * Give the second factor with `completeMfa(challenge, code)` before `expiresAt`. When the
   * user's group requires MFA and the user has none yet, `enrollment` carries a new secret: the
   * first code from it enrols the factor.
   */
  | {
      status: 'mfaRequired';
      challenge: string;
      expiresAt: number;
      enrollment?: { secret: string; uri: string };
    };

/** True when the user's password is older than their primary group's `expirationDays`. */
export function passwordAged(ctx: UsersContext, user: RecordData): boolean {
  const days = policyFor(ctx, user)?.expirationDays;
  if (!days || days <= 0) return false;
  const changed = ctx.credentials.changedAt(user.id!);
  return changed !== null && changed + days * DAY_MS <= ctx.now();
}

/** True when any group of the user requires a second factor. */
export function groupRequiresMfa(ctx: UsersContext, user: RecordData): boolean {
  const names = new Set(groupItems(user).map((i) => i.group));
  return ctx.store.app.groups.some((g) => g.mfaRequired === true && names.has(g.name));
}

/**
 * The last step of a sign-in, inside its transaction, once the password (and the second factor,
 * `mfaDone`) are right: an expired or aged password answers a change code; otherwise the login
 * statistics are counted and a session issued.
 */
export function finishSignIn(ctx: UsersContext, user: RecordData, client: ClientInfo): SignInResult {
  const id = user.id!;
  ctx.attempts.clear(id);
  if (ctx.credentials.isExpired(id) || passwordAged(ctx, user)) {
    const { code } = ctx.codes.issue(id, Math.min(PASSWORD_CHANGE_CODE_TTL_MS, ctx.resetCodeTtlMs));
    return { status: 'passwordExpired', userId: id, resetCode: code };
  }
  ctx.account.stats.record(id, client.ip);
  const session = ctx.sessions.create(id, client);
  ctx.emit('user.signedIn', id, user, null, { ip: client.ip });
  return { status: 'ok', session };
}

/**
 * `finishSignIn` after a right password: first a challenge when the user has a second factor
 * or a group requires one. Failed counts are not cleared until the second factor is given.
 */
export function admitSignIn(ctx: UsersContext, user: RecordData, client: ClientInfo): SignInResult {
  const id = user.id!;
  const { totp, challenges } = ctx.account;
  const enrolled = totp.enrolled(id);
  if (!enrolled && !groupRequiresMfa(ctx, user)) return finishSignIn(ctx, user, client);
  const enrollment = enrolled ? undefined : totp.begin('signIn', id, String(user.fields.email ?? ''));
  const { challenge, expiresAt } = challenges.create(id, client, !enrolled);
  return { status: 'mfaRequired', challenge, expiresAt, ...(enrollment ? { enrollment } : {}) };
}
