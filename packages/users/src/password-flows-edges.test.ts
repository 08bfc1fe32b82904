import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsersHarness, type UsersHarness } from './testing/users-harness.js';

// What Stryker found unchecked in password-flows.ts: the argument errors and their messages, the
// data of the password events, and the expired flag a new password clears.

/** The error of a call, whether it throws or rejects. */
async function errorOf(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}
const bad = (message: string) => ({ code: 'badRequest', message });

describe('password flows: arguments and events', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  it('completePasswordReset and verifyPassword name each bad argument', async () => {
    const { users } = h;
    expect(await errorOf(() => users.completePasswordReset('', 'New-pass-123'))).toMatchObject(
      bad('completePasswordReset: code must be a non-empty string'),
    );
    expect(await errorOf(() => users.completePasswordReset(7 as never, 'New-pass-123'))).toMatchObject(
      bad('completePasswordReset: code must be a non-empty string'),
    );
    expect(await errorOf(() => users.completePasswordReset('some-code', 5 as never))).toMatchObject(
      bad('completePasswordReset: newPassword must be a string, got number'),
    );
    expect(await errorOf(() => users.verifyPassword('', 'x'))).toMatchObject(
      bad('verifyPassword: userId must be a non-empty string'),
    );
    expect(await errorOf(() => users.verifyPassword(3 as never, 'x'))).toMatchObject(
      bad('verifyPassword: userId must be a non-empty string'),
    );
    expect(await errorOf(() => users.verifyPassword('id', undefined as never))).toMatchObject(
      bad('verifyPassword: password must be a string, got undefined'),
    );
  });

  it('updatePassword and resetPassword name bad options', async () => {
    const user = h.createUser();
    const fn = 'sys.users.updatePassword';
    expect(await errorOf(() => h.users.updatePassword(user, ['x'] as never))).toMatchObject(
      bad(`${fn}: options must be an object, got an array`),
    );
    expect(await errorOf(() => h.users.updatePassword(user, 'x' as never))).toMatchObject(
      bad(`${fn}: options must be an object, got string`),
    );
    expect(await errorOf(() => h.users.updatePassword(user, null as never))).toMatchObject(
      bad(`${fn}: options.newPassword must be a string, got undefined`),
    );
    expect(await errorOf(() => h.users.updatePassword(user, { newPassword: null } as never))).toMatchObject(
      bad(`${fn}: options.newPassword must be a string, got null`),
    );
    expect(
      await errorOf(() =>
        h.users.updatePassword(user, { newPassword: 'New-pass-123', notifyUser: 'yes' } as never),
      ),
    ).toMatchObject(bad(`${fn}: options.notifyUser must be a boolean, got string`));
    expect(
      await errorOf(() =>
        h.users.updatePassword(user, { newPassword: 'New-pass-123', currentPassword: 1 } as never),
      ),
    ).toMatchObject(bad(`${fn}: options.currentPassword must be a string, got number`));
    // Absent or null flags and an absent current password are fine.
    await h.users.updatePassword(user, {
      newPassword: 'New-pass-123',
      notifyUser: null,
      currentPassword: null,
    } as never);
    expect(await h.users.verifyPassword(user.id!, 'New-pass-123')).toBe(true);
  });

  it('emits the password events with how the password changed', async () => {
    const user = h.createUser({}, 'Old-pass-123');
    h.events.length = 0;
    const { resetCode } = await h.users.resetPassword(user, { notifyUser: true });
    await h.users.resetPassword(user);
    await h.users.completePasswordReset((await h.users.resetPassword(user)).resetCode, 'Reset-pass-123');
    await h.users.updatePassword(user, { currentPassword: 'Reset-pass-123', newPassword: 'Next-pass-123' });
    expect(resetCode).toEqual(expect.any(String));
    expect(h.events.map((e) => [e.type, e.data])).toEqual([
      ['user.passwordReset', { via: 'resetPassword', notified: true }],
      ['user.passwordReset', { via: 'resetPassword', notified: false }],
      ['user.passwordReset', { via: 'resetPassword', notified: false }],
      ['user.passwordUpdated', { via: 'resetCode' }],
      ['user.passwordUpdated', { via: 'updatePassword' }],
    ]);
    expect(h.events.every((e) => e.recordId === user.id)).toBe(true);
  });

  it('a new password is not expired: sign-in succeeds without asking for a change', async () => {
    const user = h.createUser({}, 'Old-pass-123');
    h.store.db.prepare('UPDATE users_credentials SET password_expired = 1 WHERE user_id = ?').run(user.id!);
    expect((await h.users.signIn(user.fields.email as string, 'Old-pass-123')).status).toBe(
      'passwordExpired',
    );
    await h.users.updatePassword(user, { currentPassword: 'Old-pass-123', newPassword: 'New-pass-123' });
    expect((await h.users.signIn(user.fields.email as string, 'New-pass-123')).status).toBe('ok');
  });

  it('a reset code of a user removed since does not set a password', async () => {
    const user = h.createUser();
    const { resetCode } = await h.users.resetPassword(user);
    await h.store.remove('sys.users', user.id!);
    expect(await errorOf(() => h.users.completePasswordReset(resetCode, 'New-pass-123'))).toMatchObject({
      code: expect.stringMatching(/^(notFound|badRequest)$/),
    });
    expect(h.store.db.prepare('SELECT count(*) FROM users_credentials').pluck().get()).toBe(0);
  });
});
