import { emailKey } from '@warden/store';
import { badRequest, type RecordData, validationErrors, WardenError } from '@warden/sys-api';
import { normalizePassword } from './password-hasher.js';
import { checkPassword } from './password-policy.js';
import { clientOption, userByEmail } from './request-input.js';
import { describe, USERS } from './user-record.js';
import type { UsersContext } from './users-context.js';

/** What a visitor gives to sign up: an email and a password; the rest is optional. */
export interface SignUpInput {
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
  username?: string;
  phone?: string;
}

/**
 * `verificationSent` with `users.emailVerification` (whether or not the email was new: the
 * answer never tells), `created` without it (then a taken email is a validation error).
 */
export type SignUpResult = { status: 'verificationSent' } | { status: 'created'; userId: string };

const OPTIONAL = ['firstName', 'lastName', 'username', 'phone'] as const;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,63}$/;

function input(fn: string, value: unknown): SignUpInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`${fn}: input must be an object, got ${describe(value)}`);
  }
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!['email', 'password', ...OPTIONAL].includes(key)) {
      throw badRequest(`${fn}: '${key}' is not a sign-up field (email, password, ${OPTIONAL.join(', ')})`);
    }
  }
  if (typeof v.email !== 'string' || !EMAIL.test(v.email.trim()))
    throw badRequest(`${fn}: email must be an email address`);
  if (typeof v.password !== 'string') throw badRequest(`${fn}: password must be a string`);
  for (const key of OPTIONAL) {
    if (
      v[key] !== undefined &&
      v[key] !== null &&
      (typeof v[key] !== 'string' || (v[key] as string).length > 200)
    )
      throw badRequest(`${fn}: ${key} must be a string of at most 200 characters`);
  }
  return v as unknown as SignUpInput;
}

/** The new user's fields. Names are optional here: the email's local part and '-' stand in. */
function newUserFields(ctx: UsersContext, given: SignUpInput, verified: boolean): Record<string, unknown> {
  const email = given.email.trim();
  const fields: Record<string, unknown> = {
    email,
    firstName: given.firstName?.trim() || email.slice(0, email.lastIndexOf('@')),
    lastName: given.lastName?.trim() || '-',
    authentication: { generatePassword: false, passwordExpired: false },
  };
  if (given.username) fields.username = given.username;
  if (given.phone) fields.phone = given.phone;
  if (ctx.store.app.users?.emailVerification) fields.emailVerified = verified;
  return fields;
}

/**
 * Host: a visitor signs up with an email and a password (Jexia's `signup`, Mia's `register`).
 * The password meets the default group's policy and is hashed off the thread first; then one
 * transaction creates the user in `users.defaultGroup`. With email verification the account
 * works once the mailed code is confirmed (`confirmEmail`), and the answer is the same for a
 * taken email, whose owner is mailed a notice instead: neither answer nor mail to the caller
 * tells whether the address had an account. Limited per ip and per email.
 */
export async function signUp(ctx: UsersContext, value: unknown, options?: unknown): Promise<SignUpResult> {
  const fn = 'signUp';
  const given = input(fn, value);
  const client = clientOption(fn, options);
  const verify = ctx.store.app.users?.emailVerification === true;
  const password = normalizePassword(given.password);
  const group = ctx.store.app.users?.defaultGroup;
  const policy = ctx.store.app.groups.find((g) => g.name === group)?.passwordPolicy;
  const problems = checkPassword(password, policy, 'password');
  if (problems.length) throw validationErrors(problems, `${fn}: the password does not meet the policy`);
  // Hashed in every case, off the thread: a taken email costs the same time as a new one.
  const hash = ctx.hasher.hashAsync ? await ctx.hasher.hashAsync(password) : ctx.hasher.hash(password);
  const result = await ctx.atomic(fn, () =>
    ctx.store.transaction((): SignUpResult | null => {
      const keys = [
        { key: `signUp:email:${emailKey(given.email.trim())}`, limit: ctx.account.signUpLimits.perEmail },
      ];
      if (client.ip !== null)
        keys.push({ key: `signUp:ip:${client.ip}`, limit: ctx.account.signUpLimits.perIp });
      if (!ctx.rateLimiter.admit(keys)) return verify ? { status: 'verificationSent' } : null;
      const existing = userByEmail(ctx.store, given.email.trim());
      if (existing && verify) {
        ctx.outbox.enqueue({
          to: String(existing.fields.email),
          subject: 'Someone tried to sign up with your address',
          text: 'An account with this address exists already. Sign in, or ask for a password reset.',
        });
        return { status: 'verificationSent' };
      }
      const user: RecordData = ctx.store.insert(USERS, newUserFields(ctx, given, false));
      ctx.credentials.setHash(user.id!, hash, { expired: false });
      ctx.emit('user.signedUp', user.id!, user, null, { ip: client.ip, verification: verify });
      if (!verify) return { status: 'created', userId: user.id! };
      ctx.account.emailCodes.send(user, String(user.fields.email), 'verify');
      return { status: 'verificationSent' };
    }),
  );
  if (!result)
    throw new WardenError('forbidden', `${fn}: too many sign-ups from this address; try again later`);
  return result;
}
