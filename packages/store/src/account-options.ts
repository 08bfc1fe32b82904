import type { FieldDef } from './app-definition.js';
import { fieldDef } from './builtin-users.js';
import type { Problems } from './problems.js';

/** What a user may sign in with besides (always) their email. */
export type UserIdentifier = 'email' | 'username' | 'phone';

/**
 * Account options of the app definition's `users` section (next to `fields`). Each is opt-in:
 * an app that sets none keeps exactly the built-in `sys.users` fields it had.
 */
export interface AccountOptions {
  /** Identifiers sign-in accepts; `username` and `phone` add unique text fields of those names. */
  identifiers: UserIdentifier[];
  /** Sign-up and email changes are confirmed by a mailed code; adds the `emailVerified` field. */
  emailVerification: boolean;
  /** The group a new user without groups joins (sign-up and every other creation). */
  defaultGroup?: string;
}

const KEYS = ['fields', 'identifiers', 'emailVerification', 'defaultGroup'];
const IDENTIFIERS: readonly UserIdentifier[] = ['email', 'username', 'phone'];

/** Checks the account options of `users`; `groupNames` are the app's groups. */
export function checkAccountOptions(
  raw: Record<string, unknown>,
  groupNames: string[],
  p: Problems,
): AccountOptions {
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key)) p.add(`users.${key}`, 'unknownKey', `'${key}' is not a users option`);
  }
  const options: AccountOptions = { identifiers: ['email'], emailVerification: false };
  const ids = raw.identifiers;
  if (ids !== undefined) {
    if (!Array.isArray(ids) || !ids.every((x) => IDENTIFIERS.includes(x as UserIdentifier))) {
      p.add('users.identifiers', 'invalid', 'must be an array of email, username and phone');
    } else options.identifiers = [...new Set(['email', ...ids] as UserIdentifier[])];
  }
  if (raw.emailVerification !== undefined) {
    if (typeof raw.emailVerification !== 'boolean')
      p.add('users.emailVerification', 'type', 'must be a boolean');
    else options.emailVerification = raw.emailVerification;
  }
  if (raw.defaultGroup !== undefined) {
    if (typeof raw.defaultGroup !== 'string' || !groupNames.includes(raw.defaultGroup))
      p.add('users.defaultGroup', 'notFound', 'must be the name of a group of the app');
    else options.defaultGroup = raw.defaultGroup;
  }
  return options;
}

/** The built-in fields the account options add to `sys.users`. */
export function accountFields(options: AccountOptions): Record<string, FieldDef> {
  const fields: Record<string, FieldDef> = {};
  if (options.identifiers.includes('username')) fields.username = fieldDef('text', { unique: true, max: 64 });
  if (options.identifiers.includes('phone')) fields.phone = fieldDef('text', { unique: true, max: 32 });
  if (options.emailVerification) fields.emailVerified = fieldDef('boolean');
  return fields;
}
