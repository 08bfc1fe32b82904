import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SmtpSink, startSmtpSink } from '@warden/mail/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';
import { report, scale } from './security-kit.js';

// Credentials never appear in plaintext anywhere; reset codes and tokens are single use, expire
// and are stored only as digests; lockout and rate limits hold under a scripted brute-force run.
const GUESSES = scale(300, 3000);
const PASSWORDS = {
  script: 'Script-Typed-Pass-91!',
  updated: 'Updated-Secret-Pass-22!',
  reset: 'Reset-Chosen-Pass-33!',
  wrong: 'Wrong-Guess-Pass-44!',
  admin: 'Admin-Strong-Pass-55!Aa',
  refused: 'short',
};
const USERS = { entity: 'sys.users' };

describe('credentials', () => {
  let sink: SmtpSink;
  let w: TestRuntime;
  const seen: string[] = []; // every log line and error message of the suite
  const codes: string[] = [];
  const tally = { guesses: 0, signInAttempts: 0, resetRequests: 0 };
  const run = async (source: string, options = {}) => {
    try {
      const r = await w.run(source, options);
      seen.push(...r.logs.map((l) => l.message), JSON.stringify(r.value));
      return r;
    } catch (error) {
      seen.push(String((error as Error).message), JSON.stringify(error));
      throw error;
    }
  };
  const capture = async <T>(fn: () => T | Promise<T>): Promise<T | Error> => {
    try {
      return await fn();
    } catch (error) {
      seen.push(String((error as Error).message), JSON.stringify(error));
      return error as Error;
    }
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    w = await createTestRuntime({ mail: { transport: sink.url, dispatch: true, pollMs: 50 } });
  });
  afterAll(async () => {
    report('credentials', tally);
    await w.dispose();
    await sink.stop();
  });

  it('passwords set by scripts, updates and resets are usable and never read back', async () => {
    const { value } = await run(
      `var u = sys.data.createRecord('sys.users');
       u.field('firstName').val('Cred'); u.field('lastName').val('Entials'); u.field('email').val('cred@example.com');
       u.field('authentication.generatePassword').val(false);
       u.field('authentication.password').val(pw); u.field('authentication.passwordConfirmation').val(pw);
       sys.data.save(u);
       log('read back: ' + u.field('authentication.password').val() + ' ' + JSON.stringify(u.toJson()));
       try { sys.users.updatePassword(u, { currentPassword: 'nope', newPassword: next }); } catch (e) { log(e.message()); }
       try { sys.users.updatePassword(u, { currentPassword: pw, newPassword: refused }); } catch (e) { log(e.message() + JSON.stringify(sys.exceptions.getAdditionalInfo(e))); }
       sys.users.updatePassword(u, { currentPassword: pw, newPassword: next, notifyUser: true });
       return sys.data.findById('sys.users', u.id()).toJson();`,
      { ...USERS, params: { pw: PASSWORDS.script, next: PASSWORDS.updated, refused: PASSWORDS.refused } },
    );
    expect(JSON.stringify(value)).not.toContain('Pass');
    const user = (await w.store.findOne('sys.users', 'cred@example.com'))!;
    expect(await w.users.verifyPassword(user.id!, PASSWORDS.updated)).toBe(true);
    expect(await w.users.verifyPassword(user.id!, PASSWORDS.script)).toBe(false);
    const { resetCode } = await w.users.resetPassword(user.id!, { notifyUser: true });
    codes.push(resetCode);
    await capture(() => w.users.completePasswordReset(resetCode, PASSWORDS.refused));
    await w.users.completePasswordReset(resetCode, PASSWORDS.reset);
    expect(await w.users.verifyPassword(user.id!, PASSWORDS.reset)).toBe(true);
    const signedIn = await w.users.signIn('cred@example.com', PASSWORDS.reset);
    expect(signedIn.status).toBe('ok');
    if (signedIn.status === 'ok') codes.push(signedIn.session.token, signedIn.session.refreshToken);
    await capture(() => w.users.signIn('cred@example.com', PASSWORDS.wrong));
  });

  it('a reset code works once, and not after it expires', async () => {
    const user = (await w.store.findOne('sys.users', 'cred@example.com'))!;
    const first = (await w.users.resetPassword(user.id!)).resetCode;
    codes.push(first);
    await w.users.completePasswordReset(first, PASSWORDS.reset);
    expect(await capture(() => w.users.completePasswordReset(first, PASSWORDS.reset))).toMatchObject({
      code: 'badRequest',
    });
    const second = (await w.users.resetPassword(user.id!)).resetCode;
    codes.push(second);
    // Age the code in the database, as if its time had passed.
    w.store.db.prepare('UPDATE users_reset_codes SET expires_at = ?').run(Date.now() - 1);
    expect(await capture(() => w.users.completePasswordReset(second, PASSWORDS.reset))).toMatchObject({
      code: 'badRequest',
    });
    // A newer code voids the older one.
    const a = (await w.users.resetPassword(user.id!)).resetCode;
    const b = (await w.users.resetPassword(user.id!)).resetCode;
    codes.push(a, b);
    expect(await capture(() => w.users.completePasswordReset(a, PASSWORDS.reset))).toMatchObject({
      code: 'badRequest',
    });
    await w.users.completePasswordReset(b, PASSWORDS.reset);
  });

  it('codes and tokens are stored only as SHA-256 digests (lookups compare digests, not secrets)', async () => {
    const user = (await w.store.findOne('sys.users', 'cred@example.com'))!;
    const { resetCode } = await w.users.resetPassword(user.id!);
    codes.push(resetCode);
    const rows = w.store.db.prepare('SELECT code_hash FROM users_reset_codes').all() as {
      code_hash: string;
    }[];
    expect(rows.length).toBe(1);
    expect(rows[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.code_hash).not.toContain(resetCode);
    // A code differing in one character, or a prefix, never works.
    const near = resetCode.slice(0, -1) + (resetCode.endsWith('A') ? 'B' : 'A');
    for (const guess of [near, resetCode.slice(0, 20), `${resetCode} `, resetCode.toUpperCase()]) {
      expect(await capture(() => w.users.completePasswordReset(guess, PASSWORDS.reset))).toMatchObject({
        code: 'badRequest',
      });
    }
    await w.users.completePasswordReset(resetCode, PASSWORDS.reset);
  });

  it(`a scripted brute force of ${GUESSES} reset-code guesses gets nowhere and spends no real code`, async () => {
    const user = (await w.store.findOne('sys.users', 'cred@example.com'))!;
    const { resetCode } = await w.users.resetPassword(user.id!);
    codes.push(resetCode);
    for (let i = 0; i < GUESSES; i++) {
      const guess = i % 2 ? resetCode.slice(0, -2) + i.toString(36).slice(-2).padStart(2, 'x') : `guess-${i}`;
      if (guess === resetCode) continue;
      tally.guesses++;
      expect(await capture(() => w.users.completePasswordReset(guess, PASSWORDS.wrong))).toMatchObject({
        code: 'badRequest',
      });
    }
    expect(await w.users.verifyPassword(user.id!, PASSWORDS.wrong)).toBe(false);
    await w.users.completePasswordReset(resetCode, PASSWORDS.reset);
    expect(await w.users.verifyPassword(user.id!, PASSWORDS.reset)).toBe(true);
  });

  it('a sign-in brute force blocks the account at the group limit, and the right password then fails', async () => {
    await run(
      `var u = sys.data.createRecord('sys.users');
       u.field('firstName').val('Ad'); u.field('lastName').val('Min'); u.field('email').val('admin@example.com');
       u.field('groups').add({ group: 'admins', primary: true });
       u.field('authentication.generatePassword').val(false);
       u.field('authentication.password').val(pw); u.field('authentication.passwordConfirmation').val(pw);
       sys.data.save(u);`,
      { ...USERS, params: { pw: PASSWORDS.admin } },
    );
    const errors = new Set<string>();
    for (let i = 0; i < 20; i++) {
      tally.signInAttempts++;
      const e = (await capture(() =>
        w.users.signIn('admin@example.com', `${PASSWORDS.wrong}${i}`),
      )) as unknown as {
        code: string;
        message: string;
      };
      errors.add(`${e.code}: ${e.message}`);
    }
    // One answer for every failure, whatever the reason.
    const unknown = (await capture(() =>
      w.users.signIn('nobody@example.com', PASSWORDS.wrong),
    )) as unknown as {
      code: string;
      message: string;
    };
    errors.add(`${unknown.code}: ${unknown.message}`);
    expect([...errors]).toEqual(['forbidden: signIn: invalid email or password']);
    expect((await w.store.findOne('sys.users', 'admin@example.com'))!.fields.status).toBe('BLOCKED');
    tally.signInAttempts++;
    expect(await capture(() => w.users.signIn('admin@example.com', PASSWORDS.admin))).toMatchObject({
      code: 'forbidden',
    });
  });

  it('password reset requests are rate limited per email', async () => {
    const before = (await w.mail.list()).length;
    for (let i = 0; i < 50; i++) {
      tally.resetRequests++;
      expect(await w.users.requestPasswordReset('cred@example.com', { ip: '203.0.113.9' })).toEqual({
        accepted: true,
      });
    }
    const issued = (await w.mail.list()).length - before;
    expect(issued).toBeGreaterThan(0);
    expect(issued).toBeLessThan(50);
  });

  it('no password, code or token in the database files, logs, errors, outbox or delivered mail', async () => {
    await w.mail.drain();
    await new Promise((r) => setTimeout(r, 300));
    await w.mail.drain();
    w.store.db.pragma('wal_checkpoint(PASSIVE)');
    const files = readdirSync(w.dir).filter((f) => f.startsWith('app.db'));
    expect(files).toEqual(expect.arrayContaining(['app.db', 'app.db-wal']));
    const stored = files.map((f) => readFileSync(join(w.dir, f)).toString('latin1')).join('\n');
    const outbox = JSON.stringify(await w.mail.list());
    const mails = sink.messages.map((m) => m.raw).join('\n');
    const logs = seen.join('\n');
    for (const [name, secret] of Object.entries(PASSWORDS)) {
      expect(stored.includes(secret), `${name} password in the database files`).toBe(false);
      expect(logs.includes(secret), `${name} password in logs or errors`).toBe(false);
      expect(outbox.includes(secret), `${name} password in the outbox`).toBe(false);
      expect(mails.includes(secret), `${name} password in a mail`).toBe(false);
    }
    for (const secret of codes) {
      const where = files.filter((f) => readFileSync(join(w.dir, f)).toString('latin1').includes(secret));
      expect(
        where,
        `code or token #${codes.indexOf(secret)} of ${codes.length} in the database files`,
      ).toEqual([]);
      expect(outbox.includes(secret), 'a code or token in the outbox').toBe(false);
    }
    expect(sink.messages.length).toBeGreaterThan(0);
  });
});
