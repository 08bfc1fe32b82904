import { emailKey } from '@warden/store';
import { isWardenError, type RecordData } from '@warden/sys-api';
import { isAccountExpired } from './account-expiry.js';
import { emailArg, ipOption, userByEmail } from './request-input.js';
import { codeMailData, issueCodeLink, mailUserTemplate } from './user-mail.js';
import { stateOf } from './user-states.js';
import { statusOf } from './user-status.js';
import type { UsersContext } from './users-context.js';

/** What `requestPasswordReset` returns, whoever the email belongs to. */
export interface ResetRequestResult {
  accepted: true;
}

/** The stand-in of a request that mails nothing: the real work is done for it and undone. */
const DECOY: RecordData = {
  id: '00000000-0000-7000-8000-000000000000',
  version: 1,
  label: 'Decoy User',
  fields: { firstName: 'Decoy', lastName: 'User', email: 'decoy@decoy.invalid' },
};

class Undo extends Error {}

/** Issues the code and queues the mail; for the decoy, does the same and rolls it back. */
function sendResetLink(ctx: UsersContext, user: RecordData | null, ip: string | null): void {
  try {
    ctx.store.transaction(() => {
      const target = user ?? DECOY;
      const link = issueCodeLink(ctx, target.id!, 'reset', ctx.resetCodeTtlMs);
      try {
        mailUserTemplate(ctx, 'reset', target, codeMailData(ctx, link));
      } catch (error) {
        // The outbox refuses some addresses the email field accepts (non-ASCII ones): such an
        // account gets nothing, as an unknown one does; an error would tell that it exists.
        if (isWardenError(error) && error.code === 'badRequest') throw new Undo();
        throw error;
      }
      if (!user) throw new Undo();
      ctx.emit('user.passwordReset', user.id!, user, null, { via: 'request', ip, notified: true });
    });
  } catch (error) {
    if (!(error instanceof Undo)) throw error;
  }
}

/**
 * Host: the "forgot password" form. It answers `{accepted: true}` to every well-formed request,
 * and mails a reset link only when the email belongs to an ACTIVE or BLOCKED account that has
 * not expired. Neither the answer nor its timing tells whether the account exists: a request
 * that mails nothing does the same work for a decoy user (a code issued, a mail rendered and
 * queued) inside a savepoint that it then rolls back, and nothing hashes a password.
 *
 * Requests are limited per email and per ip over a sliding window. A request over the limit is
 * answered the same way and simply sends nothing: an error would tell an attacker which limit
 * was hit, and a real user who asked three times already has links in their inbox.
 *
 * Unlike `resetPassword`, a request does not unblock the user: anyone may ask, and lifting a
 * block on request would undo the lockout. Completing the reset unblocks.
 */
export function requestPasswordReset(
  ctx: UsersContext,
  email: unknown,
  options?: unknown,
): ResetRequestResult {
  const fn = 'requestPasswordReset';
  const address = emailArg(fn, email);
  const ip = ipOption(fn, options);
  const { perEmail, perIp } = ctx.resetRequestLimits;
  ctx.store.transaction(() => {
    // The store's email key: every spelling that finds the account shares one limit.
    const keys = [{ key: `email:${emailKey(address.trim())}`, limit: perEmail }];
    if (ip !== null) keys.push({ key: `ip:${ip}`, limit: perIp });
    if (!ctx.rateLimiter.admit(keys)) return;
    const user = userByEmail(ctx.store, address);
    const mailable =
      user &&
      statusOf(user) !== 'INACTIVE' &&
      stateOf(user) === 'PUBLIC' &&
      !isAccountExpired(user, ctx.now());
    sendResetLink(ctx, mailable ? user : null, ip);
  });
  return { accepted: true };
}
