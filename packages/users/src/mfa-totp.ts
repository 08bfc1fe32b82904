import { createHash, randomBytes } from 'node:crypto';
import { badRequest, WardenError } from '@warden/sys-api';
import type { Secret as SecretType } from 'otpauth';
import { otpauth } from './lazy-libraries.js';
import type { SecretBox } from './secret-box.js';
import { emailOf, loadUser } from './user-record.js';
import type { UsersContext } from './users-context.js';

/** RFC 6238 parameters every authenticator app understands: SHA-1, 6 digits, 30 s steps. */
const PERIOD_S = 30;
const DIGITS = 6;
/** Steps before and after the current one that still count (clock drift of the phone). */
const WINDOW = 1;
const RECOVERY_CODES = 10;

/** A TOTP code of `secret` at `timestamp` (RFC 6238 §4; the test vectors of its Appendix B). */
export function totpAt(
  secret: Uint8Array,
  timestamp: number,
  options: { algorithm?: 'SHA1' | 'SHA256' | 'SHA512'; digits?: number } = {},
): string {
  const { Secret, TOTP } = otpauth();
  return TOTP.generate({
    secret: new Secret({ buffer: Uint8Array.from(secret).buffer }),
    algorithm: options.algorithm ?? 'SHA1',
    digits: options.digits ?? DIGITS,
    period: PERIOD_S,
    timestamp,
  });
}

interface MfaRow {
  secret: string;
  confirmed_at: number | null;
  last_step: number | null;
}

/** A new recovery code: 80 random bits as four groups of five base32 letters. */
const newRecoveryCode = () =>
  new (otpauth().Secret)({ size: 10 }).base32.toLowerCase().replace(/(.{4})(?=.)/g, '$1-');
const recoveryKey = (code: string) => code.toLowerCase().replace(/[^a-z2-7]/g, '');
const recoveryDigest = (userId: string, code: string) =>
  createHash('sha256')
    .update(`${userId}:${recoveryKey(code)}`, 'utf8')
    .digest('hex');

/** TOTP factors in `users_mfa` (the secret sealed) and recovery codes in `users_mfa_recovery` (SHA-256). */
export function createTotpStore(ctx: UsersContext) {
  const { db } = ctx.store;
  db.exec(`CREATE TABLE IF NOT EXISTS users_mfa (
    user_id TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    confirmed_at INTEGER,
    last_step INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS users_mfa_recovery (
    user_id TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    PRIMARY KEY (user_id, code_hash)
  )`);
  const select = db.prepare<[string], MfaRow>(
    'SELECT secret, confirmed_at, last_step FROM users_mfa WHERE user_id = ?',
  );
  const upsert = db.prepare<[string, string, number]>(
    `INSERT INTO users_mfa (user_id, secret, created_at) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, confirmed_at = NULL, last_step = NULL,
       created_at = excluded.created_at`,
  );
  const confirm = db.prepare<[number, string]>('UPDATE users_mfa SET confirmed_at = ? WHERE user_id = ?');
  const step = db.prepare<[number, string, number]>(
    'UPDATE users_mfa SET last_step = ? WHERE user_id = ? AND coalesce(last_step, -1) < ?',
  );
  const drop = db.prepare<[string]>('DELETE FROM users_mfa WHERE user_id = ?');
  const dropCodes = db.prepare<[string]>('DELETE FROM users_mfa_recovery WHERE user_id = ?');
  const addCode = db.prepare<[string, string]>(
    'INSERT INTO users_mfa_recovery (user_id, code_hash) VALUES (?, ?)',
  );
  const useCode = db.prepare<[string, string]>(
    'DELETE FROM users_mfa_recovery WHERE user_id = ? AND code_hash = ?',
  );
  const countCodes = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM users_mfa_recovery WHERE user_id = ?',
  );

  const box = (fn: string): SecretBox => {
    if (!ctx.account.totpBox) {
      throw badRequest(
        `${fn}: multi-factor sign-in needs a secret key in the runtime config (users.secretKey)`,
      );
    }
    return ctx.account.totpBox;
  };
  const secretOf = (fn: string, userId: string, row: MfaRow) =>
    otpauth().Secret.fromBase32(box(fn).open(row.secret, userId));
  const totpFor = (userId: string, email: string, secret: SecretType) =>
    new (otpauth().TOTP)({
      issuer: ctx.store.app.name ?? 'Warden',
      label: email || userId,
      algorithm: 'SHA1',
      digits: DIGITS,
      period: PERIOD_S,
      secret,
    });

  return {
    /** True when the user has a confirmed factor. */
    enrolled: (userId: string) => (select.get(userId)?.confirmed_at ?? null) !== null,
    /** A new (unconfirmed) secret for the user, replacing any unconfirmed one. */
    begin(fn: string, userId: string, email: string) {
      const secret = new (otpauth().Secret)({ size: 20 });
      upsert.run(userId, box(fn).seal(secret.base32, userId), ctx.now());
      return { secret: secret.base32, uri: totpFor(userId, email, secret).toString() };
    },
    /**
     * Checks a 6-digit code against the user's factor (confirmed or not) and spends its time
     * step: a code, and any code of an earlier step, never works twice.
     */
    check(fn: string, userId: string, code: string): boolean {
      const row = select.get(userId);
      if (!row || !/^[0-9]{6}$/.test(code)) return false;
      const t = ctx.now();
      const delta = otpauth().TOTP.validate({
        token: code,
        secret: secretOf(fn, userId, row),
        algorithm: 'SHA1',
        digits: DIGITS,
        period: PERIOD_S,
        timestamp: t,
        window: WINDOW,
      });
      if (delta === null) return false;
      const used = Math.floor(t / 1000 / PERIOD_S) + delta;
      return step.run(used, userId, used).changes > 0;
    },
    confirm(userId: string) {
      confirm.run(ctx.now(), userId);
    },
    /** Ten new recovery codes (the old ones stop working); only their digests are kept. */
    issueRecoveryCodes(userId: string): string[] {
      dropCodes.run(userId);
      const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
      for (const code of codes) addCode.run(userId, recoveryDigest(userId, code));
      return codes;
    },
    /** Spends a recovery code; false when it is not one of the user's unused codes. */
    useRecoveryCode(userId: string, code: string): boolean {
      if (code.length > 64) return false;
      return useCode.run(userId, recoveryDigest(userId, code)).changes > 0;
    },
    recoveryCodesLeft: (userId: string) => countCodes.get(userId)!.n,
    remove(userId: string): boolean {
      dropCodes.run(userId);
      return drop.run(userId).changes > 0;
    },
  };
}

export type TotpStore = ReturnType<typeof createTotpStore>;

function codeArg(fn: string, code: unknown): string {
  if (typeof code !== 'string' || code.length === 0 || code.length > 64) {
    throw badRequest(`${fn}: code must be a non-empty string of at most 64 characters`);
  }
  return code.trim();
}

/** Host calls of TOTP enrolment, for a signed-in user (the host has checked who is asking). */
export function createTotpFlows(ctx: UsersContext, totp: TotpStore) {
  return {
    /** Starts enrolment: a secret and its `otpauth://` URI (show as a QR code); confirm with a code. */
    enrollMfa(user: unknown): { secret: string; uri: string } {
      const fn = 'enrollMfa';
      return ctx.store.transaction(() => {
        const stored = loadUser(ctx.store, fn, user);
        if (totp.enrolled(stored.id!)) {
          throw badRequest(`${fn}: the user already has a second factor; remove it first`);
        }
        return totp.begin(fn, stored.id!, emailOf(stored));
      });
    },
    /** Confirms enrolment with a current code; answers the recovery codes (shown once). */
    confirmMfa(user: unknown, code: unknown): { recoveryCodes: string[] } {
      const fn = 'confirmMfa';
      const value = codeArg(fn, code);
      const result = ctx.store.transaction(() => {
        const stored = loadUser(ctx.store, fn, user);
        const id = stored.id!;
        const keys = [{ key: `mfa:${id}`, limit: ctx.account.mfaLimit }];
        if (!ctx.rateLimiter.admit(keys) || totp.enrolled(id) || !totp.check(fn, id, value)) return null;
        totp.confirm(id);
        const recoveryCodes = totp.issueRecoveryCodes(id);
        ctx.emit('user.mfaEnrolled', id, stored, null, { method: 'totp' });
        return { recoveryCodes };
      });
      if (!result) throw new WardenError('forbidden', `${fn}: the code is wrong, used or too late`);
      return result;
    },
    /** New recovery codes; the old ones stop working. */
    regenerateRecoveryCodes(user: unknown): { recoveryCodes: string[] } {
      const fn = 'regenerateRecoveryCodes';
      return ctx.store.transaction(() => {
        const stored = loadUser(ctx.store, fn, user);
        if (!totp.enrolled(stored.id!)) throw badRequest(`${fn}: the user has no second factor`);
        const recoveryCodes = totp.issueRecoveryCodes(stored.id!);
        ctx.emit('user.mfaRecoveryCodesIssued', stored.id!, stored, null, {});
        return { recoveryCodes };
      });
    },
    /** Removes the user's second factor and recovery codes; false when there was none. */
    removeMfa(user: unknown): boolean {
      return ctx.store.transaction(() => {
        const stored = loadUser(ctx.store, 'removeMfa', user);
        const removed = totp.remove(stored.id!);
        if (removed) ctx.emit('user.mfaRemoved', stored.id!, stored, null, {});
        return removed;
      });
    },
    /** Whether the user has a second factor, and how many recovery codes are left. */
    mfaStatus(user: unknown): { enrolled: boolean; recoveryCodesLeft: number } {
      return ctx.store.transaction(() => {
        const id = loadUser(ctx.store, 'mfaStatus', user).id!;
        return { enrolled: totp.enrolled(id), recoveryCodesLeft: totp.recoveryCodesLeft(id) };
      });
    },
  };
}

/** A random 256-bit value and its SHA-256 (challenges). */
export function newOpaque(): { value: string; digest: string } {
  const value = randomBytes(32).toString('base64url');
  return { value, digest: createHash('sha256').update(value, 'utf8').digest('hex') };
}
