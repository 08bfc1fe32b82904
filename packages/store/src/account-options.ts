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
  /**
   * Record states beside `status` (PUBLIC, DRAFT, TRASH; purge is DELETED): adds the `state`
   * and `trashedAt` fields. Only PUBLIC users sign in.
   */
  states: boolean;
  /** Days a trashed user is kept before the expiry sweep purges it (default 30). */
  trashRetentionDays: number;
}

const KEYS = ['fields', 'identifiers', 'emailVerification', 'defaultGroup', 'states', 'trashRetentionDays'];
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
  const options: AccountOptions = {
    identifiers: ['email'],
    emailVerification: false,
    states: false,
    trashRetentionDays: 30,
  };
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
  if (raw.states !== undefined) {
    if (typeof raw.states !== 'boolean') p.add('users.states', 'type', 'must be a boolean');
    else options.states = raw.states;
  }
  const days = raw.trashRetentionDays;
  if (days !== undefined) {
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 36_500)
      p.add('users.trashRetentionDays', 'invalid', 'must be a whole number of days from 0 to 36500');
    else options.trashRetentionDays = days;
  }
  return options;
}

/** The built-in fields the account options add to `sys.users`. */
export function accountFields(options: AccountOptions): Record<string, FieldDef> {
  const fields: Record<string, FieldDef> = {};
  if (options.identifiers.includes('username')) fields.username = fieldDef('text', { unique: true, max: 64 });
  if (options.identifiers.includes('phone')) fields.phone = fieldDef('text', { unique: true, max: 32 });
  if (options.emailVerification) fields.emailVerified = fieldDef('boolean');
  if (options.states) {
    fields.state = fieldDef('choice', {
      options: ['PUBLIC', 'DRAFT', 'TRASH'],
      default: 'PUBLIC',
      indexed: true,
    });
    fields.trashedAt = fieldDef('dateTime');
  }
  return fields;
}
