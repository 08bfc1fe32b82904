import type { WardenError } from '@warden/sys-api';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsersHarness, mailBody, TEST_APP, type UsersHarness } from './testing/users-harness.js';

const KEY = 'a-test-secret-key-of-more-than-32-characters';
const APP = {
  ...TEST_APP,
  groups: [
    ...TEST_APP.groups,
    { name: 'customers', label: 'Customers', passwordPolicy: { minLength: 10, expirationDays: 90 } },
  ],
  users: { identifiers: ['username', 'phone'], emailVerification: true, defaultGroup: 'customers' },
};
const PASSWORD = 'Sign-up-Pass-1';
const codeIn = (text: string) => /code ([\w-]{43})/.exec(text)?.[1] ?? '';
const mails = (h: UsersHarness) =>
  (
    h.store.db.prepare('SELECT id, "to" AS recipient, subject FROM mail_outbox ORDER BY rowid').all() as {
      id: string;
      recipient: string;
      subject: string;
    }[]
  ).map((m) => ({ ...m, text: mailBody(h, m.id) }));
const failure = async (fn: () => unknown) => {
  try {
    await fn();
  } catch (e) {
    return (e as WardenError).code;
  }
  return 'no error';
};

describe('sign-up, verification and email change', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness({ account: { secretKey: KEY } }, APP);
  });
  afterEach(() => h.close());

  it('signs up with an email and a password, in the default group, usable once verified', async () => {
    expect(await h.users.signUp({ email: 'New@Example.com', password: PASSWORD }, { ip: '1.2.3.4' })).toEqual(
      {
        status: 'verificationSent',
      },
    );
    const user = h.store.findOne('sys.users', 'new@example.com')!;
    expect(user.fields).toMatchObject({ firstName: 'New', lastName: '-', emailVerified: false });
    expect(user.fields.groups).toEqual([expect.objectContaining({ group: 'customers', primary: true })]);
    expect(await failure(() => h.users.signIn('new@example.com', PASSWORD))).toBe('forbidden');
    const [mail] = mails(h);
    expect(mail!.recipient).toBe('New@Example.com');
    const code = codeIn(mail!.text);
    expect(h.users.confirmEmail(code)).toEqual({ userId: user.id, email: 'New@Example.com' });
    expect(await failure(() => h.users.confirmEmail(code))).toBe('forbidden'); // single use
    expect(h.store.findById('sys.users', user.id!)!.fields.emailVerified).toBe(true);
    expect(h.users.signIn('new@example.com', PASSWORD).status).toBe('ok');
    expect(h.events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'user.created',
        'user.signedUp',
        'user.emailVerificationSent',
        'user.emailVerified',
      ]),
    );
  });

  it('checks the default group policy and answers a taken email the same way, mailing its owner', async () => {
    expect(await failure(() => h.users.signUp({ email: 'a@example.com', password: 'short' }))).toBe(
      'validationErrors',
    );
    h.createUser({ email: 'taken@example.com' }, PASSWORD);
    expect(await h.users.signUp({ email: 'taken@example.com', password: PASSWORD })).toEqual({
      status: 'verificationSent',
    });
    expect([...h.store.find('sys.users', { email: 'taken@example.com' })]).toHaveLength(1);
    expect(mails(h).map((m) => m.subject)).toEqual(['Someone tried to sign up with your address']);
    expect(mails(h)[0]!.text).not.toMatch(/code/);
  });

  it('a verification code expires; a later email change voids it', async () => {
    await h.users.signUp({ email: 'slow@example.com', password: PASSWORD });
    const code = codeIn(mails(h)[0]!.text);
    h.clock.now += 24 * 60 * 60_000;
    expect(await failure(() => h.users.confirmEmail(code))).toBe('forbidden');
  });

  it('moves to a new email only once the code mailed to it is confirmed', () => {
    const user = h.createUser({ email: 'old@example.com' }, PASSWORD);
    expect(h.users.requestEmailChange(user.id!, 'fresh@example.com')).toEqual({ accepted: true });
    expect(h.store.findById('sys.users', user.id!)!.fields.email).toBe('old@example.com');
    const mail = mails(h).find((m) => m.recipient === 'fresh@example.com')!;
    h.users.confirmEmail(codeIn(mail.text));
    const moved = h.store.findById('sys.users', user.id!)!;
    expect(moved.fields).toMatchObject({ email: 'fresh@example.com', emailVerified: true });
    expect(h.events.find((e) => e.type === 'user.emailChanged')!.data).toEqual({
      from: 'old@example.com',
      to: 'fresh@example.com',
    });
    // A plain save may change the address, but it is then unverified; a save cannot verify it.
    const saved = h.store.update('sys.users', { ...moved, fields: { email: 'other@example.com' } });
    expect(saved.fields.emailVerified).toBe(false);
    const forged = h.store.update('sys.users', { ...saved, fields: { emailVerified: true } });
    expect(forged.fields.emailVerified).toBe(false);
  });

  it('an email change to a taken address sends a notice, no code, and the same answer', () => {
    const user = h.createUser({ email: 'me@example.com' }, PASSWORD);
    h.createUser({ email: 'them@example.com' }, PASSWORD);
    expect(h.users.requestEmailChange(user.id!, 'them@example.com')).toEqual({ accepted: true });
    const [mail] = mails(h);
    expect(mail).toMatchObject({
      recipient: 'them@example.com',
      subject: 'Someone tried to use this email address',
    });
    expect(codeIn(mail!.text)).toBe('');
  });
});

describe('identifiers, statistics, sessions and password age', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness({ account: { secretKey: KEY, accessTokens: { audience: 'api' } } }, APP);
  });
  afterEach(() => h.close());

  it('signs in by email, username or phone; query syntax in an identifier finds nobody', () => {
    const user = h.createUser({ username: 'Ann.Lee', phone: '+1 (555) 010-9999' }, PASSWORD);
    expect(h.store.findById('sys.users', user.id!)!.fields).toMatchObject({
      username: 'ann.lee',
      phone: '+15550109999',
    });
    for (const id of [user.fields.email as string, 'ANN.LEE', '+1 555 010 9999']) {
      expect(h.users.signIn(id, PASSWORD).status).toBe('ok');
    }
    for (const id of ['like(ann)', 'ann', '+15550109998', 'notEquals(x)']) {
      expect(() => h.users.signIn(id, PASSWORD)).toThrow('signIn: invalid email or password');
    }
    expect(() => h.createUser({ username: 'x@y.z' })).toThrow(/username/);
  });

  it('counts sign-ins, lists sessions with their client, revokes one', () => {
    const user = h.createUser({}, PASSWORD);
    expect(h.users.loginStats(user.id!)).toEqual({ loginsCount: 0, lastLogin: null, lastIp: null });
    const a = h.users.signIn(user.fields.email as string, PASSWORD, { ip: '10.0.0.1', userAgent: 'Phone/1' });
    h.clock.now += 1000;
    const b = h.users.signIn(user.fields.email as string, PASSWORD, {
      ip: '10.0.0.2',
      userAgent: 'Laptop/2',
    });
    expect(h.users.loginStats(user.id!)).toEqual({
      loginsCount: 2,
      lastLogin: h.clock.now,
      lastIp: '10.0.0.2',
    });
    if (a.status !== 'ok' || b.status !== 'ok') throw new Error('expected sessions');
    h.clock.now += 120_000;
    h.users.verify(a.session.token);
    const list = h.users.listSessions(user.id!);
    expect(list.map((s) => [s.userAgent, s.ip, s.lastUsedAt])).toEqual([
      ['Phone/1', '10.0.0.1', h.clock.now],
      ['Laptop/2', '10.0.0.2', h.clock.now - 120_000],
    ]);
    expect(JSON.stringify(list)).not.toContain(a.session.token);
    expect(h.users.revokeSession(user.id!, b.session.sessionId)).toBe(true);
    expect(h.users.revokeSession(user.id!, b.session.sessionId)).toBe(false);
    expect(() => h.users.verify(b.session.token)).toThrow(/forbidden|revoked/);
    expect(h.users.listSessions(user.id!).map((s) => s.sessionId)).toEqual([a.session.sessionId]);
    const refreshed = h.users.refresh(a.session.refreshToken);
    expect(h.users.listSessions(user.id!)[0]).toMatchObject({
      sessionId: refreshed.sessionId,
      createdAt: list[0]!.createdAt,
    });
    expect(h.events.filter((e) => e.type === 'user.sessionRevoked')).toHaveLength(1);
  });

  it('answers passwordExpired once the password is older than expirationDays', () => {
    const user = h.createUser({ groups: [{ group: 'customers', primary: true }] }, 'Ten-chars-1');
    h.clock.now += 89 * 24 * 60 * 60_000;
    expect(h.users.signIn(user.fields.email as string, 'Ten-chars-1').status).toBe('ok');
    h.clock.now += 24 * 60 * 60_000;
    const aged = h.users.signIn(user.fields.email as string, 'Ten-chars-1');
    if (aged.status !== 'passwordExpired') throw new Error(`expected passwordExpired, got ${aged.status}`);
    h.users.completePasswordReset(aged.resetCode, 'Ten-chars-2');
    expect(h.users.signIn(user.fields.email as string, 'Ten-chars-2').status).toBe('ok');
  });

  it('signs JWT access tokens that a service verifies with the JWKS alone, across a key rotation', async () => {
    const user = h.createUser({ groups: [{ group: 'Group1', primary: true }] }, PASSWORD);
    h.clock.now = Date.now();
    const first = await h.users.withAccessToken(h.users.signIn(user.fields.email as string, PASSWORD));
    if (first.status !== 'ok') throw new Error('expected a session');
    const verifyWith = (jwks: unknown, token: string) =>
      jwtVerify(token, createLocalJWKSet(JSON.parse(JSON.stringify(jwks))), {
        issuer: 'http://app.test',
        audience: 'api',
      });
    const { payload, protectedHeader } = await verifyWith(h.users.jwks(), first.session.accessToken!);
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload).toMatchObject({ sub: user.id, sid: first.session.sessionId, groups: ['Group1'] });
    h.users.rotateSigningKey();
    const next = await h.users.withAccessToken(h.users.refresh(first.session.refreshToken));
    const jwks = h.users.jwks();
    expect(jwks.keys).toHaveLength(2);
    await verifyWith(jwks, first.session.accessToken!);
    await verifyWith(jwks, next.accessToken!);
    expect(protectedHeader.kid).not.toBe(
      JSON.parse(Buffer.from(next.accessToken!.split('.')[0]!, 'base64url').toString()).kid,
    );
    const tampered = `${next.accessToken!.slice(0, -4)}AAAA`;
    await expect(verifyWith(jwks, tampered)).rejects.toThrow();
    const bytes = h.bytes().toString('latin1');
    expect(bytes).not.toMatch(/BEGIN PRIVATE KEY/);
    expect(bytes).not.toContain('"d":');
  });
});
