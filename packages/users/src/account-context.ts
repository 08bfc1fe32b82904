import type BetterSqlite3 from 'better-sqlite3';
import type { EmailCodes } from './email-verification.js';
import { createLoginStats, type LoginStatsTable } from './login-stats.js';
import type { MfaChallenges } from './mfa-challenge.js';
import type { TotpStore } from './mfa-totp.js';
import type { RateLimit } from './rate-limit.js';
import { createSecretBox, type SecretBox } from './secret-box.js';

/** Options of the account flows (`UsersOptions.account`). Everything has a default but the key. */
export interface AccountFlowOptions {
  /**
   * The secret that TOTP secrets and token signing keys are encrypted with (at least 32
   * characters; keep it outside the database). MFA and access tokens refuse to work without it.
   */
  secretKey?: string;
  /** How long an email verification or change code works (ms). Default 24 hours. */
  emailCodeTtlMs?: number;
  /** How long a sign-in's MFA challenge works (ms). Default 5 minutes. */
  mfaChallengeTtlMs?: number;
  /** Sign-ups per ip (default 10 an hour) and per email (default 3 in 15 minutes). */
  signUpLimits?: { perIp?: RateLimit; perEmail?: RateLimit };
  /** Second-factor codes a user may try (default 10 in 15 minutes, over all challenges). */
  mfaLimit?: RateLimit;
  /** Signed JWT access tokens beside each session; off when absent. */
  accessTokens?: {
    /** `iss` (default: the app's baseUrl). */
    issuer?: string;
    /** `aud`, when services check it. */
    audience?: string;
    /** Lifetime (ms), at most the session's. Default 15 minutes. */
    ttlMs?: number;
  };
}

/** The resolved options and tables of the account flows. */
export interface AccountContext {
  stats: LoginStatsTable;
  /** Present when `secretKey` was given: the box for TOTP secrets. */
  totpBox: SecretBox | null;
  /** Present when `secretKey` was given: the box for signing keys. */
  keyBox: SecretBox | null;
  emailCodeTtlMs: number;
  mfaChallengeTtlMs: number;
  signUpLimits: { perIp: RateLimit; perEmail: RateLimit };
  mfaLimit: RateLimit;
  accessTokens: { issuer: string | null; audience: string | null; ttlMs: number } | null;
  /** The user whose `emailVerified` the users service itself is writing (a confirmed code). */
  verifying: string | null;
  /** TOTP factors and sign-in challenges (set once the users context exists). */
  totp: TotpStore;
  challenges: MfaChallenges;
  emailCodes: EmailCodes;
}

const HOUR = 60 * 60_000;

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) <= 0) {
    throw new RangeError(`createUsers: account.${name} must be a positive integer, got ${String(value)}`);
  }
  return value as number;
}

const limit = (name: string, given: RateLimit | undefined, fallback: RateLimit): RateLimit =>
  given === undefined
    ? fallback
    : {
        max: positive(`${name}.max`, given.max, 1),
        windowMs: positive(`${name}.windowMs`, given.windowMs, 1),
      };

/** Checks the account options and opens their tables. */
export function createAccountContext(
  db: BetterSqlite3.Database,
  now: () => number,
  options: AccountFlowOptions = {},
  sessionMs = HOUR,
): Omit<AccountContext, 'totp' | 'challenges' | 'emailCodes'> {
  const key = options.secretKey;
  const tokens = options.accessTokens;
  return {
    stats: createLoginStats(db, now),
    totpBox: key === undefined ? null : createSecretBox(key, 'totp-secret'),
    keyBox: key === undefined ? null : createSecretBox(key, 'signing-key'),
    emailCodeTtlMs: positive('emailCodeTtlMs', options.emailCodeTtlMs, 24 * HOUR),
    mfaChallengeTtlMs: positive('mfaChallengeTtlMs', options.mfaChallengeTtlMs, 5 * 60_000),
    signUpLimits: {
      perIp: limit('signUpLimits.perIp', options.signUpLimits?.perIp, { max: 10, windowMs: HOUR }),
      perEmail: limit('signUpLimits.perEmail', options.signUpLimits?.perEmail, {
        max: 3,
        windowMs: HOUR / 4,
      }),
    },
    mfaLimit: limit('mfaLimit', options.mfaLimit, { max: 10, windowMs: HOUR / 4 }),
    accessTokens: tokens
      ? {
          issuer: tokens.issuer ?? null,
          audience: tokens.audience ?? null,
          ttlMs: Math.min(positive('accessTokens.ttlMs', tokens.ttlMs, 15 * 60_000), sessionMs),
        }
      : null,
    verifying: null,
  };
}
