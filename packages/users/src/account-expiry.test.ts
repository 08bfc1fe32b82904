import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsersHarness, type UsersHarness } from './testing/users-harness.js';

const PASSWORD = 'right-pass-1';
const statusOf = (h: UsersHarness, id: string) => h.store.findById('sys.users', id)!.fields.status;

describe('sweepExpired', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  it('sets expired users INACTIVE, revokes their sessions, emits deactivated then expired', () => {
    const soon = h.createUser({ expirationDate: h.clock.now + 1000 }, PASSWORD);
    const blocked = h.createUser({ expirationDate: h.clock.now + 500, status: 'BLOCKED' });
    const later = h.createUser({ expirationDate: h.clock.now + 10_000 }, PASSWORD);
    const never = h.createUser({}, PASSWORD);
    const inactive = h.createUser({ expirationDate: h.clock.now - 1, status: 'INACTIVE' });
    const session = h.users.signIn(soon.fields.email as string, PASSWORD);
    if (session.status !== 'ok') throw new Error('expected a session');
    expect(h.users.sweepExpired()).toBe(0);

    h.clock.now += 1000;
    h.events.length = 0;
    expect(h.users.sweepExpired()).toBe(2);
    expect([soon, blocked, later, never, inactive].map((u) => statusOf(h, u.id!))).toEqual([
      'INACTIVE',
      'INACTIVE',
      'ACTIVE',
      'ACTIVE',
      'INACTIVE',
    ]);
    expect(
      h.store.db.prepare('SELECT revoked_at FROM users_sessions WHERE user_id = ?').get(soon.id),
    ).toEqual({ revoked_at: h.clock.now });
    const expired = h.events.filter((e) => e.recordId === soon.id);
    expect(expired.map((e) => e.type)).toEqual(['user.deactivated', 'user.expired']);
    expect(expired[1]).toMatchObject({
      record: { id: soon.id, fields: { status: 'INACTIVE' } },
      oldRecord: { id: soon.id, fields: { status: 'ACTIVE' } },
      data: { expirationDate: soon.fields.expirationDate },
    });
    expect(h.users.sweepExpired()).toBe(0);
    // Sweeping at a later instant given by the caller.
    expect(h.users.sweepExpired(h.clock.now + 10_000)).toBe(1);
    expect(statusOf(h, later.id!)).toBe('INACTIVE');
  });

  it('an expired user cannot sign in even before the sweeper runs', () => {
    const user = h.createUser({ expirationDate: h.clock.now + 1 }, PASSWORD);
    expect(h.users.signIn(user.fields.email as string, PASSWORD).status).toBe('ok');
    h.clock.now += 1;
    expect(() => h.users.signIn(user.fields.email as string, PASSWORD)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  it('a vetoing event sink rolls the whole sweep back', () => {
    const vetoing = createUsersHarness({
      onEvent: (e) => {
        if (e.type === 'user.expired') throw new Error('not now');
      },
    });
    try {
      const user = vetoing.createUser({ expirationDate: vetoing.clock.now - 1 });
      expect(() => vetoing.users.sweepExpired()).toThrow('not now');
      expect(statusOf(vetoing, user.id!)).toBe('ACTIVE');
    } finally {
      vetoing.close();
    }
  });

  it('refuses a now that is not epoch milliseconds', () => {
    expect(() => h.users.sweepExpired('today' as never)).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        message: 'sweepExpired: now must be epoch milliseconds (an integer), got string',
      }),
    );
  });
});
