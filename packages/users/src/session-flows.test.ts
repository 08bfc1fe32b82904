import type { RecordData } from '@warden/sys-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from './sessions.js';
import { createUsersHarness, type UsersHarness } from './testing/users-harness.js';

const PASSWORD = 'right-pass-1';
const FORBIDDEN = expect.objectContaining({ code: 'forbidden' });

/** Session rows still live in the table (verify also checks the user, so look underneath). */
const liveSessions = (h: UsersHarness, userId: string) =>
  (
    h.store.db
      .prepare('SELECT count(*) AS n FROM users_sessions WHERE user_id = ? AND revoked_at IS NULL')
      .get(userId) as { n: number }
  ).n;

function signedIn(h: UsersHarness, user: RecordData): Session {
  const result = h.users.signIn(user.fields.email as string, PASSWORD, { ip: '127.0.0.1' });
  if (result.status !== 'ok') throw new Error(`expected a session, got ${result.status}`);
  return result.session;
}

describe('sessions', () => {
  let h: UsersHarness;
  let user: RecordData;
  beforeEach(() => {
    h = createUsersHarness({ sessionTtlMs: 60_000, refreshTtlMs: 10 * 60_000 });
    user = h.createUser({}, PASSWORD);
  });
  afterEach(() => h.close());

  it('verify returns the user until the access token expires; refresh still works after', () => {
    const s = signedIn(h, user);
    expect(h.users.verify(s.token)).toMatchObject({ id: user.id, fields: { email: user.fields.email } });
    h.clock.now += 60_000;
    expect(() => h.users.verify(s.token)).toThrow(
      expect.objectContaining({
        code: 'forbidden',
        message: 'verify: the session token is unknown, expired or revoked',
      }),
    );
    const next = h.users.refresh(s.refreshToken);
    expect(h.users.verify(next.token).id).toBe(user.id);
    h.clock.now += 10 * 60_000;
    expect(() => h.users.refresh(next.refreshToken)).toThrow(FORBIDDEN);
  });

  it('refresh rotates: a new pair, and the old access and refresh tokens stop working', () => {
    const s = signedIn(h, user);
    const next = h.users.refresh(s.refreshToken);
    expect(next).toEqual({
      token: expect.stringMatching(/^[\w-]{43}$/),
      refreshToken: expect.stringMatching(/^[\w-]{43}$/),
      expiresAt: h.clock.now + 60_000,
      refreshExpiresAt: h.clock.now + 10 * 60_000,
      userId: user.id,
      sessionId: expect.any(String),
    });
    expect(next.token).not.toBe(s.token);
    expect(() => h.users.verify(s.token)).toThrow(FORBIDDEN);
    expect(h.users.verify(next.token).id).toBe(user.id);
  });

  it('a replayed refresh token revokes the whole family, and only that family', () => {
    const stolen = signedIn(h, user);
    const other = signedIn(h, user);
    const second = h.users.refresh(stolen.refreshToken);
    const third = h.users.refresh(second.refreshToken);
    expect(() => h.users.refresh(stolen.refreshToken)).toThrow(
      expect.objectContaining({
        code: 'forbidden',
        message: 'refresh: the refresh token is unknown, expired, revoked or already used',
      }),
    );
    // Committed although the call failed: the live descendant is dead too.
    expect(() => h.users.verify(third.token)).toThrow(FORBIDDEN);
    expect(() => h.users.refresh(third.refreshToken)).toThrow(FORBIDDEN);
    expect(h.users.verify(other.token).id).toBe(user.id);
  });

  it('signOut ends the session and its refresh token; twice is fine', () => {
    const s = signedIn(h, user);
    h.users.signOut(s.token);
    expect(() => h.users.verify(s.token)).toThrow(FORBIDDEN);
    expect(() => h.users.refresh(s.refreshToken)).toThrow(FORBIDDEN);
    expect(() => h.users.signOut(s.token)).not.toThrow();
    expect(() => h.users.signOut('unknown-token')).not.toThrow();
  });

  it('unknown, empty and wrongly typed tokens', () => {
    expect(() => h.users.verify('x'.repeat(43))).toThrow(FORBIDDEN);
    expect(() => h.users.verify('x'.repeat(10_000))).toThrow(FORBIDDEN);
    expect(() => h.users.verify('')).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        message: "verify: token must be a non-empty string, got ''",
      }),
    );
    expect(() => h.users.refresh(5 as never)).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        message: 'refresh: refreshToken must be a non-empty string, got number',
      }),
    );
    expect(() => h.users.signOut(null as never)).toThrow(expect.objectContaining({ code: 'badRequest' }));
  });

  const revokers: [string, (h: UsersHarness, user: RecordData) => void][] = [
    ['deactivate', (h, u) => h.users.deactivate(u)],
    ['block', (h, u) => h.users.block(u)],
    [
      'a plain save of status',
      (h, u) => h.store.update('sys.users', { ...u, fields: { status: 'BLOCKED' } }),
    ],
    [
      'updatePassword',
      (h, u) => h.users.updatePassword(u, { currentPassword: PASSWORD, newPassword: 'other-pass-2' }),
    ],
    [
      'completePasswordReset',
      (h, u) => h.users.completePasswordReset(h.users.resetPassword(u).resetCode, 'p-ass-word-3'),
    ],
    [
      'a save that sets a password',
      (h, u) =>
        h.store.update('sys.users', {
          ...u,
          version: null as never,
          fields: { authentication: { password: 'saved-pass-4', passwordConfirmation: 'saved-pass-4' } },
        }),
    ],
    ['removal', (h, u) => h.store.remove('sys.users', u.id!)],
    ['revokeSessions', (h, u) => h.users.revokeSessions(u.id!)],
  ];

  for (const [name, revoke] of revokers) {
    it(`${name} revokes every session, in the same transaction`, () => {
      const a = signedIn(h, user);
      const b = signedIn(h, user);
      const bystander = h.createUser({}, PASSWORD);
      const c = signedIn(h, bystander);
      // Rolled back with its transaction: the sessions still work.
      expect(() =>
        h.store.transaction(() => {
          revoke(h, user);
          expect(() => h.users.verify(a.token)).toThrow(FORBIDDEN);
          throw new Error('rolled back');
        }),
      ).toThrow('rolled back');
      expect(h.users.verify(a.token).id).toBe(user.id);
      expect(liveSessions(h, user.id!)).toBe(2);
      revoke(h, user);
      expect(liveSessions(h, user.id!)).toBe(0);
      expect(liveSessions(h, bystander.id!)).toBe(1);
      for (const s of [a, b]) {
        expect(() => h.users.verify(s.token)).toThrow(FORBIDDEN);
        expect(() => h.users.refresh(s.refreshToken)).toThrow(FORBIDDEN);
      }
      expect(h.users.verify(c.token).id).toBe(bystander.id);
    });
  }

  it('activating again does not bring revoked sessions back', () => {
    const s = signedIn(h, user);
    h.users.deactivate(user);
    h.users.activate(user);
    expect(() => h.users.verify(s.token)).toThrow(FORBIDDEN);
  });

  it('verify and refresh refuse users made unusable behind the interceptors (lite save, expiry)', () => {
    const s = signedIn(h, user);
    h.store.update('sys.users', { ...user, fields: { status: 'INACTIVE' } }, { mode: 'lite' });
    expect(() => h.users.verify(s.token)).toThrow(FORBIDDEN);
    expect(() => h.users.refresh(s.refreshToken)).toThrow(FORBIDDEN);
    const other = h.createUser({ expirationDate: h.clock.now + 1000 }, PASSWORD);
    const t = signedIn(h, other);
    h.clock.now += 1000;
    expect(() => h.users.verify(t.token)).toThrow(FORBIDDEN);
  });
});
