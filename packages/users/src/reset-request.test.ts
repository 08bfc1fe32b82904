import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsersHarness, mailBody, type UsersHarness } from './testing/users-harness.js';

const codes = (h: UsersHarness) =>
  (h.store.db.prepare('SELECT count(*) AS n FROM users_reset_codes').get() as { n: number }).n;
const linkCode = (body: string) => /reset-password\?code=([\w-]+)/.exec(body)?.[1] ?? '';

describe('requestPasswordReset', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness({
      resetRequestLimits: { perEmail: { max: 2, windowMs: 60_000 }, perIp: { max: 4, windowMs: 60_000 } },
    });
  });
  afterEach(() => h.close());

  it('answers the same for a real and an unknown email, and mails only the real one', () => {
    const user = h.createUser({ email: 'real@test.com' }, 'old-pass-12');
    const real = h.users.requestPasswordReset('REAL@test.com', { ip: '1.1.1.1' });
    const unknown = h.users.requestPasswordReset('ghost@test.com', { ip: '1.1.1.2' });
    expect(real).toEqual({ accepted: true });
    expect(unknown).toEqual(real);
    const mails = h.outbox.list();
    expect(mails.map((m) => [m.to, m.template, m.sensitive])).toEqual([['real@test.com', 'reset', true]]);
    expect(codes(h)).toBe(1);
    // The mailed link completes the reset; the old password worked until then.
    const code = linkCode(mailBody(h, mails[0]!.id));
    expect(h.users.verifyPassword(user.id!, 'old-pass-12')).toBe(true);
    h.users.completePasswordReset(code, 'new-pass-123');
    expect(h.users.signIn('real@test.com', 'new-pass-123').status).toBe('ok');
  });

  it('sends nothing for INACTIVE or expired accounts, and does not unblock a BLOCKED one', () => {
    h.createUser({ email: 'off@test.com', status: 'INACTIVE' });
    h.createUser({ email: 'old@test.com', expirationDate: h.clock.now - 1 });
    const blocked = h.createUser({ email: 'blocked@test.com', status: 'BLOCKED' });
    for (const email of ['off@test.com', 'old@test.com', 'blocked@test.com']) {
      expect(h.users.requestPasswordReset(email)).toEqual({ accepted: true });
    }
    expect(h.outbox.list().map((m) => m.to)).toEqual(['blocked@test.com']);
    expect(h.store.findById('sys.users', blocked.id!)!.fields.status).toBe('BLOCKED');
  });

  it('rate limits per email and per ip, silently, over a sliding window', () => {
    h.createUser({ email: 'real@test.com' });
    h.createUser({ email: 'other@test.com' });
    const mailsTo = (to: string) => h.outbox.list().filter((m) => m.to === to).length;
    for (let i = 0; i < 3; i++) {
      expect(h.users.requestPasswordReset('real@test.com', { ip: `2.2.2.${i}` })).toEqual({ accepted: true });
    }
    expect(mailsTo('real@test.com')).toBe(2);
    // Per ip: unknown emails count too, so one address cannot probe many.
    for (let i = 0; i < 4; i++) h.users.requestPasswordReset(`ghost${i}@test.com`, { ip: '3.3.3.3' });
    h.clock.now += 30_000;
    expect(h.users.requestPasswordReset('other@test.com', { ip: '3.3.3.3' })).toEqual({ accepted: true });
    expect(mailsTo('other@test.com')).toBe(0);
    h.users.requestPasswordReset('other@test.com', { ip: '4.4.4.4' });
    expect(mailsTo('other@test.com')).toBe(1);
    // A minute after the first requests, the window has slid past them.
    h.users.requestPasswordReset('real@test.com', { ip: '5.5.5.5' });
    expect(mailsTo('real@test.com')).toBe(2);
    h.clock.now += 31_000;
    h.users.requestPasswordReset('real@test.com', { ip: '5.5.5.5' });
    expect(mailsTo('real@test.com')).toBe(3);
    // Only digests of what callers typed are kept.
    const keys = h.store.db.prepare('SELECT key_hash FROM users_rate_events').all() as { key_hash: string }[];
    expect(keys.length).toBeGreaterThan(0);
    for (const { key_hash } of keys) expect(key_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('emits user.passwordReset for the real account only', () => {
    const user = h.createUser({ email: 'real@test.com' });
    h.users.requestPasswordReset('ghost@test.com');
    h.users.requestPasswordReset('real@test.com', { ip: '5.5.5.5' });
    expect(h.events.filter((e) => e.type !== 'user.created')).toEqual([
      expect.objectContaining({
        type: 'user.passwordReset',
        recordId: user.id,
        data: { via: 'request', ip: '5.5.5.5', notified: true },
      }),
    ]);
  });

  it('refuses a non-string email and bad options with badRequest', () => {
    expect(() => h.users.requestPasswordReset({} as never)).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        message: 'requestPasswordReset: email must be a string, got object',
      }),
    );
    expect(() => h.users.requestPasswordReset('a@test.com', 'ip' as never)).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        message: expect.stringMatching(/options must be an object/),
      }),
    );
  });

  it('answers the same for an account whose address the outbox cannot mail, and sends nothing', () => {
    const user = h.createUser({ email: 'zoë@test.com' });
    expect(h.users.requestPasswordReset('ZOË@test.com', { ip: '6.6.6.6' })).toEqual({ accepted: true });
    expect(h.outbox.list()).toEqual([]);
    expect(codes(h)).toBe(0);
    expect(h.events.filter((e) => e.recordId === user.id && e.type === 'user.passwordReset')).toEqual([]);
  });
});
