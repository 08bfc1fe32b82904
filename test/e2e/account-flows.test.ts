import { type SmtpSink, startSmtpSink } from '@warden/mail/testing';
import type { WardenEvent } from '@warden/sys-api';
import { totpAt } from '@warden/users';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { Secret } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_APP, codeIn, SECRET_KEY } from '../support/account-app.js';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

// The account flows end to end: runtime.users over a real SQLite file, mail to a real SMTP
// server on loopback, scripts in real isolates, events to runtime listeners.
const PASSWORD = 'Visitor-Pass-2026';
const totpNow = (secret: string) => totpAt(Secret.fromBase32(secret).bytes, Date.now());

describe('account flows through runtime.users and scripts', () => {
  let sink: SmtpSink;
  let w: TestRuntime;
  const events: WardenEvent[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    w = await createTestRuntime({
      app: ACCOUNT_APP,
      mail: { transport: sink.url, dispatch: true, pollMs: 50 },
      users: { secretKey: SECRET_KEY, accessTokens: { audience: 'orders-api' } },
    });
    w.on('*', (e) => {
      if (e.type.startsWith('user.')) events.push(e);
    });
  });
  afterAll(async () => {
    await w.dispose();
    await sink.stop();
  });
  const waitForEvent = async (type: string) => {
    for (let i = 0; i < 100 && !events.some((e) => e.type === type); i++)
      await new Promise((r) => setTimeout(r, 20));
    return events.find((e) => e.type === type);
  };

  it('sign-up, a mailed code, then sign-in by username with a JWT that verifies with the JWKS alone', async () => {
    const answer = await w.users.signUp(
      { email: 'visitor@example.com', password: PASSWORD, username: 'visitor' },
      { ip: '203.0.113.5' },
    );
    expect(answer).toEqual({ status: 'verificationSent' });
    await expect(w.users.signIn('visitor', PASSWORD)).rejects.toMatchObject({ code: 'forbidden' });
    const [mail] = await sink.waitFor(1);
    expect(mail!.rcptTo).toEqual(['visitor@example.com']);
    const { userId } = await w.users.confirmEmail(codeIn(mail!.text));
    const signed = await w.users.signIn('visitor', PASSWORD, { ip: '203.0.113.5', userAgent: 'e2e/1' });
    if (signed.status !== 'ok') throw new Error(`expected ok, got ${signed.status}`);
    const jwks = JSON.parse(JSON.stringify(await w.users.jwks()));
    const { payload } = await jwtVerify(signed.session.accessToken!, createLocalJWKSet(jwks), {
      audience: 'orders-api',
    });
    expect(payload).toMatchObject({ sub: userId, email: 'visitor@example.com', groups: ['customers'] });
    const refreshed = await w.users.refresh(signed.session.refreshToken);
    await jwtVerify(refreshed.accessToken!, createLocalJWKSet(jwks), { audience: 'orders-api' });
    expect((await waitForEvent('user.emailVerified'))?.recordId).toBe(userId);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['user.signedUp', 'user.signedIn']));
  });

  it('MFA: enrolment, mfaRequired at sign-in, completeMfa with a TOTP code', async () => {
    const staff = await w.store.insert('sys.users', {
      firstName: 'Sam',
      lastName: 'Staff',
      email: 'sam@example.com',
      groups: [{ group: 'staff', primary: true }],
      authentication: { generatePassword: false, passwordExpired: false, password: PASSWORD },
    });
    const first = await w.users.signIn('sam@example.com', PASSWORD);
    if (first.status !== 'mfaRequired' || !first.enrollment)
      throw new Error('expected an enrolment challenge');
    expect(first.enrollment.uri).toMatch(/^otpauth:\/\/totp\//);
    const done = await w.users.completeMfa(first.challenge, totpNow(first.enrollment.secret));
    if (done.status !== 'ok') throw new Error('expected a session');
    expect(done.session.accessToken).toMatch(/^ey/);
    expect(await w.users.mfaStatus(staff.id!)).toEqual({ enrolled: true, recoveryCodesLeft: 0 });
    const { recoveryCodes } = await w.users.regenerateRecoveryCodes(staff.id!);
    const again = await w.users.signIn('sam@example.com', PASSWORD);
    if (again.status !== 'mfaRequired') throw new Error('expected a challenge');
    expect(again.enrollment).toBeUndefined();
    expect((await w.users.completeMfa(again.challenge, recoveryCodes[3]!)).status).toBe('ok');
    expect(await waitForEvent('user.mfaRecoveryCodeUsed')).toBeDefined();
  });

  it('a script reads login stats and sessions, revokes one, changes an email and removes a factor', async () => {
    const user = (await w.store.findOne('sys.users', 'visitor@example.com'))!;
    const mailsBefore = sink.messages.length;
    const { value } = await w.run(
      `var stats = sys.users.getLoginStats(userId);
       var sessions = sys.users.listSessions(userId);
       var revoked = sys.users.revokeSession(userId, sessions[0].sessionId);
       sys.users.requestEmailChange(userId, 'visitor.new@example.com');
       return { stats: stats, count: sessions.length, agent: sessions[0].userAgent, revoked: revoked,
                again: sys.users.revokeSession(userId, sessions[0].sessionId), mfa: sys.users.getMfaStatus(userId) };`,
      { params: { userId: user.id } },
    );
    expect(value).toMatchObject({
      stats: { loginsCount: 1, lastIp: '203.0.113.5' },
      count: 1,
      agent: 'e2e/1',
      revoked: true,
      again: false,
      mfa: { enrolled: false },
    });
    const [change] = (await sink.waitFor(mailsBefore + 1)).slice(mailsBefore);
    expect(change!.rcptTo).toEqual(['visitor.new@example.com']);
    expect((await w.store.findById('sys.users', user.id!))!.fields.email).toBe('visitor@example.com');
    await w.users.confirmEmail(codeIn(change!.text));
    expect((await w.store.findById('sys.users', user.id!))!.fields).toMatchObject({
      email: 'visitor.new@example.com',
      emailVerified: true,
    });
    // A failed run sends nothing and leaves no code behind.
    await expect(
      w.run(`sys.users.requestEmailChange(userId, 'never@example.com'); throw new Error('boom');`, {
        params: { userId: user.id },
      }),
    ).rejects.toThrow(/boom/);
    const sam = (await w.store.findOne('sys.users', 'sam@example.com'))!;
    const removed = await w.run(`return [sys.users.removeMfa(id), sys.users.getMfaStatus(id).enrolled];`, {
      params: { id: sam.id },
    });
    expect(removed.value).toEqual([true, false]);
    await w.mail.drain();
    expect(sink.messages.some((m) => m.rcptTo.includes('never@example.com'))).toBe(false);
    expect(await waitForEvent('user.mfaRemoved')).toBeDefined();
    expect(events.find((e) => e.type === 'user.emailChanged')?.data).toEqual({
      from: 'visitor@example.com',
      to: 'visitor.new@example.com',
    });
  });
});
