import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsersHarness, type UsersHarness } from './testing/users-harness.js';

describe('createUsers', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  it('runs the first seed sample: create with a password, deactivate, activate, remove', () => {
    let user = h.users.addGroup(
      {
        id: null,
        version: 0,
        label: null,
        fields: { firstName: 'User1', lastName: 'Test', email: 'user1@test.com', sendWelcomeEmail: false },
      },
      'Group1',
      true,
    );
    user = {
      ...user,
      fields: {
        ...user.fields,
        authentication: {
          passwordExpired: false,
          generatePassword: false,
          password: '1234567890',
          passwordConfirmation: '1234567890',
          newPassword: '1234567890',
        },
      },
    };
    user = h.store.save('sys.users', user)!;
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.users.getPrimaryGroup(user)).toEqual({
      id: expect.any(String),
      name: 'Group1',
      label: 'Group 1',
    });
    expect(h.users.deactivate(user).fields.status).toBe('INACTIVE');
    expect(h.users.activate(user).fields.status).toBe('ACTIVE');
    expect(h.users.verifyPassword(user.id!, '1234567890')).toBe(true);
    h.store.remove('sys.users', user.id!);
    expect(h.store.findOne('sys.users', 'user1@test.com')).toBeNull();
  });

  it('changes groups in memory only; a save persists them', () => {
    const user = h.createUser({ groups: [{ group: 'Group1', primary: true }] });
    const added = h.users.addGroup(user, 'Administrators', true);
    expect(h.users.isPrimaryGroup(added, 'admins')).toBe(true);
    expect(h.users.containsGroup(added, 'Group1')).toBe(true);
    expect(h.users.isPrimaryGroup(h.store.findById('sys.users', user.id!)!, 'admins')).toBe(false);
    const saved = h.store.update('sys.users', added);
    expect(saved.fields.groups).toEqual([
      expect.objectContaining({ group: 'Group1', primary: false }),
      expect.objectContaining({ group: 'admins', primary: true }),
    ]);
    const removed = h.users.removeGroup(saved, 'admins');
    expect(h.users.getPrimaryGroup(removed)?.name).toBe('Group1');
    expect(h.store.update('sys.users', removed).fields.groups).toEqual([
      expect.objectContaining({ group: 'Group1', primary: true }),
    ]);
  });

  it('rejects group calls on what is not a user record', () => {
    expect(() => h.users.containsGroup('x' as never, 'admins')).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        message: "sys.users.containsGroup: user must be a sys.users record, got 'x'",
      }),
    );
    expect(() =>
      h.users.addGroup(
        { entity: 'companies', id: null, version: 0, label: null, fields: {} } as never,
        'admins',
      ),
    ).toThrow(expect.objectContaining({ code: 'badRequest' }));
  });

  it('checks its options', () => {
    expect(() => createUsersHarness({ resetCodeTtlMs: -1 })).toThrow(
      /createUsers: resetCodeTtlMs must be a positive integer/,
    );
  });

  it('dispose removes the interceptors', () => {
    h.users.dispose();
    const user = h.store.insert('sys.users', {
      firstName: 'A',
      lastName: 'B',
      email: 'ab@test.com',
      sendWelcomeEmail: true,
    });
    expect(h.outbox.list()).toEqual([]);
    expect(h.users.verifyPassword(user.id!, 'anything')).toBe(false);
  });
});

describe('plaintext passwords', () => {
  it('never reach the database file', () => {
    const h = createUsersHarness();
    const secrets = [
      'Plain-Secret-One-1',
      'Plain-Secret-Two-2',
      'Plain-Secret-Three-3',
      'Plain-Secret-Four-4',
    ];
    try {
      const user = h.createUser({ sendWelcomeEmail: true }, secrets[0]);
      h.users.updatePassword(user, {
        currentPassword: secrets[0],
        newPassword: secrets[1]!,
        notifyUser: true,
      });
      const { resetCode } = h.users.resetPassword(user, { notifyUser: true });
      h.users.completePasswordReset(resetCode, secrets[2]!);
      const fields = {
        ...h.store.findById('sys.users', user.id!)!.fields,
        authentication: { password: secrets[3], passwordConfirmation: secrets[3] },
      };
      h.store.update('sys.users', { ...h.store.findById('sys.users', user.id!)!, fields });
      expect(() =>
        h.users.updatePassword(user, { currentPassword: 'nope', newPassword: 'Plain-Rejected-5' }),
      ).toThrow();
      expect(h.users.verifyPassword(user.id!, secrets[3]!)).toBe(true);
      expect(h.outbox.list().map((m) => m.template)).toEqual(['reset', 'changed', 'welcome']);
      const bytes = h.bytes();
      expect(bytes.length).toBeGreaterThan(0);
      for (const secret of [...secrets, 'Plain-Rejected-5']) {
        expect(bytes.includes(secret), secret).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le')), secret).toBe(false);
      }
    } finally {
      h.close();
    }
  });
});

describe('session tokens and codes', () => {
  it('never reach the database file in plaintext', () => {
    const h = createUsersHarness();
    try {
      const password = 'Token-Scan-Pass-1';
      const user = h.createUser({ email: 'scan@test.com' }, password);
      const plain: string[] = [password];
      const first = h.users.signIn('scan@test.com', password, { ip: '8.8.8.8' });
      if (first.status !== 'ok') throw new Error('expected a session');
      const rotated = h.users.refresh(first.session.refreshToken);
      plain.push(first.session.token, first.session.refreshToken, rotated.token, rotated.refreshToken);
      plain.push(h.users.resetPassword(user).resetCode);
      h.store.update('sys.users', {
        ...h.store.findById('sys.users', user.id!)!,
        fields: { authentication: { passwordExpired: true } },
      });
      const expired = h.users.signIn('scan@test.com', password);
      if (expired.status !== 'passwordExpired') throw new Error('expected passwordExpired');
      plain.push(expired.resetCode);
      h.users.requestPasswordReset('scan@test.com');
      const bytes = h.bytes();
      for (const secret of plain) expect(bytes.includes(secret), secret).toBe(false);
      // The session rows are there as digests: the scan looks at the right bytes.
      for (const token of plain.slice(1, 5)) {
        const hex = createHash('sha256').update(token).digest('hex');
        expect(bytes.includes(hex), `digest of ${token}`).toBe(true);
      }
    } finally {
      h.close();
    }
  });
});
