import { createHash, randomBytes } from 'node:crypto';
import { emailKey } from '@warden/store';
import { badRequest, type RecordData, WardenError } from '@warden/sys-api';
import { emailOf, loadUser, USERS } from './user-record.js';
import type { UsersContext } from './users-context.js';

/** Why a code was mailed: to confirm the account's address, or a new one it moves to. */
type Purpose = 'verify' | 'change';

interface CodeRow {
  user_id: string;
  email: string;
  purpose: Purpose;
  expires_at: number;
}

const digest = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex');
const FAILED = 'confirmEmail: the code is unknown, expired or already used';
/** A plausible email for a change: one `@`, no spaces, at most 254 characters. */
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,63}$/;

/** Email codes in `users_email_codes`: 256-bit, single use, expiring, stored as SHA-256. */
export function createEmailCodes(ctx: UsersContext) {
  const { db } = ctx.store;
  db.exec(`CREATE TABLE IF NOT EXISTS users_email_codes (
    code_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    email TEXT NOT NULL,
    purpose TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS users_email_codes_user ON users_email_codes (user_id);
  CREATE INDEX IF NOT EXISTS users_email_codes_expiry ON users_email_codes (expires_at)`);
  const insert = db.prepare<[string, string, string, string, number]>(
    'INSERT INTO users_email_codes (code_hash, user_id, email, purpose, expires_at) VALUES (?, ?, ?, ?, ?)',
  );
  const prune = db.prepare<[number]>('DELETE FROM users_email_codes WHERE expires_at <= ?');
  const dropUser = db.prepare<[string, string]>(
    'DELETE FROM users_email_codes WHERE user_id = ? AND purpose = ?',
  );
  const select = db.prepare<[string], CodeRow>(
    'SELECT user_id, email, purpose, expires_at FROM users_email_codes WHERE code_hash = ?',
  );
  const drop = db.prepare<[string]>('DELETE FROM users_email_codes WHERE code_hash = ?');

  /** Issues a code (voiding the user's older ones of the same purpose) and mails it to `email`. */
  const send = (user: RecordData, email: string, purpose: Purpose): void => {
    const t = ctx.now();
    prune.run(t);
    dropUser.run(user.id!, purpose);
    const code = randomBytes(32).toString('base64url');
    insert.run(digest(code), user.id!, email, purpose, t + ctx.account.emailCodeTtlMs);
    const link = `${ctx.store.app.baseUrl.replace(/\/+$/, '')}/verify-email?code=${code}`;
    const hours = Math.round(ctx.account.emailCodeTtlMs / 3_600_000);
    const what = purpose === 'verify' ? 'confirm your email address' : 'confirm your new email address';
    ctx.outbox.enqueue({
      to: email,
      subject: purpose === 'verify' ? 'Confirm your email address' : 'Confirm your new email address',
      text: `Open this link to ${what}:\n\n${link}\n\nor enter the code ${code}\n\nIt works once, for ${hours} hours.`,
      sensitive: true,
    });
    ctx.emit(
      purpose === 'verify' ? 'user.emailVerificationSent' : 'user.emailChangeRequested',
      user.id!,
      user,
      null,
      {
        ...(purpose === 'change' ? { to: email } : {}),
      },
    );
  };

  const dropAll = db.prepare<[string]>('DELETE FROM users_email_codes WHERE user_id = ?');

  return {
    send,
    removeUser(userId: string) {
      dropAll.run(userId);
    },
    /**
     * Host: confirms an emailed code (from the link). A verification code marks the address
     * verified; a change code moves the account to the new address, verified. Every failure is
     * the same `forbidden`; a code works once, used or not, whatever the outcome.
     */
    confirmEmail(code: unknown): { userId: string; email: string } {
      if (typeof code !== 'string' || code.length === 0 || code.length > 200) {
        throw badRequest('confirmEmail: code must be the string the mail carried');
      }
      const hash = digest(code);
      const outcome = ctx.store.transaction(() => {
        const row = select.get(hash);
        if (!row) return null;
        drop.run(hash);
        const user = row.expires_at > ctx.now() ? ctx.store.findById(USERS, row.user_id) : null;
        if (!user) return null;
        const current = emailOf(user);
        // A verification code is for the address it was sent to; a later change voids it.
        if (row.purpose === 'verify' && emailKey(current) !== emailKey(row.email)) return null;
        ctx.account.verifying = user.id!;
        try {
          const fields = { emailVerified: true, ...(row.purpose === 'change' ? { email: row.email } : {}) };
          const saved = ctx.store.update(USERS, { ...user, fields: { ...user.fields, ...fields } });
          if (row.purpose === 'change') {
            dropUser.run(user.id!, 'verify');
            ctx.emit('user.emailChanged', user.id!, saved, user, { from: current, to: row.email });
          } else ctx.emit('user.emailVerified', user.id!, saved, user, { email: row.email });
        } finally {
          ctx.account.verifying = null;
        }
        return { userId: user.id!, email: row.email };
      });
      if (!outcome) throw new WardenError('forbidden', FAILED);
      return outcome;
    },
    /** Host: mails a new verification code to the user's address (rate limited, quietly). */
    requestEmailVerification(user: unknown): { accepted: true } {
      const fn = 'requestEmailVerification';
      ctx.store.transaction(() => {
        const stored = loadUser(ctx.store, fn, user);
        if (!ctx.store.app.users?.emailVerification) {
          throw badRequest(`${fn}: the app does not verify emails (users.emailVerification)`);
        }
        if (stored.fields.emailVerified === true) return;
        if (
          !ctx.rateLimiter.admit([{ key: `verify:${stored.id}`, limit: ctx.account.signUpLimits.perEmail }])
        )
          return;
        send(stored, emailOf(stored), 'verify');
      });
      return { accepted: true };
    },
    /**
     * Host: starts moving a signed-in user to a new address. The account keeps its address until
     * the code mailed to the new one is confirmed. An address another account uses gets a notice
     * instead of a code, and the answer is the same: it tells nothing about other accounts.
     */
    requestEmailChange(user: unknown, newEmail: unknown): { accepted: true } {
      const fn = 'requestEmailChange';
      if (typeof newEmail !== 'string' || !EMAIL.test(newEmail.trim())) {
        throw badRequest(`${fn}: newEmail must be an email address`);
      }
      const to = newEmail.trim();
      ctx.store.transaction(() => {
        const stored = loadUser(ctx.store, fn, user);
        if (
          !ctx.rateLimiter.admit([{ key: `change:${stored.id}`, limit: ctx.account.signUpLimits.perEmail }])
        )
          return;
        const owner = ctx.store.findOne(USERS, to);
        if (owner && owner.id !== stored.id) {
          ctx.outbox.enqueue({
            to,
            subject: 'Someone tried to use this email address',
            text: 'An account asked to move to this address, which already has an account. Nothing was changed.',
          });
          return;
        }
        if (owner) return; // already the user's address
        send(stored, to, 'change');
      });
      return { accepted: true };
    },
  };
}

export type EmailCodes = ReturnType<typeof createEmailCodes>;
