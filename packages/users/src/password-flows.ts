import { badRequest, notFound, validationErrors } from '@warden/sys-api';
import { checkCurrentPassword, flushPasswordFailures } from './current-password.js';
import { normalizePassword } from './password-hasher.js';
import { checkPassword } from './password-policy.js';
import { codeMailData, issueCodeLink, mailUserTemplate } from './user-mail.js';
import { emailOf, loadUser, USERS, type UserRef } from './user-record.js';
import { saveIfChanged, unblocked, withPasswordExpired } from './user-status.js';
import { policyFor, type UsersContext } from './users-context.js';

/** What `resetPassword` returns. The code is also in the link; it works once, until it expires. */
export interface ResetPasswordResult {
  userId: string;
  userEmail: string;
  resetCode: string;
  link: string;
}

/** What `updatePassword` and `completePasswordReset` return. */
export interface PasswordChangeResult {
  userId: string;
  userEmail: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function options(fn: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isObject(value))
    throw badRequest(
      `${fn}: options must be an object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
  return value;
}

function flag(fn: string, opts: Record<string, unknown>, name: string): boolean {
  const v = opts[name];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw badRequest(`${fn}: options.${name} must be a boolean, got ${typeof v}`);
  return v;
}

// Never echo a password back: name its type only.
function secret(
  fn: string,
  opts: Record<string, unknown>,
  name: string,
  required: boolean,
): string | undefined {
  const v = opts[name];
  if ((v === undefined || v === null) && !required) return undefined;
  if (typeof v !== 'string')
    throw badRequest(`${fn}: options.${name} must be a string, got ${v === null ? 'null' : typeof v}`);
  return v;
}

/** `sys.users.resetPassword`: a new reset code (older ones stop working); unblocks; may mail it. */
export function resetPassword(ctx: UsersContext, ref: UserRef, opts?: unknown): ResetPasswordResult {
  const fn = 'sys.users.resetPassword';
  const o = options(fn, opts);
  const notify = flag(fn, o, 'notifyUser') || flag(fn, o, 'notify');
  return ctx.store.transaction(() => {
    const stored = loadUser(ctx.store, fn, ref);
    const user = saveIfChanged(ctx.store, stored, unblocked(stored));
    const link = issueCodeLink(ctx, user.id!, 'reset', ctx.resetCodeTtlMs);
    if (notify) mailUserTemplate(ctx, 'reset', user, codeMailData(ctx, link));
    ctx.emit('user.passwordReset', user.id!, user, stored, { via: 'resetPassword', notified: notify });
    return { userId: user.id!, userEmail: emailOf(user), resetCode: link.code, link: link.link };
  });
}

/**
 * Sets a checked password, clears the expired flag, unblocks, voids reset codes, ends every
 * session of the user (the current one too: the host signs in again), clears failed sign-ins.
 */
function setPassword(
  ctx: UsersContext,
  fn: string,
  userId: string,
  password: string,
  via: 'updatePassword' | 'resetCode',
) {
  const user = loadUser(ctx.store, fn, userId);
  // Normalized once: the policy judges the string that is hashed.
  const text = normalizePassword(password);
  const broken = checkPassword(text, policyFor(ctx, user), 'newPassword');
  if (broken.length) throw validationErrors(broken, `${fn}: newPassword does not meet the password policy`);
  ctx.credentials.set(userId, text, { expired: false });
  ctx.codes.revoke(userId);
  ctx.sessions.revokeUser(userId);
  ctx.attempts.clear(userId);
  const saved = saveIfChanged(ctx.store, user, unblocked(withPasswordExpired(user, false)));
  ctx.emit('user.passwordUpdated', userId, saved, user, { via });
  return saved;
}

/**
 * `sys.users.updatePassword`: checks the current password (not needed when the user has none),
 * applies the primary group's policy, sets the new one, unblocks, and may mail a notice. A wrong
 * current password counts as a failed sign-in (`checkCurrentPassword`), even when the call fails.
 */
export function updatePassword(ctx: UsersContext, ref: UserRef, opts?: unknown): PasswordChangeResult {
  const fn = 'sys.users.updatePassword';
  const o = options(fn, opts);
  const notify = flag(fn, o, 'notifyUser');
  const current = secret(fn, o, 'currentPassword', false);
  const next = secret(fn, o, 'newPassword', true)!;
  // Inside a script run the failure count cannot be written in the run's transaction.
  const enclosed = ctx.store.db.inTransaction;
  if (!enclosed) flushPasswordFailures(ctx);
  const result = ctx.store.transaction(() => {
    const stored = loadUser(ctx.store, fn, ref);
    const id = stored.id!;
    if (ctx.credentials.has(id)) {
      if (current === undefined)
        throw badRequest(`${fn}: options.currentPassword is required, the user has a password`);
      // A wrong password returns, so that a count written here commits with this transaction.
      if (!checkCurrentPassword(ctx, fn, stored, current, enclosed)) return null;
    }
    const user = setPassword(ctx, fn, id, next, 'updatePassword');
    if (notify) mailUserTemplate(ctx, 'changed', user);
    return { userId: id, userEmail: emailOf(user) };
  });
  if (!result) throw badRequest(`${fn}: options.currentPassword does not match the user's current password`);
  return result;
}

/** Host: finishes a reset or welcome link: spends the code and sets the password. */
export function completePasswordReset(
  ctx: UsersContext,
  code: unknown,
  password: unknown,
): PasswordChangeResult {
  const fn = 'completePasswordReset';
  if (typeof code !== 'string' || code.length === 0)
    throw badRequest(`${fn}: code must be a non-empty string`);
  if (typeof password !== 'string')
    throw badRequest(`${fn}: newPassword must be a string, got ${typeof password}`);
  return ctx.store.transaction(() => {
    const userId = ctx.codes.consume(code);
    if (!userId) throw badRequest(`${fn}: code is unknown, already used or expired`);
    if (!ctx.store.findById(USERS, userId)) throw notFound(`${fn}: the user of this code no longer exists`);
    const user = setPassword(ctx, fn, userId, password, 'resetCode');
    return { userId, userEmail: emailOf(user) };
  });
}

/** Host: true when `password` is the user's; rehashes a hash made with older parameters. */
export function verifyPassword(ctx: UsersContext, userId: unknown, password: unknown): boolean {
  const fn = 'verifyPassword';
  if (typeof userId !== 'string' || userId.length === 0)
    throw badRequest(`${fn}: userId must be a non-empty string`);
  if (typeof password !== 'string')
    throw badRequest(`${fn}: password must be a string, got ${typeof password}`);
  return ctx.store.transaction(() => ctx.credentials.verify(userId, password));
}
