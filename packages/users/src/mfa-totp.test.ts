import type { WardenError } from '@warden/sys-api';
import { Secret } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totpAt } from './mfa-totp.js';
import { createUsersHarness, TEST_APP, type UsersHarness } from './testing/users-harness.js';

const KEY = 'a-test-secret-key-of-more-than-32-characters';
const PASSWORD = 'Correct-Horse-9';
const APP = {
  ...TEST_APP,
  groups: [...TEST_APP.groups, { name: 'staff', label: 'Staff', mfaRequired: true }],
};
const codeOf = (h: UsersHarness, secret: string, offsetMs = 0) =>
  totpAt(Secret.fromBase32(secret).bytes, h.clock.now + offsetMs);
const forbidden = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as WardenError).code;
  }
  return 'no error';
};

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 Appendix B: 8 digits, seeds of 20, 32 and 64 ASCII bytes.
  const seed = (n: number) => new TextEncoder().encode('1234567890'.repeat(7).slice(0, n));
  it.each([
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ])('the test vectors at T=%i', (t, sha1, sha256, sha512) => {
    expect(totpAt(seed(20), t * 1000, { digits: 8 })).toBe(sha1);
    expect(totpAt(seed(32), t * 1000, { digits: 8, algorithm: 'SHA256' })).toBe(sha256);
    expect(totpAt(seed(64), t * 1000, { digits: 8, algorithm: 'SHA512' })).toBe(sha512);
  });
});

describe('MFA enrolment and sign-in', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness({ account: { secretKey: KEY } }, APP);
  });
  afterEach(() => h.close());

  const enrolled = () => {
    const user = h.createUser({}, PASSWORD);
    const { secret, uri } = h.users.enrollMfa(user.id!);
    expect(uri).toMatch(/^otpauth:\/\/totp\/usertest:user\d+%40test\.com\?.*secret=[A-Z2-7]+/);
    const { recoveryCodes } = h.users.confirmMfa(user.id!, codeOf(h, secret));
    h.clock.now += 30_000;
    return { user, secret, recoveryCodes };
  };

  it('enrols with a code, answers mfaRequired at sign-in and a session for the next code', () => {
    const { user, secret, recoveryCodes } = enrolled();
    expect(recoveryCodes).toHaveLength(10);
    expect(h.users.mfaStatus(user.id!)).toEqual({ enrolled: true, recoveryCodesLeft: 10 });
    const first = h.users.signIn(user.fields.email as string, PASSWORD);
    expect(first).toMatchObject({ status: 'mfaRequired', challenge: expect.any(String) });
    if (first.status !== 'mfaRequired') throw new Error('unreachable');
    const done = h.users.completeMfa(first.challenge, codeOf(h, secret));
    expect(done).toMatchObject({ status: 'ok', session: { userId: user.id } });
    // Single use: the challenge is spent.
    expect(forbidden(() => h.users.completeMfa(first.challenge, codeOf(h, secret)))).toBe('forbidden');
    expect(h.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['user.mfaEnrolled', 'user.signedIn']),
    );
  });

  it('refuses a code of a time step already used (replay), a stale code and a spent recovery code', () => {
    const { user, secret, recoveryCodes } = enrolled();
    const sign = () => {
      const r = h.users.signIn(user.fields.email as string, PASSWORD);
      if (r.status !== 'mfaRequired') throw new Error('expected a challenge');
      return r.challenge;
    };
    const code = codeOf(h, secret);
    expect(h.users.completeMfa(sign(), code).status).toBe('ok');
    expect(forbidden(() => h.users.completeMfa(sign(), code))).toBe('forbidden');
    expect(forbidden(() => h.users.completeMfa(sign(), codeOf(h, secret, -120_000)))).toBe('forbidden');
    expect(h.users.completeMfa(sign(), recoveryCodes[0]!.toUpperCase()).status).toBe('ok');
    expect(forbidden(() => h.users.completeMfa(sign(), recoveryCodes[0]!))).toBe('forbidden');
    expect(h.users.mfaStatus(user.id!).recoveryCodesLeft).toBe(9);
    expect(h.events.some((e) => e.type === 'user.mfaRecoveryCodeUsed')).toBe(true);
  });

  it('a challenge dies after five wrong codes or five minutes; the user is limited to ten tries', () => {
    const { user, secret } = enrolled();
    const sign = () =>
      (h.users.signIn(user.fields.email as string, PASSWORD) as { challenge: string }).challenge;
    const c = sign();
    for (let i = 0; i < 5; i++) expect(forbidden(() => h.users.completeMfa(c, '000000'))).toBe('forbidden');
    expect(forbidden(() => h.users.completeMfa(c, codeOf(h, secret)))).toBe('forbidden');
    const late = sign();
    h.clock.now += 5 * 60_000 + 1;
    expect(forbidden(() => h.users.completeMfa(late, codeOf(h, secret)))).toBe('forbidden');
    // Five more wrong codes on fresh challenges reach the per-user limit of ten: a right code is refused too.
    for (let i = 0; i < 4; i++) forbidden(() => h.users.completeMfa(sign(), '000000'));
    expect(forbidden(() => h.users.completeMfa(sign(), codeOf(h, secret)))).toBe('forbidden');
    const failures = h.events.filter((e) => e.type === 'user.signInFailed').map((e) => e.data.reason);
    expect(failures.filter((r) => r === 'wrongSecondFactor').length).toBeGreaterThanOrEqual(10);
  });

  it('a group that requires MFA enrols its members at sign-in; removal needs a new enrolment', () => {
    const user = h.createUser({ groups: [{ group: 'staff', primary: true }] }, PASSWORD);
    const r = h.users.signIn(user.fields.email as string, PASSWORD);
    if (r.status !== 'mfaRequired' || !r.enrollment) throw new Error('expected an enrolment');
    expect(h.users.completeMfa(r.challenge, codeOf(h, r.enrollment.secret)).status).toBe('ok');
    expect(h.users.mfaStatus(user.id!).enrolled).toBe(true);
    expect(h.users.removeMfa(user.id!)).toBe(true);
    expect(h.events.map((e) => e.type)).toContain('user.mfaRemoved');
    const again = h.users.signIn(user.fields.email as string, PASSWORD);
    expect(again).toMatchObject({ status: 'mfaRequired', enrollment: { secret: expect.any(String) } });
  });

  it('keeps no plaintext secret, code or recovery code in the database and WAL', () => {
    const { secret, recoveryCodes, user } = enrolled();
    const r = h.users.signIn(user.fields.email as string, PASSWORD) as { challenge: string };
    const bytes = h.bytes().toString('latin1');
    for (const s of [secret, ...recoveryCodes, r.challenge]) expect(bytes).not.toContain(s);
  });

  it('refuses enrolment without a configured secret key', () => {
    const plain = createUsersHarness({}, APP);
    try {
      const user = plain.createUser({}, PASSWORD);
      expect(() => plain.users.enrollMfa(user.id!)).toThrow(/enrollMfa: .*secret key/);
    } finally {
      plain.close();
    }
  });
});
