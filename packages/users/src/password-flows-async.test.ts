import { afterEach, describe, expect, it } from 'vitest';
import { createPasswordHasher, type PasswordHasher } from './password-hasher.js';
import { createUsersHarness, type HarnessOptions, type UsersHarness } from './testing/users-harness.js';
import type { Atomic } from './users-context.js';

const PASSWORD = 'Old-pass-123';
const NEXT = 'New-pass-456';

/** A cheap scrypt hasher that counts the hashes and checks made on the calling thread. */
function countingHasher() {
  const real = createPasswordHasher({ ln: 8 });
  const onThread = { hash: 0, verify: 0 };
  const hasher: PasswordHasher = {
    ...real,
    hash: (p) => {
      onThread.hash++;
      return real.hash(p);
    },
    verify: (p, e) => {
      onThread.verify++;
      return real.verify(p, e);
    },
  };
  return { hasher, onThread };
}

describe('password changes for the host thread', () => {
  let h: UsersHarness;
  const open = (options: HarnessOptions = {}) => {
    h = createUsersHarness(options);
    return h;
  };
  afterEach(() => h.close());

  it('hash and check on the thread pool: no scrypt on the calling thread, and the passwords verify', async () => {
    const { hasher, onThread } = countingHasher();
    open({ hasher });
    const user = h.createUser({}, PASSWORD);
    onThread.hash = 0;
    const changed = await h.users.updatePasswordAsync(user, { currentPassword: PASSWORD, newPassword: NEXT });
    expect(changed).toEqual({ userId: user.id, userEmail: user.fields.email });
    const { resetCode } = h.users.resetPassword(user);
    await h.users.completePasswordResetAsync(resetCode, 'Reset-pass-789');
    const fields = {
      firstName: 'Gen',
      lastName: 'Erated',
      email: 'gen@test.com',
      sendWelcomeEmail: false,
    };
    const work = await h.users.prepareUserWrite('sys.users', fields, true);
    const created = h.users.withPasswordWork(work, () => h.store.insert('sys.users', fields));
    const given = {
      ...fields,
      email: 'given@test.com',
      authentication: { generatePassword: false, password: NEXT },
    };
    const prepared = await h.users.prepareUserWrite('sys.users', given, true);
    const withPassword = h.users.withPasswordWork(prepared, () => h.store.insert('sys.users', given));
    expect(onThread).toEqual({ hash: 0, verify: 0 });
    expect(await h.users.verifyPasswordAsync(user.id!, 'Reset-pass-789')).toBe(true);
    expect(await h.users.verifyPasswordAsync(withPassword.id!, NEXT)).toBe(true);
    expect(h.store.db.prepare('SELECT count(*) FROM users_credentials').pluck().get()).toBe(3);
    expect(created.fields.authentication).toMatchObject({ passwordExpired: true });
  });

  it('answer, count and emit as the synchronous calls do', async () => {
    open();
    const user = h.createUser({ groups: [{ group: 'guarded', primary: true }] }, PASSWORD);
    await expect(
      h.users.updatePasswordAsync(user, { currentPassword: 'wrong-pass-1', newPassword: NEXT }),
    ).rejects.toMatchObject({
      code: 'badRequest',
      message: "sys.users.updatePassword: options.currentPassword does not match the user's current password",
    });
    expect(h.events.filter((e) => e.type === 'user.signInFailed')).toHaveLength(1);
    await expect(h.users.updatePasswordAsync(user, { newPassword: NEXT })).rejects.toMatchObject({
      message: 'sys.users.updatePassword: options.currentPassword is required, the user has a password',
    });
    await h.users.updatePasswordAsync(user, { currentPassword: PASSWORD, newPassword: NEXT });
    expect(h.events.at(-1)).toMatchObject({ type: 'user.passwordUpdated', data: { via: 'updatePassword' } });
    expect(h.users.verifyPassword(user.id!, NEXT)).toBe(true);

    const admin = h.createUser({ groups: [{ group: 'admins', primary: true }] }, 'Admin-pass-1234!');
    const { resetCode } = h.users.resetPassword(admin);
    await expect(h.users.completePasswordResetAsync(resetCode, 'weak')).rejects.toMatchObject({
      code: 'validationErrors',
    });
    await expect(
      h.users.completePasswordResetAsync('no-such-code', 'Strong-pass-1234!'),
    ).rejects.toMatchObject({
      message: 'completePasswordReset: code is unknown, already used or expired',
    });
    expect(await h.users.completePasswordResetAsync(resetCode, 'Strong-pass-1234!')).toEqual({
      userId: admin.id,
      userEmail: admin.fields.email,
    });
    expect(h.events.at(-1)).toMatchObject({ type: 'user.passwordUpdated', data: { via: 'resetCode' } });
    await expect(h.users.completePasswordResetAsync(resetCode, 'Strong-pass-1234!')).rejects.toMatchObject({
      code: 'badRequest',
    });
  });

  it('check again a current password that changed between the check and the change', async () => {
    let changeUnder: (() => void) | null = null;
    // The host's unit runner: here it changes the password just before the change's unit runs.
    const atomic: Atomic = async (_name, fn) => {
      const now = changeUnder;
      changeUnder = null;
      now?.();
      return fn();
    };
    open({ atomic });
    const user = h.createUser({}, PASSWORD);
    let units = 0;
    changeUnder = () => {
      units++;
      // The read unit comes first: change the password at the next one, the change's.
      changeUnder = () => {
        h.users.updatePassword(user, { currentPassword: PASSWORD, newPassword: 'Elsewhere-pass-1' });
      };
    };
    await expect(
      h.users.updatePasswordAsync(user, { currentPassword: PASSWORD, newPassword: NEXT }),
    ).rejects.toMatchObject({ code: 'badRequest', message: /currentPassword does not match/ });
    expect(units).toBe(1);
    expect(h.users.verifyPassword(user.id!, 'Elsewhere-pass-1')).toBe(true);
    expect(h.users.verifyPassword(user.id!, NEXT)).toBe(false);
  });
});
