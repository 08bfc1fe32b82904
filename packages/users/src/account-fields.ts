import { emailKey } from '@warden/store';
import type { FieldError, RecordData } from '@warden/sys-api';
import { normalizeIdentifiers } from './identifiers.js';
import type { UserSaveEvent } from './store-port.js';
import type { UsersContext } from './users-context.js';

const sameEmail = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' && emailKey(a.trim()) === emailKey(b.trim());

/**
 * The account options' part of a user's save, before the write: identifiers in their stored
 * form, the default group for a new user without groups, and `emailVerified` kept honest. A
 * creation may set `emailVerified` (whoever creates a user vouches for it; unset means verified,
 * since only sign-up creates unverified accounts); an update may not raise it (only a confirmed
 * code does), and a new email lowers it.
 */
export function planAccountFields(ctx: UsersContext, e: UserSaveEvent, errors: FieldError[]): void {
  const fields = e.record.fields;
  const options = ctx.store.app.users;
  normalizeIdentifiers(ctx.store, fields, errors);
  const groups = fields.groups;
  if (e.isNew && options?.defaultGroup && (!Array.isArray(groups) || groups.length === 0)) {
    fields.groups = [{ group: options.defaultGroup, primary: true }];
  }
  if (!options?.emailVerification) return;
  if (e.isNew) {
    fields.emailVerified = fields.emailVerified !== false;
    return;
  }
  const before = e.previous?.fields.emailVerified === true;
  if (ctx.account.verifying === e.record.id) return;
  fields.emailVerified = before && sameEmail(e.previous?.fields.email, fields.email);
}

/** Forgets the account flows' rows of a removed user. */
export function removeAccountRows(ctx: UsersContext, user: RecordData): void {
  const id = user.id!;
  ctx.account.stats.removeUser(id);
  ctx.account.totp.remove(id);
  ctx.account.challenges.removeUser(id);
  ctx.account.emailCodes.removeUser(id);
}
