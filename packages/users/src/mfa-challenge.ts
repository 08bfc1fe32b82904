import { createHash } from 'node:crypto';
import { badRequest, type RecordData, WardenError } from '@warden/sys-api';
import { isAccountExpired } from './account-expiry.js';
import { newOpaque } from './mfa-totp.js';
import type { ClientInfo } from './sessions.js';
import { countFailure } from './sign-in.js';
import { finishSignIn, type SignInResult } from './sign-in-outcome.js';
import { USERS } from './user-record.js';
import { stateOf } from './user-states.js';
import { statusOf } from './user-status.js';
import type { UsersContext } from './users-context.js';

/** Wrong codes one challenge takes before it dies (the per-user limit counts them too). */
const ATTEMPTS_PER_CHALLENGE = 5;
const FAILED = 'completeMfa: the challenge or the code is wrong, expired or already used';

interface ChallengeRow {
  user_id: string;
  expires_at: number;
  attempts: number;
  ip: string | null;
  user_agent: string | null;
  enroll: number;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** Sign-in challenges in `users_mfa_challenges`: single use, short-lived, stored as SHA-256. */
export function createMfaChallenges(ctx: UsersContext) {
  const { db } = ctx.store;
  db.exec(`CREATE TABLE IF NOT EXISTS users_mfa_challenges (
    challenge_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    ip TEXT,
    user_agent TEXT,
    enroll INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS users_mfa_challenges_user ON users_mfa_challenges (user_id);
  CREATE INDEX IF NOT EXISTS users_mfa_challenges_expiry ON users_mfa_challenges (expires_at)`);
  const insert = db.prepare(
    `INSERT INTO users_mfa_challenges (challenge_hash, user_id, expires_at, attempts, ip, user_agent, enroll)
     VALUES (?, ?, ?, 0, ?, ?, ?)`,
  );
  const prune = db.prepare<[number]>('DELETE FROM users_mfa_challenges WHERE expires_at <= ?');
  const select = db.prepare<[string], ChallengeRow>(
    'SELECT user_id, expires_at, attempts, ip, user_agent, enroll FROM users_mfa_challenges WHERE challenge_hash = ?',
  );
  const drop = db.prepare<[string]>('DELETE FROM users_mfa_challenges WHERE challenge_hash = ?');
  const dropUser = db.prepare<[string]>('DELETE FROM users_mfa_challenges WHERE user_id = ?');
  const miss = db.prepare<[string]>(
    'UPDATE users_mfa_challenges SET attempts = attempts + 1 WHERE challenge_hash = ?',
  );

  return {
    /** A new challenge for a user whose password was right. */
    create(userId: string, client: ClientInfo, enroll: boolean) {
      const t = ctx.now();
      prune.run(t);
      const { value, digest: hash } = newOpaque();
      const expiresAt = t + ctx.account.mfaChallengeTtlMs;
      insert.run(hash, userId, expiresAt, client.ip, client.userAgent ?? null, enroll ? 1 : 0);
      return { challenge: value, expiresAt };
    },
    removeUser(userId: string) {
      dropUser.run(userId);
    },
    /**
     * Host: the second step of a sign-in. `code` is a current TOTP code or an unused recovery
     * code. Right: the challenge is spent and the sign-in finishes as `signIn` would have. Wrong:
     * the same `forbidden` for every reason; it counts toward the challenge's five tries, the
     * user's MFA rate limit and the group's `maxLoginAttempts`, all committed though it fails.
     */
    completeMfa(challenge: unknown, code: unknown): SignInResult {
      if (typeof challenge !== 'string' || challenge.length === 0 || challenge.length > 200)
        throw badRequest('completeMfa: challenge must be the string signIn answered');
      if (typeof code !== 'string' || code.length === 0 || code.length > 64)
        throw badRequest('completeMfa: code must be a non-empty string of at most 64 characters');
      const hash = digest(challenge);
      const value = code.trim();
      const result = ctx.store.transaction((): SignInResult | null => {
        const row = select.get(hash);
        if (!row || row.expires_at <= ctx.now()) return null;
        const user = ctx.store.findById(USERS, row.user_id);
        if (
          !user ||
          statusOf(user) !== 'ACTIVE' ||
          stateOf(user) !== 'PUBLIC' ||
          isAccountExpired(user, ctx.now())
        ) {
          drop.run(hash);
          return null;
        }
        const client = { ip: row.ip, userAgent: row.user_agent };
        const admitted = ctx.rateLimiter.admit([{ key: `mfa:${user.id}`, limit: ctx.account.mfaLimit }]);
        const via = admitted ? secondFactor(ctx, user, value, row.enroll === 1) : null;
        if (!via) {
          if (row.attempts + 1 >= ATTEMPTS_PER_CHALLENGE) drop.run(hash);
          else miss.run(hash);
          countFailure(ctx, user, { ip: row.ip, reason: 'wrongSecondFactor', email: user.fields.email });
          return null;
        }
        drop.run(hash);
        return finishSignIn(ctx, user, client);
      });
      if (!result) throw new WardenError('forbidden', FAILED);
      return result;
    },
  };
}

/** Which second factor `code` is for the user ('totp', 'recoveryCode'), or null when none. */
function secondFactor(ctx: UsersContext, user: RecordData, code: string, enroll: boolean): string | null {
  const { totp } = ctx.account;
  const id = user.id!;
  if (/^[0-9]{6}$/.test(code)) {
    if (!totp.check('completeMfa', id, code)) return null;
    if (enroll) {
      totp.confirm(id);
      ctx.emit('user.mfaEnrolled', id, user, null, { method: 'totp', via: 'signIn' });
    }
    return 'totp';
  }
  if (enroll || !totp.useRecoveryCode(id, code)) return null;
  ctx.emit('user.mfaRecoveryCodeUsed', id, user, null, { left: totp.recoveryCodesLeft(id) });
  return 'recoveryCode';
}

export type MfaChallenges = ReturnType<typeof createMfaChallenges>;
