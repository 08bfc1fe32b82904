import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRateLimiter, type RateLimit } from './rate-limit.js';
import { createUsersHarness, type UsersHarness } from './testing/users-harness.js';

const EMAIL: RateLimit = { max: 5, windowMs: 60_000 };
const IP: RateLimit = { max: 3, windowMs: 60 * 60_000 };
type Db = UsersHarness['store']['db'];
const rows = (db: Db) => (db.prepare('SELECT count(*) AS n FROM users_rate_events').get() as { n: number }).n;

describe('createRateLimiter', () => {
  // A real database: the harness's, whose users service never writes rate events here.
  let h: UsersHarness;
  let db: Db;
  const clock = { now: 1_000_000 };
  beforeEach(() => {
    h = createUsersHarness();
    db = h.store.db;
    clock.now = 1_000_000;
  });
  afterEach(() => h.close());

  it("prunes each key by its own window: a request without an ip keeps the ip's history", () => {
    const limiter = createRateLimiter(db, () => clock.now);
    for (let i = 0; i < 3; i++) {
      expect(
        limiter.admit([
          { key: `email:${i}`, limit: EMAIL },
          { key: 'ip:9', limit: IP },
        ]),
      ).toBe(true);
    }
    clock.now += 2 * 60_000; // past the email window, well inside the ip window
    expect(limiter.admit([{ key: 'email:other', limit: EMAIL }])).toBe(true);
    expect(
      limiter.admit([
        { key: 'email:new', limit: EMAIL },
        { key: 'ip:9', limit: IP },
      ]),
    ).toBe(false);
    clock.now += IP.windowMs;
    expect(
      limiter.admit([
        { key: 'email:new', limit: EMAIL },
        { key: 'ip:9', limit: IP },
      ]),
    ).toBe(true);
  });

  it('keeps history up to retainMs even when the first call of a process names a shorter window', () => {
    createRateLimiter(db, () => clock.now, IP.windowMs).admit([
      { key: 'ip:9', limit: IP },
      { key: 'ip:9b', limit: IP },
    ]);
    clock.now += 10 * 60_000;
    const restarted = createRateLimiter(db, () => clock.now, IP.windowMs);
    restarted.admit([{ key: 'email:x', limit: EMAIL }]);
    expect(rows(db)).toBe(3);
  });

  it("sweeps rows no window can see, and a key's own expired rows", () => {
    const limiter = createRateLimiter(db, () => clock.now, IP.windowMs);
    limiter.admit([
      { key: 'email:gone', limit: EMAIL },
      { key: 'ip:gone', limit: IP },
    ]);
    clock.now += 2 * 60_000;
    limiter.admit([{ key: 'email:gone', limit: EMAIL }]);
    expect(rows(db)).toBe(2); // its own old row pruned, the ip row kept, one new row
    clock.now += IP.windowMs;
    limiter.admit([{ key: 'email:late', limit: EMAIL }]);
    expect(rows(db)).toBe(1);
  });
});

describe('requestPasswordReset limits with different windows', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness({ resetRequestLimits: { perEmail: { max: 3, windowMs: 60_000 }, perIp: IP } });
  });
  afterEach(() => h.close());

  it('a request without an ip does not reset the per-ip limit', () => {
    h.createUser({ email: 'real@test.com' });
    for (let i = 0; i < 3; i++) h.users.requestPasswordReset(`ghost${i}@test.com`, { ip: '6.6.6.6' });
    h.clock.now += 2 * 60_000;
    h.users.requestPasswordReset('someone@test.com');
    h.users.requestPasswordReset('real@test.com', { ip: '6.6.6.6' });
    expect(h.outbox.list()).toEqual([]);
    h.users.requestPasswordReset('real@test.com', { ip: '7.7.7.7' });
    expect(h.outbox.list().map((m) => m.to)).toEqual(['real@test.com']);
  });

  it('every spelling of an email that would find the account shares one limit key', () => {
    const nfc = 'zoë@test.com';
    const nfd = nfc.normalize('NFD');
    for (const spelling of [nfd, nfd.toUpperCase(), nfc, ` ${nfd}`, nfc]) {
      h.users.requestPasswordReset(spelling);
    }
    const key = createHash('sha256').update(`email:${nfc}`, 'utf8').digest('hex');
    const n = h.store.db.prepare('SELECT count(*) AS n FROM users_rate_events WHERE key_hash = ?').get(key);
    expect(n).toEqual({ n: 3 }); // the limit (3) was reached: later spellings were refused
  });
});
