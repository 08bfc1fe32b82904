import { isAccountExpired } from './account-expiry.js';
import { emailArg, ipOption, userByEmail } from './request-input.js';
import { codeMailData, issueCodeLink, mailUserTemplate } from './user-mail.js';
import { statusOf } from './user-status.js';
import type { UsersContext } from './users-context.js';

/** What `requestPasswordReset` returns, whoever the email belongs to. */
export interface ResetRequestResult {
  accepted: true;
}

/**
 * Host: the "forgot password" form. It answers `{accepted: true}` to every well-formed request,
 * and mails a reset link only when the email belongs to an ACTIVE or BLOCKED account that has
 * not expired; the work done either way is a lookup and a few small writes, with no hashing,
 * so neither the answer nor its timing tells whether the account exists.
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
    const keys = [{ key: `email:${address.trim().toLowerCase()}`, limit: perEmail }];
    if (ip !== null) keys.push({ key: `ip:${ip}`, limit: perIp });
    if (!ctx.rateLimiter.admit(keys)) return;
    const user = userByEmail(ctx.store, address);
    if (!user || statusOf(user) === 'INACTIVE' || isAccountExpired(user, ctx.now())) return;
    const link = issueCodeLink(ctx, user.id!, 'reset', ctx.resetCodeTtlMs);
    mailUserTemplate(ctx, 'reset', user, codeMailData(ctx, link));
    ctx.emit('user.passwordReset', user.id!, user, null, { via: 'request', ip, notified: true });
  });
  return { accepted: true };
}
