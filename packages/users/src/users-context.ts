import type { EventSink, RecordData } from '@warden/sys-api';
import { type AccountContext, type AccountFlowOptions, createAccountContext } from './account-context.js';
import { type CredentialStore, createCredentialStore } from './credential-store.js';
import { createEmailCodes } from './email-verification.js';
import { createEndpointConfigs, type EndpointConfigs } from './endpoint-config.js';
import { createIdentityLinks, type IdentityLinks } from './identity-providers.js';
import { createLoginAttempts, type LoginAttempts } from './login-attempts.js';
import { createMfaChallenges } from './mfa-challenge.js';
import { createTotpStore } from './mfa-totp.js';
import { createPasswordHasher, type PasswordHasher } from './password-hasher.js';
import type { PasswordPolicy } from './password-policy.js';
import { createPreparedPasswords, type PreparedPasswords } from './prepared-passwords.js';
import type { ProviderSignInOptions } from './provider-config.js';
import { createRateLimiter, type RateLimit, type RateLimiter } from './rate-limit.js';
import { createResetCodes, type ResetCodes } from './reset-codes.js';
import { createSessions, type Sessions } from './sessions.js';
import type { UsersOutbox, UsersStore } from './store-port.js';
import { createUserEvents, type EmitUserEvent } from './user-events.js';
import { createUserGroups, type UserGroups } from './user-groups.js';
import { createLifecycleContext, type LifecycleContext } from './user-lifecycle.js';

/** Options of `createUsers`. */
export interface UsersOptions {
  store: UsersStore;
  outbox: UsersOutbox;
  /** How long a reset code works (ms). Default 30 minutes. */
  resetCodeTtlMs?: number;
  /** How long the set-password link of a welcome mail works (ms). Default 24 hours. */
  welcomeCodeTtlMs?: number;
  /** Default: scrypt at OWASP parameters. */
  hasher?: PasswordHasher;
  /** The clock (epoch ms), for expiry. Default `Date.now`. */
  now?: () => number;
  /** How long a session's access token works (ms). Default 1 hour. */
  sessionTtlMs?: number;
  /** How long a session's refresh token works (ms). Default 30 days. */
  refreshTtlMs?: number;
  /**
   * Limits of `requestPasswordReset`, per email and per ip, over a sliding window.
   * Default 3 per email and 20 per ip in 15 minutes.
   */
  resetRequestLimits?: { perEmail?: RateLimit; perIp?: RateLimit };
  /** Receives every user lifecycle event inside its transaction; a throw vetoes the change. */
  onEvent?: EventSink;
  /**
   * Runs one atomic unit of the asynchronous calls (`signInAsync`, `verifyPasswordAsync`): the
   * host passes its caller that retries on a busy database. Default: runs it at once.
   */
  atomic?: Atomic;
  /** Sign-up, email verification, MFA and access tokens (docs/architecture.md, "Account flows"). */
  account?: AccountFlowOptions;
  /**
   * Called inside a purge's transaction after each user is removed, with the removed record: the
   * host erases what it keeps about them (audit rows, journaled events, mail).
   */
  onPurge?: (user: RecordData) => void;
  /** Sign-in through the app's identity providers (docs/architecture.md, "Provider sign-in"). */
  providers?: ProviderSignInOptions;
}

/** Runs `fn` (synchronous, one transaction or statement) when the database lets it. */
export type Atomic = <T>(name: string, fn: () => T) => Promise<T>;

/** Everything the user operations share: the store, the outbox and the users_* tables. */
export interface UsersContext {
  store: UsersStore;
  outbox: UsersOutbox;
  hasher: PasswordHasher;
  /** Scrypt work a host call did ahead; the credentials hash and verify through it. */
  passwords: PreparedPasswords;
  /** See `UsersOptions.atomic`. */
  atomic: Atomic;
  credentials: CredentialStore;
  codes: ResetCodes;
  identities: IdentityLinks;
  configs: EndpointConfigs;
  groups: UserGroups;
  sessions: Sessions;
  attempts: LoginAttempts;
  rateLimiter: RateLimiter;
  /** Failed current-password checks made inside an enclosing transaction, by user id, not yet written. */
  pendingFailures: Map<string, number>;
  emit: EmitUserEvent;
  now: () => number;
  resetCodeTtlMs: number;
  welcomeCodeTtlMs: number;
  resetRequestLimits: { perEmail: RateLimit; perIp: RateLimit };
  /** The account flows' options and tables. */
  account: AccountContext;
  /** States, metadata and search (user-lifecycle.ts). */
  lifecycle: LifecycleContext;
}

function ttl(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new RangeError(
      `createUsers: ${name} must be a positive integer of milliseconds, got ${String(value)}`,
    );
  }
  return value;
}

function limit(name: string, value: RateLimit | undefined, fallback: RateLimit): RateLimit {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value?.max) || value.max < 1) {
    throw new RangeError(`createUsers: ${name}.max must be a positive integer, got ${String(value?.max)}`);
  }
  return { max: value.max, windowMs: ttl(`${name}.windowMs`, value.windowMs, fallback.windowMs) };
}

const QUARTER_HOUR = 15 * 60_000;

/** Checks the options and opens the users_* tables on the store's connection. */
export function createUsersContext(options: UsersOptions): UsersContext {
  const { store, outbox } = options ?? ({} as UsersOptions);
  if (!store?.db || typeof store.intercept !== 'function') {
    throw new TypeError('createUsers: store must be a Store from @warden/store');
  }
  if (typeof outbox?.enqueue !== 'function')
    throw new TypeError('createUsers: outbox must be an Outbox from @warden/mail');
  const now = options.now ?? Date.now;
  const hasher = options.hasher ?? createPasswordHasher();
  const passwords = createPreparedPasswords(hasher);
  const sessionMs = ttl('sessionTtlMs', options.sessionTtlMs, 60 * 60_000);
  const refreshMs = ttl('refreshTtlMs', options.refreshTtlMs, 30 * 24 * 60 * 60_000);
  const given = options.resetRequestLimits ?? {};
  const resetRequestLimits = {
    perEmail: limit('resetRequestLimits.perEmail', given.perEmail, { max: 3, windowMs: QUARTER_HOUR }),
    perIp: limit('resetRequestLimits.perIp', given.perIp, { max: 20, windowMs: QUARTER_HOUR }),
  };
  const longestWindow = Math.max(resetRequestLimits.perEmail.windowMs, resetRequestLimits.perIp.windowMs);
  const ctx: UsersContext = {
    store,
    outbox,
    hasher,
    passwords,
    atomic: options.atomic ?? (async (_name, fn) => fn()),
    now,
    credentials: createCredentialStore(store.db, passwords.hasher, now),
    codes: createResetCodes(store.db, now),
    identities: createIdentityLinks(store.db),
    configs: createEndpointConfigs(store.db, now),
    groups: createUserGroups(store.schema.groups),
    sessions: createSessions(store.db, now, { sessionMs, refreshMs }),
    attempts: createLoginAttempts(store.db, now),
    rateLimiter: createRateLimiter(store.db, now, longestWindow),
    pendingFailures: new Map(),
    emit: createUserEvents(options.onEvent, now),
    resetCodeTtlMs: ttl('resetCodeTtlMs', options.resetCodeTtlMs, 30 * 60_000),
    welcomeCodeTtlMs: ttl('welcomeCodeTtlMs', options.welcomeCodeTtlMs, 24 * 60 * 60_000),
    resetRequestLimits,
    account: createAccountContext(store.db, now, options.account, sessionMs) as AccountContext,
    lifecycle: createLifecycleContext(store, store.db, now, options.onPurge),
  };
  ctx.account.totp = createTotpStore(ctx);
  ctx.account.challenges = createMfaChallenges(ctx);
  ctx.account.emailCodes = createEmailCodes(ctx);
  return ctx;
}

/** The password policy of the user's primary group; undefined means the default policy. */
export function policyFor(ctx: UsersContext, user: RecordData): PasswordPolicy | undefined {
  const primary = ctx.groups.primary(user);
  return primary ? ctx.store.app.groups.find((g) => g.name === primary.name)?.passwordPolicy : undefined;
}
