import type { Fields } from '@warden/sys-api';
import { completePasswordReset, type PasswordChangeResult, updatePassword } from './password-flows.js';
import { normalizePassword } from './password-hasher.js';
import { checkPassword } from './password-policy.js';
import { type PasswordWork, UnpreparedCheck } from './prepared-passwords.js';
import { loadUser, USERS, type UserRef } from './user-record.js';
import { policyFor, type UsersContext } from './users-context.js';

/** How often a call starts again when a password it checked changed before it could apply. */
const TRIES = 3;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Runs the synchronous flow `fn` in one short unit (`ctx.atomic`) with the scrypt work `prepare`
 * did ahead, outside any transaction. The flow itself is unchanged, so are its answers, checks
 * and events. If a check it needs was not prepared (the stored hash changed in between), it rolls
 * back and everything is read and prepared again; the last try runs scrypt in the unit itself.
 */
async function withWork<T>(
  ctx: UsersContext,
  fn: string,
  prepare: () => Promise<PasswordWork | null>,
  flow: () => T,
): Promise<T> {
  for (let tries = 1; tries < TRIES; tries++) {
    const work = await prepare();
    try {
      return await ctx.atomic(fn, () => (work ? ctx.passwords.run(work, flow) : flow()));
    } catch (error) {
      if (!(error instanceof UnpreparedCheck)) throw error;
    }
  }
  // The password changed under every try: check it in the unit, on this thread.
  return ctx.atomic(fn, flow);
}

/** A user's password as the flows read it (null when the user or the reading fails: the flow answers). */
async function readUser(ctx: UsersContext, fn: string, ref: () => UserRef) {
  return ctx.atomic(fn, () => {
    try {
      const user = loadUser(ctx.store, fn, ref());
      return { user, hash: ctx.credentials.hashOf(user.id!) };
    } catch {
      return null;
    }
  });
}

/** Hashes `password` ahead only if the user's policy admits it (else the flow refuses it unhashed). */
function admitted(ctx: UsersContext, user: Parameters<typeof policyFor>[1], password: string): boolean {
  return checkPassword(normalizePassword(password), policyFor(ctx, user), 'newPassword').length === 0;
}

/** `completePasswordReset` for the host's thread: the new password is hashed before the unit. */
export function completePasswordResetAsync(
  ctx: UsersContext,
  code: unknown,
  password: unknown,
): Promise<PasswordChangeResult> {
  const fn = 'completePasswordReset';
  return withWork(
    ctx,
    fn,
    async () => {
      if (typeof code !== 'string' || typeof password !== 'string') return null;
      // An unknown code costs no scrypt: the flow refuses it.
      const read = await readUser(ctx, fn, () => ctx.codes.peek(code) ?? '');
      if (!read || !admitted(ctx, read.user, password)) return null;
      return ctx.passwords.prepare({ passwords: [password] });
    },
    () => completePasswordReset(ctx, code, password),
  );
}

/**
 * `updatePassword` for the host's thread: the current password is checked (and rehashed if its
 * hash is old) and the new one hashed before the unit, which checks everything again.
 */
export function updatePasswordAsync(
  ctx: UsersContext,
  ref: UserRef,
  opts?: unknown,
): Promise<PasswordChangeResult> {
  const fn = 'sys.users.updatePassword';
  return withWork(
    ctx,
    fn,
    async () => {
      const next = isObject(opts) ? opts.newPassword : undefined;
      const current = isObject(opts) ? opts.currentPassword : undefined;
      if (typeof next !== 'string') return null;
      const read = await readUser(ctx, fn, () => ref);
      if (!read) return null;
      const checks =
        read.hash !== null && typeof current === 'string' ? [{ password: current, encoded: read.hash }] : [];
      const passwords = admitted(ctx, read.user, next) ? [next] : [];
      if (checks.length && ctx.hasher.needsRehash(read.hash!)) passwords.push(current as string);
      return ctx.passwords.prepare({ passwords, checks });
    },
    () => updatePassword(ctx, ref, opts),
  );
}

/**
 * Scrypt work a host write of `sys.users` fields will need: the password it sets, or the one a
 * created user gets generated. Nothing for other entities or writes without a password.
 */
export async function prepareUserWrite(
  ctx: UsersContext,
  entity: string,
  fields: unknown,
  creating: boolean,
): Promise<PasswordWork | null> {
  if (entity !== USERS || !isObject(fields)) return null;
  const auth = isObject((fields as Fields).authentication) ? (fields.authentication as Fields) : {};
  if (creating && auth.generatePassword !== false) return ctx.passwords.prepare({ generate: true });
  const main = typeof auth.password === 'string' ? auth.password : auth.newPassword;
  return typeof main === 'string' ? ctx.passwords.prepare({ passwords: [main] }) : null;
}
