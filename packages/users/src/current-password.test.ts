import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsersHarness, type UsersHarness } from './testing/users-harness.js';

const RIGHT = 'Right-Password-1';
const GUARDED = { groups: [{ group: 'guarded', primary: true }] }; // maxLoginAttempts: 3
const MISMATCH =
  "sys.users.updatePassword: options.currentPassword does not match the user's current password";

const guess = (h: UsersHarness, id: string, currentPassword: string) =>
  h.users.updatePassword(id, { currentPassword, newPassword: 'Next-Password-2' });
const attempt = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};
const failures = (h: UsersHarness, id: string) =>
  (
    h.store.db.prepare('SELECT failures FROM users_login_attempts WHERE user_id = ?').get(id) as
      | { failures: number }
      | undefined
  )?.failures ?? 0;
const status = (h: UsersHarness, id: string) => h.store.findById('sys.users', id)!.fields.status;
const failedEvents = (h: UsersHarness) => h.events.filter((e) => e.type === 'user.signInFailed');

describe("updatePassword's currentPassword counts like a sign-in", () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  it('a host call counts each wrong guess, blocks at the limit and then checks nothing', () => {
    const id = h.createUser(GUARDED, RIGHT).id!;
    for (let i = 0; i < 3; i++) {
      expect(() => guess(h, id, `wrong-${i}`)).toThrow(
        expect.objectContaining({ code: 'badRequest', message: MISMATCH }),
      );
    }
    expect(failures(h, id)).toBe(3);
    expect(status(h, id)).toBe('BLOCKED');
    expect(failedEvents(h).map((e) => e.data)).toEqual(
      [1, 2, 3].map((n) => ({
        ip: null,
        reason: 'wrongPassword',
        email: expect.any(String),
        via: 'updatePassword',
        failures: n,
      })),
    );
    expect(h.events.some((e) => e.type === 'user.blocked')).toBe(true);
    // Locked out: the right password is refused without a check; sign-in refuses too.
    expect(() => guess(h, id, RIGHT)).toThrow(
      expect.objectContaining({
        code: 'forbidden',
        message: expect.stringContaining('too many failed password checks'),
      }),
    );
    expect(
      attempt(() => h.users.signIn(h.store.findById('sys.users', id)!.fields.email as string, RIGHT)),
    ).toBe('forbidden');
    // An administrator lifts the block; the right password works again.
    h.users.activate(id);
    guess(h, id, RIGHT);
    expect(h.users.verifyPassword(id, 'Next-Password-2')).toBe(true);
    expect(failures(h, id)).toBe(0);
  });

  it('inside a transaction that catches the errors, a run cannot guess past the limit', () => {
    const id = h.createUser(GUARDED, RIGHT).id!;
    const codes = h.store.transaction(() => {
      const seen = [];
      for (let i = 0; i < 30; i++) seen.push(attempt(() => guess(h, id, `wrong-${i}`)));
      seen.push(attempt(() => guess(h, id, RIGHT)));
      return seen;
    });
    expect(codes.slice(0, 3)).toEqual(['badRequest', 'badRequest', 'badRequest']);
    expect(new Set(codes.slice(3))).toEqual(new Set(['forbidden']));
    expect(h.users.verifyPassword(id, RIGHT)).toBe(true);
    // Counted once the enclosing transaction has ended.
    expect(h.users.flushPasswordFailures()).toBe(3);
    expect(failures(h, id)).toBe(3);
    expect(status(h, id)).toBe('BLOCKED');
    expect(h.users.flushPasswordFailures()).toBe(0);
  });

  it('inside a transaction that rolls back, the failure is still counted', () => {
    const id = h.createUser(GUARDED, RIGHT).id!;
    for (let run = 0; run < 2; run++) {
      expect(() => h.store.transaction(() => guess(h, id, 'wrong'))).toThrow(
        expect.objectContaining({ code: 'badRequest' }),
      );
      expect(h.users.flushPasswordFailures()).toBe(1);
    }
    expect(failures(h, id)).toBe(2);
    expect(failedEvents(h)).toHaveLength(2);
    expect(() => h.store.transaction(() => guess(h, id, 'wrong'))).toThrow();
    // A later call outside any transaction writes what is pending first.
    expect(() => guess(h, id, RIGHT)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(failures(h, id)).toBe(3);
    expect(status(h, id)).toBe('BLOCKED');
  });

  it('writes nothing while a transaction is open, and nothing for a removed user', () => {
    const id = h.createUser(GUARDED, RIGHT).id!;
    h.store.transaction(() => {
      attempt(() => guess(h, id, 'wrong'));
      expect(h.users.flushPasswordFailures()).toBe(0);
    });
    h.store.remove('sys.users', id);
    expect(h.users.flushPasswordFailures()).toBe(0);
    expect(failures(h, id)).toBe(0);
  });

  it('without a limit in the policy, failures are counted but never block', () => {
    const id = h.createUser({}, RIGHT).id!;
    for (let i = 0; i < 5; i++) attempt(() => guess(h, id, `wrong-${i}`));
    expect(failures(h, id)).toBe(5);
    guess(h, id, RIGHT);
    expect(status(h, id)).toBe('ACTIVE');
    expect(failures(h, id)).toBe(0);
  });
});
