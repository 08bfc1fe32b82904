import type { RecordData } from '@warden/sys-api';
import type { UsersStore } from './store-port.js';
import { USERS } from './user-record.js';

/** The status of a user. BLOCKED comes from failed sign-ins; resets bring it back to ACTIVE. */
export type UserStatus = 'ACTIVE' | 'INACTIVE' | 'BLOCKED';

/** Every status, in the order of the docs. */
export const USER_STATUSES: readonly UserStatus[] = ['ACTIVE', 'INACTIVE', 'BLOCKED'];

/** The user's status; a user saved without one is ACTIVE, as new users start. */
export function statusOf(user: RecordData): UserStatus {
  const s = user.fields.status;
  return USER_STATUSES.includes(s as UserStatus) ? (s as UserStatus) : 'ACTIVE';
}

/** The user with `status`, or the same object when it already has it. */
export function withStatus(user: RecordData, status: UserStatus): RecordData {
  return statusOf(user) === status ? user : { ...user, fields: { ...user.fields, status } };
}

/** A reset or a password change lifts a block, and leaves ACTIVE and INACTIVE alone. */
export function unblocked(user: RecordData): RecordData {
  return statusOf(user) === 'BLOCKED' ? withStatus(user, 'ACTIVE') : user;
}

/** The user with `authentication.passwordExpired` set, or the same object when unchanged. */
export function withPasswordExpired(user: RecordData, expired: boolean): RecordData {
  const auth = (user.fields.authentication ?? {}) as Record<string, unknown>;
  if (auth.passwordExpired === expired) return user;
  return { ...user, fields: { ...user.fields, authentication: { ...auth, passwordExpired: expired } } };
}

/** Saves `updated` unless it is `original` itself (nothing changed, version stays). */
export function saveIfChanged(store: UsersStore, original: RecordData, updated: RecordData): RecordData {
  return updated === original ? original : store.update(USERS, updated);
}
