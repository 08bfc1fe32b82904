import { badRequest, WardenError } from '@warden/sys-api';
import { userByIdentifier } from './identifiers.js';
import { clientOption, emailArg } from './request-input.js';
import { countFailure, failureOf, INVALID, type SignInResult } from './sign-in.js';
import { admitSignIn } from './sign-in-outcome.js';
import type { UsersContext } from './users-context.js';

/** A check of a password against the hash read for it (null: no account or no password). */
async function check(ctx: UsersContext, password: string, hash: string | null) {
  const { hasher } = ctx;
  // Unknown emails are checked against a decoy hash: the time taken tells nothing.
  const encoded = hash ?? (await ctx.credentials.decoy());
  const ok = hasher.verifyAsync
    ? await hasher.verifyAsync(password, encoded)
    : hasher.verify(password, encoded);
  if (!ok || hash === null) return { ok: false, rehash: null };
  if (!hasher.needsRehash(hash)) return { ok: true, rehash: null };
  return { ok: true, rehash: hasher.hashAsync ? await hasher.hashAsync(password) : hasher.hash(password) };
}

/**
 * `signIn` for the host's thread: the same answers, failure counting and events, but scrypt runs
 * on libuv's thread pool and outside any transaction. The account and its hash are read first
 * (no write lock), the password checked, then one short transaction records the outcome; if the
 * hash changed in between (a password change), the check is made again against the new one.
 */
export async function signInAsync(
  ctx: UsersContext,
  email: unknown,
  password: unknown,
  options?: unknown,
): Promise<SignInResult> {
  const fn = 'signIn';
  emailArg(fn, email);
  if (typeof password !== 'string')
    throw badRequest(`${fn}: password must be a string, got ${typeof password}`);
  const client = clientOption(fn, options);
  const ip = client.ip;
  for (let tries = 0; tries < 3; tries++) {
    const read = await ctx.atomic(fn, () => {
      const user = userByIdentifier(ctx.store, email as string);
      return { userId: user?.id ?? null, hash: user ? ctx.credentials.hashOf(user.id!) : null };
    });
    const checked = await check(ctx, password, read.hash);
    const result = await ctx.atomic(fn, () =>
      ctx.store.transaction((): SignInResult | null | 'again' => {
        const user = userByIdentifier(ctx.store, email as string);
        const hash = user ? ctx.credentials.hashOf(user.id!) : null;
        if ((user?.id ?? null) !== read.userId || hash !== read.hash) return 'again';
        const failure = failureOf(ctx, user, checked.ok);
        const data = { ip, reason: failure, email };
        if (failure === 'wrongPassword') countFailure(ctx, user!, data);
        else if (failure) ctx.emit('user.signInFailed', user?.id ?? '', user, null, data);
        if (failure) return null;
        if (checked.rehash) ctx.credentials.replaceHash(user!.id!, checked.rehash);
        return admitSignIn(ctx, user!, client);
      }),
    );
    if (result === 'again') continue;
    if (!result) throw new WardenError('forbidden', INVALID);
    return result;
  }
  // The account changed under three checks in a row: refuse without counting a failure.
  throw new WardenError('forbidden', INVALID);
}

/** `verifyPassword` for the host's thread: the hash read, then checked on the thread pool. */
export async function verifyPasswordAsync(
  ctx: UsersContext,
  userId: unknown,
  password: unknown,
): Promise<boolean> {
  const fn = 'verifyPassword';
  if (typeof userId !== 'string' || userId.length === 0)
    throw badRequest(`${fn}: userId must be a non-empty string`);
  if (typeof password !== 'string')
    throw badRequest(`${fn}: password must be a string, got ${typeof password}`);
  const hash = await ctx.atomic(fn, () => ctx.credentials.hashOf(userId));
  const checked = await check(ctx, password, hash);
  if (checked.rehash) {
    const fresh = checked.rehash;
    await ctx.atomic(fn, () => {
      // Only if the password was not changed meanwhile.
      if (ctx.credentials.hashOf(userId) === hash) ctx.credentials.replaceHash(userId, fresh);
    });
  }
  return checked.ok;
}
