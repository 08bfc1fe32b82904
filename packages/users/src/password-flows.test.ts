import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPasswordHasher } from './password-hasher.js';
import { createUsersHarness, mailBody, type UsersHarness } from './testing/users-harness.js';

const credential = (h: UsersHarness, id: string) =>
  h.store.db
    .prepare('SELECT hash, password_expired AS expired FROM users_credentials WHERE user_id = ?')
    .get(id) as { hash: string; expired: number } | undefined;

describe('resetPassword / completePasswordReset', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  it('returns the ids, a code and its link; keeps the old password until the reset completes', () => {
    const user = h.createUser({}, 'old-pass-12');
    const result = h.users.resetPassword(user);
    expect(result).toEqual({
      userId: user.id,
      userEmail: user.fields.email,
      resetCode: expect.stringMatching(/^[\w-]{43}$/),
      link: `http://app.test/reset-password?code=${result.resetCode}`,
    });
    expect(h.outbox.list()).toEqual([]);
    expect(h.users.verifyPassword(user.id!, 'old-pass-12')).toBe(true);
    expect(h.users.completePasswordReset(result.resetCode, 'new-pass-12')).toEqual({
      userId: user.id,
      userEmail: user.fields.email,
    });
    expect(h.users.verifyPassword(user.id!, 'new-pass-12')).toBe(true);
    expect(h.users.verifyPassword(user.id!, 'old-pass-12')).toBe(false);
  });

  it('mails the reset link with notifyUser, or its alias notify', () => {
    const user = h.createUser();
    const a = h.users.resetPassword(user, { notifyUser: true });
    const b = h.users.resetPassword(user.id!, { notify: true });
    const mails = h.outbox.list();
    expect(mails.map((m) => [m.template, m.to, m.sensitive])).toEqual([
      ['reset', user.fields.email, true],
      ['reset', user.fields.email, true],
    ]);
    expect(mailBody(h, mails[0]!.id)).toContain(b.link);
    expect(mailBody(h, mails[1]!.id)).toContain(a.link);
    expect(mailBody(h, mails[0]!.id)).toContain('within 30 minutes');
  });

  it('leaves no code, mail or status change behind when the enclosing transaction rolls back', () => {
    const user = h.createUser({ status: 'BLOCKED' });
    let code = '';
    expect(() =>
      h.store.transaction(() => {
        code = h.users.resetPassword(user, { notifyUser: true }).resetCode;
        throw new Error('script failed');
      }),
    ).toThrow('script failed');
    expect(h.outbox.list()).toEqual([]);
    expect(h.store.findById('sys.users', user.id!)!.fields.status).toBe('BLOCKED');
    expect(() => h.users.completePasswordReset(code, 'new-pass-12')).toThrow(
      expect.objectContaining({ code: 'badRequest' }),
    );
  });

  it('unblocks a blocked user, and leaves an inactive one inactive', () => {
    const blocked = h.createUser({ status: 'BLOCKED' });
    h.users.resetPassword(blocked);
    expect(h.store.findById('sys.users', blocked.id!)!.fields.status).toBe('ACTIVE');
    const inactive = h.createUser({ status: 'INACTIVE' });
    h.users.resetPassword(inactive);
    expect(h.store.findById('sys.users', inactive.id!)!.fields.status).toBe('INACTIVE');
  });

  it('codes work once, expire, and a new code voids the older one', () => {
    const user = h.createUser();
    const first = h.users.resetPassword(user).resetCode;
    const second = h.users.resetPassword(user).resetCode;
    const invalid = expect.objectContaining({
      code: 'badRequest',
      message: 'completePasswordReset: code is unknown, already used or expired',
    });
    expect(() => h.users.completePasswordReset(first, 'new-pass-12')).toThrow(invalid);
    h.users.completePasswordReset(second, 'new-pass-12');
    expect(() => h.users.completePasswordReset(second, 'other-pass-12')).toThrow(invalid);
    const third = h.users.resetPassword(user).resetCode;
    h.clock.now += 30 * 60_000;
    expect(() => h.users.completePasswordReset(third, 'other-pass-12')).toThrow(invalid);
    expect(h.users.verifyPassword(user.id!, 'new-pass-12')).toBe(true);
  });

  it('applies the policy without spending the code, and clears passwordExpired', () => {
    const user = h.createUser({ groups: [{ group: 'admins', primary: true }] });
    h.store.update('sys.users', {
      ...user,
      fields: { ...user.fields, authentication: { passwordExpired: true } },
    });
    const { resetCode } = h.users.resetPassword(user);
    expect(() => h.users.completePasswordReset(resetCode, 'weak')).toThrow(
      expect.objectContaining({
        code: 'validationErrors',
        errors: expect.arrayContaining([expect.objectContaining({ field: 'newPassword', code: 'tooShort' })]),
      }),
    );
    h.users.completePasswordReset(resetCode, 'Strong-pass-12');
    const stored = h.store.findById('sys.users', user.id!)!;
    expect(stored.fields.authentication).toMatchObject({ passwordExpired: false });
    expect(credential(h, user.id!)?.expired).toBe(0);
  });

  it('rejects bad arguments with badRequest', () => {
    const user = h.createUser();
    expect(() => h.users.resetPassword(user, 'yes' as never)).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        message: 'sys.users.resetPassword: options must be an object, got string',
      }),
    );
    expect(() => h.users.resetPassword(user, { notifyUser: 'yes' } as never)).toThrow(
      expect.objectContaining({ code: 'badRequest' }),
    );
    expect(() => h.users.completePasswordReset('', 'x')).toThrow(
      expect.objectContaining({ code: 'badRequest' }),
    );
    expect(() => h.users.completePasswordReset('abc', 42 as never)).toThrow(
      expect.objectContaining({ code: 'badRequest' }),
    );
    expect(() => h.users.resetPassword({ ...user, id: '0190aaaa-0000-7000-8000-000000000000' })).toThrow(
      expect.objectContaining({ code: 'notFound' }),
    );
  });
});

describe('updatePassword', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  it('checks the current password, sets the new one and returns the ids', () => {
    const user = h.createUser({}, 'CurrentPassword456');
    const result = h.users.updatePassword(user, {
      currentPassword: 'CurrentPassword456',
      newPassword: 'OldPassword123',
    });
    expect(result).toEqual({ userId: user.id, userEmail: user.fields.email });
    expect(h.users.verifyPassword(user.id!, 'OldPassword123')).toBe(true);
    expect(h.users.verifyPassword(user.id!, 'CurrentPassword456')).toBe(false);
    expect(h.outbox.list()).toEqual([]);
  });

  it('a wrong current password is a badRequest and changes nothing', () => {
    const user = h.createUser({ status: 'BLOCKED' }, 'CurrentPassword456');
    const before = credential(h, user.id!);
    expect(() =>
      h.users.updatePassword(user, {
        currentPassword: 'wrong-one',
        newPassword: 'OldPassword123',
        notifyUser: true,
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        message:
          "sys.users.updatePassword: options.currentPassword does not match the user's current password",
      }),
    );
    expect(credential(h, user.id!)).toEqual(before);
    expect(h.store.findById('sys.users', user.id!)).toEqual(user);
    expect(h.outbox.list()).toEqual([]);
  });

  it('requires the current password when the user has one, and not otherwise', () => {
    const withPw = h.createUser({}, 'CurrentPassword456');
    expect(() => h.users.updatePassword(withPw, { newPassword: 'OldPassword123' })).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        message: expect.stringContaining('options.currentPassword is required'),
      }),
    );
    const without = h.createUser();
    h.users.updatePassword(without, { newPassword: 'OldPassword123' });
    expect(h.users.verifyPassword(without.id!, 'OldPassword123')).toBe(true);
  });

  it("lists every broken rule of the primary group's policy on newPassword", () => {
    const user = h.createUser({ groups: [{ group: 'Group1' }, { group: 'admins', primary: true }] });
    expect(() => h.users.updatePassword(user, { newPassword: 'abc' })).toThrow(
      expect.objectContaining({
        code: 'validationErrors',
        errors: ['tooShort', 'missingUppercase', 'missingDigit', 'missingSymbol'].map((code) =>
          expect.objectContaining({ field: 'newPassword', code }),
        ),
      }),
    );
    expect(credential(h, user.id!)).toBeUndefined();
  });

  it('unblocks, clears passwordExpired, voids reset codes and mails a notice', () => {
    const user = h.createUser({ status: 'BLOCKED' }, 'CurrentPassword456');
    const { resetCode } = h.users.resetPassword(user);
    h.store.update('sys.users', {
      ...h.store.findById('sys.users', user.id!)!,
      fields: { status: 'BLOCKED', authentication: { passwordExpired: true } },
    });
    h.users.updatePassword(user.id!, {
      currentPassword: 'CurrentPassword456',
      newPassword: 'OldPassword123',
      notifyUser: true,
    });
    const stored = h.store.findById('sys.users', user.id!)!;
    expect(stored.fields.status).toBe('ACTIVE');
    expect(stored.fields.authentication).toMatchObject({ passwordExpired: false });
    expect(() => h.users.completePasswordReset(resetCode, 'Another-pass-1')).toThrow(
      expect.objectContaining({ code: 'badRequest' }),
    );
    const [mail] = h.outbox.list();
    expect(mail).toMatchObject({ template: 'changed', to: user.fields.email, sensitive: false });
    expect(mail!.text).toContain('was just changed');
    expect(mail!.text).not.toContain('OldPassword123');
  });

  it('rejects bad options with badRequest, never echoing a password', () => {
    const user = h.createUser();
    expect(() => h.users.updatePassword(user, {} as never)).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        message: 'sys.users.updatePassword: options.newPassword must be a string, got undefined',
      }),
    );
    expect(() => h.users.updatePassword(user, { newPassword: 12345678 } as never)).toThrow(
      expect.objectContaining({
        message: 'sys.users.updatePassword: options.newPassword must be a string, got number',
      }),
    );
    expect(() => h.users.updatePassword(user, null as never)).toThrow(
      expect.objectContaining({ code: 'badRequest' }),
    );
  });
});

describe('verifyPassword', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  it('rehashes a hash made with older parameters on success only', () => {
    const user = h.createUser({}, 'some-pass-12');
    const old = createPasswordHasher({ ln: 6, r: 4 }).hash('some-pass-12');
    h.store.db.prepare('UPDATE users_credentials SET hash = ? WHERE user_id = ?').run(old, user.id!);
    expect(h.users.verifyPassword(user.id!, 'wrong')).toBe(false);
    expect(credential(h, user.id!)?.hash).toBe(old);
    expect(h.users.verifyPassword(user.id!, 'some-pass-12')).toBe(true);
    expect(credential(h, user.id!)?.hash).toMatch(/^\$scrypt\$ln=8,r=8,p=1\$/);
    expect(h.users.verifyPassword(user.id!, 'some-pass-12')).toBe(true);
  });

  it('is false for a user without a password or unknown, and checks its arguments', () => {
    expect(h.users.verifyPassword(h.createUser().id!, '')).toBe(false);
    expect(h.users.verifyPassword('nobody', 'x')).toBe(false);
    expect(() => h.users.verifyPassword('', 'x')).toThrow(expect.objectContaining({ code: 'badRequest' }));
    expect(() => h.users.verifyPassword('id', null as never)).toThrow(
      expect.objectContaining({ code: 'badRequest' }),
    );
  });
});
