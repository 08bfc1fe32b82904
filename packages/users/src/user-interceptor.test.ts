import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsersHarness, mailBody, type UsersHarness } from './testing/users-harness.js';

const base = { firstName: 'User1', lastName: 'Test', email: 'user1@test.com' };
const withPassword = (pw: string, extra: Record<string, unknown> = {}) => ({
  ...base,
  sendWelcomeEmail: false,
  groups: [{ group: 'Group1', primary: true }],
  authentication: {
    passwordExpired: false,
    generatePassword: false,
    password: pw,
    passwordConfirmation: pw,
    newPassword: pw,
    ...extra,
  },
});

describe('sys.users interceptor', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  it('creates a user with the password of the first seed sample, hashed, never stored', () => {
    const user = h.store.insert('sys.users', withPassword('1234567890'));
    expect(user.fields.authentication).toMatchObject({
      password: null,
      passwordConfirmation: null,
      newPassword: null,
      passwordExpired: false,
    });
    expect(h.users.verifyPassword(user.id!, '1234567890')).toBe(true);
    expect(h.users.verifyPassword(user.id!, '1234567891')).toBe(false);
    const row = h.store.db
      .prepare('SELECT hash, password_expired FROM users_credentials WHERE user_id = ?')
      .get(user.id!);
    expect(row).toEqual({ hash: expect.stringMatching(/^\$scrypt\$ln=8,r=8,p=1\$/), password_expired: 0 });
    expect(JSON.stringify(h.store.findById('sys.users', user.id!))).not.toContain('1234567890');
    expect(h.outbox.list()).toEqual([]);
  });

  it('generates a password by default and ignores the given one; passwordExpired defaults to true', () => {
    const user = h.store.insert('sys.users', {
      ...base,
      sendWelcomeEmail: false,
      authentication: { password: 'Given-pass-1' },
    });
    expect(user.fields.authentication).toMatchObject({ passwordExpired: true });
    expect(h.users.verifyPassword(user.id!, 'Given-pass-1')).toBe(false);
    expect(
      h.store.db.prepare('SELECT password_expired FROM users_credentials WHERE user_id = ?').get(user.id!),
    ).toEqual({
      password_expired: 1,
    });
  });

  it('sends a welcome mail with the generated password and a set-password link', () => {
    const user = h.store.insert('sys.users', { ...base, sendWelcomeEmail: true });
    const [mail] = h.outbox.list();
    expect(mail).toMatchObject({ to: 'user1@test.com', template: 'welcome', sensitive: true, text: null });
    const body = mailBody(h, mail!.id);
    const password = /temporary password[^:]*: (\S+)/.exec(body)?.[1];
    expect(password).toBeDefined();
    expect(h.users.verifyPassword(user.id!, password!)).toBe(true);
    const code = /set-password\?code=([\w-]+)/.exec(body)?.[1];
    expect(body).toContain('http://app.test/set-password?code=');
    h.users.completePasswordReset(code!, 'Chosen-pass-1');
    expect(h.users.verifyPassword(user.id!, 'Chosen-pass-1')).toBe(true);
    expect(h.store.findById('sys.users', user.id!)!.fields.sendWelcomeEmail).toBeNull();
  });

  it('sends a welcome mail without a password when the password was given', () => {
    h.store.insert('sys.users', { ...withPassword('1234567890'), sendWelcomeEmail: true });
    const [mail] = h.outbox.list();
    const body = mailBody(h, mail!.id);
    expect(body).toContain('set-password?code=');
    expect(body).not.toContain('temporary password');
    expect(body).not.toContain('1234567890');
  });

  it('sends no welcome mail on update', () => {
    const user = h.createUser();
    h.store.update('sys.users', { ...user, fields: { ...user.fields, sendWelcomeEmail: true } });
    expect(h.outbox.list()).toEqual([]);
  });

  it('queues nothing and stores nothing when the transaction rolls back', () => {
    expect(() =>
      h.store.transaction(() => {
        h.store.insert('sys.users', { ...base, sendWelcomeEmail: true });
        throw new Error('script failed');
      }),
    ).toThrow('script failed');
    expect(h.outbox.list()).toEqual([]);
    expect(h.store.count('sys.users')).toBe(0);
    expect(h.store.db.prepare('SELECT count(*) AS n FROM users_credentials').get()).toEqual({ n: 0 });
    expect(h.store.db.prepare('SELECT count(*) AS n FROM users_reset_codes').get()).toEqual({ n: 0 });
  });

  it('requires the three password fields to match', () => {
    const error = (() => {
      try {
        h.store.insert(
          'sys.users',
          withPassword('1234567890', { passwordConfirmation: '1234567899', newPassword: 'other-pass-1' }),
        );
      } catch (e) {
        return e as { code: string; errors: { field: string; code: string }[]; message: string };
      }
    })();
    expect(error?.code).toBe('validationErrors');
    expect(error?.errors.map((e) => [e.field, e.code])).toEqual([
      ['authentication.passwordConfirmation', 'mismatch'],
      ['authentication.newPassword', 'mismatch'],
    ]);
    expect(error?.message).not.toMatch(/1234567890|1234567899|other-pass-1/);
    expect(h.store.count('sys.users')).toBe(0);
  });

  it("checks a given password against the primary group's policy, every rule at once", () => {
    const input = { ...withPassword('short'), groups: [{ group: 'admins', primary: true }] };
    expect(() => h.store.insert('sys.users', input)).toThrow(
      expect.objectContaining({
        code: 'validationErrors',
        errors: [
          expect.objectContaining({ field: 'authentication.password', code: 'tooShort' }),
          expect.objectContaining({ field: 'authentication.password', code: 'missingUppercase' }),
          expect.objectContaining({ field: 'authentication.password', code: 'missingDigit' }),
          expect.objectContaining({ field: 'authentication.password', code: 'missingSymbol' }),
        ],
      }),
    );
    const ok = h.store.insert('sys.users', {
      ...input,
      authentication: withPassword('Strong-pass-12').authentication,
    });
    expect(h.users.verifyPassword(ok.id!, 'Strong-pass-12')).toBe(true);
  });

  it('sets a new password on update with the password fields, and leaves it alone without them', () => {
    const user = h.createUser({}, 'first-pass-1');
    const fields = {
      ...user.fields,
      authentication: { password: 'second-pass-2', passwordConfirmation: 'second-pass-2' },
    };
    const saved = h.store.update('sys.users', { ...user, fields });
    expect(h.users.verifyPassword(user.id!, 'second-pass-2')).toBe(true);
    h.store.update('sys.users', { ...saved, fields: { ...saved.fields, lastName: 'Other' } });
    expect(h.users.verifyPassword(user.id!, 'second-pass-2')).toBe(true);
  });

  it('keeps the stored passwordExpired when an update leaves it out', () => {
    const user = h.createUser({}, 'first-pass-1');
    h.store.update('sys.users', { ...user, fields: { authentication: { passwordExpired: true } } });
    const saved = h.store.update('sys.users', {
      ...h.store.findById('sys.users', user.id!)!,
      fields: { authentication: {} },
    });
    expect(saved.fields.authentication).toMatchObject({ passwordExpired: true });
    expect(
      h.store.db
        .prepare('SELECT password_expired AS e FROM users_credentials WHERE user_id = ?')
        .get(user.id!),
    ).toEqual({ e: 1 });
  });

  it('generates nothing on update, even when asked', () => {
    const user = h.createUser({}, 'first-pass-1');
    h.store.update('sys.users', {
      ...user,
      fields: { authentication: { generatePassword: true, password: 'x' } },
    });
    expect(h.users.verifyPassword(user.id!, 'first-pass-1')).toBe(true);
  });

  it('keeps exactly one primary group on save', () => {
    const user = h.createUser({
      groups: [
        { group: 'Group1', primary: false },
        { group: 'admins', primary: false },
      ],
    });
    expect(user.fields.groups).toEqual([
      expect.objectContaining({ group: 'Group1', primary: true }),
      expect.objectContaining({ group: 'admins', primary: false }),
    ]);
    const both = h.createUser({
      groups: [
        { group: 'Group1', primary: true },
        { group: 'admins', primary: true },
      ],
    });
    expect((both.fields.groups as { primary: boolean }[]).map((g) => g.primary)).toEqual([true, false]);
  });

  it('rejects unknown identity providers in the record', () => {
    expect(() =>
      h.createUser({ identityProviders: [{ identityProvider: 'myspace', externalId: 'x' }] }),
    ).toThrow(
      expect.objectContaining({
        code: 'validationErrors',
        errors: [
          expect.objectContaining({ field: 'identityProviders[0].identityProvider', code: 'notFound' }),
        ],
      }),
    );
  });

  it('cleans up after bulk deletes too', () => {
    const a = h.createUser({}, 'some-pass-1');
    const b = h.createUser({}, 'some-pass-2');
    h.users.addIdentityProvider(b.id!, 'slack', 'U9');
    expect(h.store.deleteMany('sys.users', {})).toBe(2);
    expect(h.store.db.prepare('SELECT count(*) AS n FROM users_credentials').get()).toEqual({ n: 0 });
    expect(h.store.db.prepare('SELECT count(*) AS n FROM users_identities').get()).toEqual({ n: 0 });
    expect(h.users.verifyPassword(a.id!, 'some-pass-1')).toBe(false);
  });

  it('removes credentials, codes, identity links and endpoint configs with the user', () => {
    const user = h.createUser({}, 'some-pass-1');
    h.users.addIdentityProvider(user.id!, 'slack', 'U123');
    h.users.setEndpointConfiguration(user.id!, 'http', { token: 't' });
    h.users.resetPassword(user);
    h.store.remove('sys.users', user.id!);
    for (const table of [
      'users_credentials',
      'users_reset_codes',
      'users_identities',
      'users_endpoint_configs',
    ]) {
      expect(h.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    }
    expect(h.users.verifyPassword(user.id!, 'some-pass-1')).toBe(false);
    const again = h.createUser();
    expect(h.users.addIdentityProvider(again.id!, 'slack', 'U123').fields.identityProviders).toHaveLength(1);
  });
});
