import { createAccessTokens, type Jwks } from './access-tokens.js';
import type { LoginStats } from './login-stats.js';
import { createTotpFlows } from './mfa-totp.js';
import { createSessionList, type SessionInfo } from './session-list.js';
import type { Session } from './sessions.js';
import type { SignInResult } from './sign-in-outcome.js';
import { type SignUpResult, signUp } from './sign-up.js';
import { loadUser, type UserRef } from './user-record.js';
import type { UsersContext } from './users-context.js';

/**
 * The account flows of the systems Warden replaces (sign-up, email verification and change,
 * TOTP, sessions, statistics, JWT access tokens), for the host. Calls that answer strangers
 * (`signUp`, `confirmEmail`, `completeMfa`) give one answer whatever the account's state.
 */
export interface AccountFlows {
  /** Creates an account from an email and a password (see `SignUpResult`). */
  signUp(
    input: {
      email: string;
      password: string;
      firstName?: string;
      lastName?: string;
      username?: string;
      phone?: string;
    },
    options?: { ip?: string | null; userAgent?: string | null },
  ): Promise<SignUpResult>;
  /** Confirms a mailed verification or email-change code; `forbidden` for any bad code. */
  confirmEmail(code: string): { userId: string; email: string };
  /** Mails the user a new verification code (quietly rate limited). */
  requestEmailVerification(user: UserRef): { accepted: true };
  /** Mails a code to `newEmail`; the address changes when it is confirmed. */
  requestEmailChange(user: UserRef, newEmail: string): { accepted: true };
  /** The second step of a sign-in that answered `mfaRequired`. */
  completeMfa(challenge: string, code: string): SignInResult;
  /** Starts TOTP enrolment: a secret and its `otpauth://` URI. */
  enrollMfa(user: UserRef): { secret: string; uri: string };
  /** Confirms enrolment with a code from the app; answers ten recovery codes, shown once. */
  confirmMfa(user: UserRef, code: string): { recoveryCodes: string[] };
  /** New recovery codes; the old ones stop working. */
  regenerateRecoveryCodes(user: UserRef): { recoveryCodes: string[] };
  /** Removes the second factor; false when there was none. */
  removeMfa(user: UserRef): boolean;
  /** Whether the user has a second factor and how many recovery codes are left. */
  mfaStatus(user: UserRef): { enrolled: boolean; recoveryCodesLeft: number };
  /** Sign-in statistics: `loginsCount`, `lastLogin`, `lastIp`. */
  loginStats(user: UserRef): LoginStats;
  /** The user's live sessions (device, ip, created, last used), most recent first. */
  listSessions(user: UserRef): SessionInfo[];
  /** Revokes one session of the user; false when it was not a live one of theirs. */
  revokeSession(user: UserRef, sessionId: string): boolean;
  /** The JWKS document that verifies access tokens (`accessTokens` on). */
  jwks(): Jwks;
  /** A new signing key; tokens signed by the old one verify until they expire. */
  rotateSigningKey(): { kid: string };
  /** Adds a signed `accessToken` to the session of a result, when access tokens are on. */
  withAccessToken<T extends SignInResult | Session>(result: T): Promise<T>;
}

export function createAccountFlows(ctx: UsersContext): AccountFlows {
  const totpFlows = createTotpFlows(ctx, ctx.account.totp);
  const sessions = createSessionList(ctx);
  const tokens = createAccessTokens(ctx);
  const email = ctx.account.emailCodes;
  return {
    signUp: (input, options) => signUp(ctx, input, options),
    confirmEmail: (code) => email.confirmEmail(code),
    requestEmailVerification: (user) => email.requestEmailVerification(user),
    requestEmailChange: (user, newEmail) => email.requestEmailChange(user, newEmail),
    completeMfa: (challenge, code) => ctx.account.challenges.completeMfa(challenge, code),
    ...totpFlows,
    loginStats: (user) =>
      ctx.store.transaction(() => ctx.account.stats.get(loadUser(ctx.store, 'loginStats', user).id!)),
    listSessions: (user) => sessions.listSessions(user),
    revokeSession: (user, sessionId) => sessions.revokeSession(user, sessionId),
    jwks: () => tokens.jwks(),
    rotateSigningKey: () => tokens.rotateSigningKey(),
    async withAccessToken(result) {
      if (!tokens.enabled()) return result;
      const r = result as { session?: Session } & Partial<Session>;
      const session: Session | undefined =
        r.session ?? (typeof r.token === 'string' ? (r as Session) : undefined);
      if (session) session.accessToken = await tokens.sign(session);
      return result;
    },
  };
}
