import type { Fields } from '@warden/sys-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsersHarness, type UsersHarness } from './testing/users-harness.js';

// Saves of users nested inside the save of another user (a before-hook that creates a user runs
// inside the triggering save): each save keeps its own password, links and welcome mail.
const user = (email: string, password: string, welcome = true): Fields => ({
  firstName: 'Nested',
  lastName: 'User',
  email,
  sendWelcomeEmail: welcome,
  authentication: {
    generatePassword: false,
    passwordExpired: false,
    password,
    passwordConfirmation: password,
  },
});

describe('sys.users interceptor with nested saves', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  /** Saves `nested` from inside the save of `outer`, after the users interceptor planned it. */
  const nestOn = (outer: string, nested: () => void) =>
    h.store.intercept('sys.users', {
      beforeSave(e) {
        if (e.record.fields.email === outer) nested();
      },
    });

  it('keeps the outer user’s password and welcome mail when another user is saved inside its save', () => {
    nestOn('outer@test.com', () => h.store.insert('sys.users', user('inner@test.com', 'Inner-pass-1')));
    const outer = h.store.insert('sys.users', user('outer@test.com', 'Outer-pass-1'));
    const inner = h.store.findOne('sys.users', 'inner@test.com')!;
    expect(h.users.verifyPassword(outer.id!, 'Outer-pass-1')).toBe(true);
    expect(h.users.verifyPassword(inner.id!, 'Inner-pass-1')).toBe(true);
    expect(h.users.verifyPassword(outer.id!, 'Inner-pass-1')).toBe(false);
    expect(
      h.outbox
        .list()
        .map((m) => m.to)
        .sort(),
    ).toEqual(['inner@test.com', 'outer@test.com']);
  });

  it('keeps the outer save’s plan when a nested save fails after being planned', () => {
    nestOn('outer@test.com', () => {
      expect(() => h.store.insert('sys.users', user('vetoed@test.com', 'Vetoed-pass-1'))).toThrow('vetoed');
    });
    // Planned by the users interceptor, then refused by a later interceptor before the write.
    h.store.intercept('sys.users', {
      beforeSave(e) {
        if (e.record.fields.email === 'vetoed@test.com') throw new Error('vetoed');
      },
    });
    const outer = h.store.insert('sys.users', user('outer@test.com', 'Outer-pass-1'));
    expect(h.users.verifyPassword(outer.id!, 'Outer-pass-1')).toBe(true);
    expect(h.outbox.list().map((m) => m.to)).toEqual(['outer@test.com']);
  });
});
