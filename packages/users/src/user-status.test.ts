import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsersHarness, type UsersHarness } from './testing/users-harness.js';

describe('activate / deactivate', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  it('deactivates then activates, returning the saved record', () => {
    const user = h.createUser();
    expect(user.fields.status).toBe('ACTIVE');
    const inactive = h.users.deactivate(user);
    expect(inactive.fields.status).toBe('INACTIVE');
    expect(inactive.version).toBe(user.version + 1);
    expect(h.store.findById('sys.users', user.id!)!.fields.status).toBe('INACTIVE');
    const active = h.users.activate(inactive);
    expect(active.fields.status).toBe('ACTIVE');
    expect(active.version).toBe(user.version + 2);
  });

  it('does nothing when the user already has the status (version unchanged)', () => {
    const user = h.createUser();
    expect(h.users.activate(user)).toEqual(h.store.findById('sys.users', user.id!));
    expect(h.users.activate(user).version).toBe(user.version);
    const inactive = h.users.deactivate(user.id!);
    expect(h.users.deactivate(inactive).version).toBe(inactive.version);
  });

  it('works from a stale record: the stored one is what changes', () => {
    const user = h.createUser();
    h.store.update('sys.users', { ...user, fields: { ...user.fields, lastName: 'Renamed' } });
    const inactive = h.users.deactivate(user);
    expect(inactive.fields.lastName).toBe('Renamed');
  });

  it('activates a blocked user', () => {
    const user = h.createUser({ status: 'BLOCKED' });
    expect(h.users.activate(user).fields.status).toBe('ACTIVE');
  });

  it('rejects what is not a user record with badRequest', () => {
    for (const bad of [
      null,
      42,
      [],
      { id: 'x' },
      { entity: 'companies', id: 'x', version: 1, label: null, fields: {} },
    ]) {
      expect(() => h.users.activate(bad as never)).toThrow(
        expect.objectContaining({
          code: 'badRequest',
          message: expect.stringMatching(/^sys\.users\.activate: user must be/),
        }),
      );
    }
    expect(() => h.users.deactivate('' as never)).toThrow(expect.objectContaining({ code: 'badRequest' }));
  });

  it('reports a user that is not in the database with notFound', () => {
    const user = h.createUser();
    h.store.remove('sys.users', user.id!);
    expect(() => h.users.activate(user)).toThrow(expect.objectContaining({ code: 'notFound' }));
    expect(() => h.users.deactivate({ ...user, id: null })).toThrow(
      expect.objectContaining({
        code: 'notFound',
        message: 'sys.users.deactivate: the user record has not been saved yet',
      }),
    );
    expect(() => h.users.deactivate('0190aaaa-0000-7000-8000-000000000000')).toThrow(
      expect.objectContaining({ code: 'notFound' }),
    );
  });
});
