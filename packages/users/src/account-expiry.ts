import { badRequest, type RecordData } from '@warden/sys-api';
import { USERS } from './user-record.js';
import { statusOf, withStatus } from './user-status.js';
import type { UsersContext } from './users-context.js';

/** True when the user's `expirationDate` (epoch ms) is set and not after `now`. */
export function isAccountExpired(user: RecordData, now: number): boolean {
  const at = user.fields.expirationDate;
  return typeof at === 'number' && at <= now;
}

/**
 * Host: sets every user whose `expirationDate` has passed and who is not INACTIVE yet to
 * INACTIVE, in one transaction. The status save revokes their sessions and emits
 * `user.deactivated`; then `user.expired` follows with `{expirationDate}`. Returns how many
 * users expired. Meant to run on a timer; running it again finds nothing new.
 */
export function sweepExpired(ctx: UsersContext, at?: unknown): number {
  const fn = 'sweepExpired';
  if (at !== undefined && (typeof at !== 'number' || !Number.isSafeInteger(at))) {
    throw badRequest(`${fn}: now must be epoch milliseconds (an integer), got ${typeof at}`);
  }
  const now = (at as number | undefined) ?? ctx.now();
  return ctx.store.transaction(() => {
    const due = [...ctx.store.find(USERS, { expirationDate: `lessOrEquals(${now})` })].filter(
      (u) => statusOf(u) !== 'INACTIVE',
    );
    for (const user of due) {
      const saved = ctx.store.update(USERS, withStatus(user, 'INACTIVE'));
      ctx.emit('user.expired', user.id!, saved, user, { expirationDate: user.fields.expirationDate });
    }
    return due.length;
  });
}
