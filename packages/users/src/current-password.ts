import { type RecordData, WardenError } from '@warden/sys-api';
import { reachesLimit } from './login-attempts.js';
import { emailOf, USERS } from './user-record.js';
import { statusOf, withStatus } from './user-status.js';
import { policyFor, type UsersContext } from './users-context.js';

/**
 * Counts `times` failed checks of the user's current password as failed sign-ins: the same
 * counter, one `user.signInFailed` event each (`via: 'updatePassword'`), and BLOCKED at the
 * primary group's `maxLoginAttempts`. `user` must have been read in the open transaction.
 */
function countFailures(ctx: UsersContext, user: RecordData, times: number): void {
  const id = user.id!;
  let failures = 0;
  for (let i = 0; i < times; i++) {
    failures = ctx.attempts.fail(id);
    const data = { ip: null, reason: 'wrongPassword', email: emailOf(user), via: 'updatePassword', failures };
    ctx.emit('user.signInFailed', id, user, null, data);
  }
  if (reachesLimit(failures, policyFor(ctx, user)?.maxLoginAttempts) && statusOf(user) !== 'BLOCKED') {
    // The interceptor revokes the sessions and emits `user.blocked`.
    ctx.store.update(USERS, withStatus(user, 'BLOCKED'));
  }
}

/**
 * Checks the current password that `updatePassword` was given, inside its transaction. A wrong
 * one is a failed sign-in. When the call is enclosed in a transaction it does not own (a script
 * run), that transaction may roll back, and with it any count written in it: the failure is then
 * kept in memory (`ctx.pendingFailures`) until `flushPasswordFailures` writes it after the
 * enclosing transaction ends. Failures still pending count toward the limit at once, and a user
 * at the limit is refused without a check, so a run cannot keep guessing while it lasts.
 */
export function checkCurrentPassword(
  ctx: UsersContext,
  fn: string,
  user: RecordData,
  password: string,
  enclosed: boolean,
): boolean {
  const id = user.id!;
  const pending = ctx.pendingFailures.get(id) ?? 0;
  if (reachesLimit(ctx.attempts.count(id) + pending, policyFor(ctx, user)?.maxLoginAttempts)) {
    throw new WardenError(
      'forbidden',
      `${fn}: too many failed password checks; the user is blocked until it is activated or a password reset completes`,
    );
  }
  if (ctx.credentials.verify(id, password)) return true;
  if (enclosed) ctx.pendingFailures.set(id, pending + 1);
  else countFailures(ctx, user, 1);
  return false;
}

/**
 * Writes the failed checks kept in memory, in a transaction of its own; nothing to do (0) while a
 * transaction is open. Returns how many failures it wrote. On an error they stay pending.
 */
export function flushPasswordFailures(ctx: UsersContext): number {
  if (ctx.pendingFailures.size === 0 || ctx.store.db.inTransaction) return 0;
  const pending = [...ctx.pendingFailures];
  ctx.pendingFailures.clear();
  let written = 0;
  try {
    ctx.store.transaction(() => {
      for (const [id, times] of pending) {
        const user = ctx.store.findById(USERS, id);
        if (!user) continue; // removed since: nothing left to count or block
        countFailures(ctx, user, times);
        written += times;
      }
    });
  } catch (error) {
    for (const [id, times] of pending)
      ctx.pendingFailures.set(id, (ctx.pendingFailures.get(id) ?? 0) + times);
    throw error;
  }
  return written;
}
