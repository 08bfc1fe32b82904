import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPasswordHasher } from './password-hasher.js';
import { createUsersHarness, type UsersHarness } from './testing/users-harness.js';
import { createUsers } from './users.js';

const PASSWORD = 'right-pass-1';
const INVALID = { code: 'forbidden', message: 'signIn: invalid email or password' };
const failures = (h: UsersHarness, id: string) =>
  (
    h.store.db.prepare('SELECT failures FROM users_login_attempts WHERE user_id = ?').get(id) as
      | { failures: number }
      | undefined
  )?.failures ?? 0;
const statusOf = (h: UsersHarness, id: string) => h.store.findById('sys.users', id)!.fields.status;

describe('signIn', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  it('returns a session for the right password, with case-insensitive email', () => {
    const user = h.createUser({ email: 'Ann@Test.com' }, PASSWORD);
    const result = h.users.signIn('ann@test.COM', PASSWORD, { ip: '10.0.0.1' });
    expect(result).toEqual({
      status: 'ok',
      session: {
        token: expect.stringMatching(/^[\w-]{43}$/),
        refreshToken: expect.stringMatching(/^[\w-]{43}$/),
        expiresAt: h.clock.now + 60 * 60_000,
        refreshExpiresAt: h.clock.now + 30 * 24 * 60 * 60_000,
        userId: user.id,
        sessionId: expect.any(String),
      },
    });
    if (result.status !== 'ok') throw new Error('unreachable');
    expect(h.users.verify(result.session.token).id).toBe(user.id);
  });

  it('fails the same way for unknown, wrong password, INACTIVE, BLOCKED and expired accounts', () => {
    h.createUser({ email: 'inactive@test.com', status: 'INACTIVE' }, PASSWORD);
    h.createUser({ email: 'blocked@test.com', status: 'BLOCKED' }, PASSWORD);
    h.createUser({ email: 'expired@test.com', expirationDate: h.clock.now - 1 }, PASSWORD);
    h.createUser({ email: 'nopass@test.com' });
    const good = h.createUser({ email: 'good@test.com' }, PASSWORD);
    const attempts: [string, string][] = [
      ['nobody@test.com', PASSWORD],
      ['good@test.com', 'wrong-pass-1'],
      ['inactive@test.com', PASSWORD],
      ['blocked@test.com', PASSWORD],
      ['expired@test.com', PASSWORD],
      ['nopass@test.com', PASSWORD],
      [good.id!, PASSWORD], // an id is not an email
    ];
    for (const [email, password] of attempts) {
      expect(() => h.users.signIn(email, password), email).toThrow(expect.objectContaining(INVALID));
    }
    // The reason is for the host's event only.
    expect(h.events.filter((e) => e.type === 'user.signInFailed').map((e) => e.data.reason)).toEqual([
      'unknownEmail',
      'wrongPassword',
      'inactive',
      'blocked',
      'accountExpired',
      'wrongPassword',
      'unknownEmail',
    ]);
    expect(h.store.db.prepare('SELECT count(*) AS n FROM users_sessions').get()).toEqual({ n: 0 });
  });

  it('blocks at the primary group maxLoginAttempts; a reset unblocks and the new password works', () => {
    const user = h.createUser({ groups: [{ group: 'guarded', primary: true }] }, PASSWORD);
    for (let i = 1; i <= 2; i++) {
      expect(() => h.users.signIn(user.fields.email as string, 'wrong-pass-1')).toThrow(
        expect.objectContaining(INVALID),
      );
      expect(failures(h, user.id!)).toBe(i);
      expect(statusOf(h, user.id!)).toBe('ACTIVE');
    }
    expect(() => h.users.signIn(user.fields.email as string, 'wrong-pass-1')).toThrow(
      expect.objectContaining(INVALID),
    );
    expect(statusOf(h, user.id!)).toBe('BLOCKED');
    expect(h.events.map((e) => e.type).slice(-2)).toEqual(['user.signInFailed', 'user.blocked']);
    // Blocked: even the right password is refused, with the same message.
    expect(() => h.users.signIn(user.fields.email as string, PASSWORD)).toThrow(
      expect.objectContaining(INVALID),
    );

    const { resetCode } = h.users.resetPassword(user);
    h.users.completePasswordReset(resetCode, 'brand-new-pass-2');
    expect(statusOf(h, user.id!)).toBe('ACTIVE');
    expect(failures(h, user.id!)).toBe(0);
    expect(h.users.signIn(user.fields.email as string, 'brand-new-pass-2').status).toBe('ok');
  });

  it('never blocks users whose primary group sets no limit; a success resets the count', () => {
    const user = h.createUser({ groups: [{ group: 'Group1', primary: true }] }, PASSWORD);
    for (let i = 0; i < 6; i++) expect(() => h.users.signIn(user.fields.email as string, 'nope')).toThrow();
    expect(statusOf(h, user.id!)).toBe('ACTIVE');
    expect(failures(h, user.id!)).toBe(6);
    h.users.signIn(user.fields.email as string, PASSWORD);
    expect(failures(h, user.id!)).toBe(0);
  });

  it('commits the failure count and event even when the sign-in fails inside no transaction', () => {
    const user = h.createUser({}, PASSWORD);
    expect(() => h.users.signIn(user.fields.email as string, 'nope', { ip: '1.2.3.4' })).toThrow();
    expect(h.store.inTransaction).toBe(false);
    expect(failures(h, user.id!)).toBe(1);
    const failed = h.events.find((e) => e.type === 'user.signInFailed')!;
    expect(failed).toMatchObject({
      entity: 'sys.users',
      recordId: user.id,
      record: { id: user.id },
      oldRecord: null,
      data: { ip: '1.2.3.4', reason: 'wrongPassword', email: user.fields.email, failures: 1 },
      time: h.clock.now,
    });
  });

  it('asks for a change when the password has expired, with a code that completes it', () => {
    const user = h.createUser({}, PASSWORD);
    h.store.update('sys.users', {
      ...user,
      fields: { ...user.fields, authentication: { passwordExpired: true } },
    });
    const result = h.users.signIn(user.fields.email as string, PASSWORD);
    expect(result).toEqual({
      status: 'passwordExpired',
      userId: user.id,
      resetCode: expect.stringMatching(/^[\w-]{43}$/),
    });
    expect(h.store.db.prepare('SELECT count(*) AS n FROM users_sessions').get()).toEqual({ n: 0 });
    if (result.status !== 'passwordExpired') throw new Error('unreachable');
    // The code is short-lived.
    h.clock.now += 11 * 60_000;
    expect(() => h.users.completePasswordReset(result.resetCode, 'changed-pass-2')).toThrow(
      expect.objectContaining({ code: 'badRequest' }),
    );
    const again = h.users.signIn(user.fields.email as string, PASSWORD);
    if (again.status !== 'passwordExpired') throw new Error('expected passwordExpired');
    h.users.completePasswordReset(again.resetCode, 'changed-pass-2');
    expect(h.users.signIn(user.fields.email as string, 'changed-pass-2').status).toBe('ok');
  });

  it('rehashes a password made with older parameters on a successful sign-in', () => {
    const user = h.createUser({}, PASSWORD);
    const hashOf = () =>
      (
        h.store.db.prepare('SELECT hash FROM users_credentials WHERE user_id = ?').get(user.id) as {
          hash: string;
        }
      ).hash;
    expect(hashOf()).toMatch(/^\$scrypt\$ln=8,/);
    h.users.dispose();
    const stronger = createUsers({
      store: h.store,
      outbox: h.outbox,
      hasher: createPasswordHasher({ ln: 9 }),
    });
    try {
      expect(() => stronger.signIn(user.fields.email as string, 'nope')).toThrow();
      expect(hashOf()).toMatch(/^\$scrypt\$ln=8,/);
      expect(stronger.signIn(user.fields.email as string, PASSWORD).status).toBe('ok');
      expect(hashOf()).toMatch(/^\$scrypt\$ln=9,/);
    } finally {
      stronger.dispose();
    }
  });

  it('refuses arguments of the wrong type with badRequest, naming them', () => {
    expect(() => h.users.signIn(42 as never, PASSWORD)).toThrow(
      expect.objectContaining({ code: 'badRequest', message: 'signIn: email must be a string, got number' }),
    );
    expect(() => h.users.signIn('a@test.com', null as never)).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        message: 'signIn: password must be a string, got object',
      }),
    );
    expect(() => h.users.signIn('a@test.com', PASSWORD, { ip: 7 } as never)).toThrow(
      expect.objectContaining({ code: 'badRequest', message: expect.stringMatching(/^signIn: options\.ip/) }),
    );
  });
});
