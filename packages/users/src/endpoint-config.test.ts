import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsersHarness, type UsersHarness } from './testing/users-harness.js';

describe('endpoint configuration per user', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  it('is null until the host sets one, then the stored object, until cleared', () => {
    const user = h.createUser();
    const other = h.createUser();
    expect(h.users.getEndpointConfiguration(user, 'http')).toBeNull();
    h.users.setEndpointConfiguration(user.id!, 'http', { token: 'abc', region: 'eu' });
    expect(h.users.getEndpointConfiguration(user, 'http')).toEqual({ token: 'abc', region: 'eu' });
    expect(h.users.getEndpointConfiguration(other.id!, 'http')).toBeNull();
    h.users.setEndpointConfiguration(user.id!, 'http', { token: 'def' });
    expect(h.users.getEndpointConfiguration(user.id!, 'http')).toEqual({ token: 'def' });
    h.users.clearEndpointConfiguration(user.id!, 'http');
    expect(h.users.getEndpointConfiguration(user, 'http')).toBeNull();
  });

  it('knows only per-user endpoints of the app', () => {
    const user = h.createUser();
    for (const name of ['global', 'nope']) {
      expect(() => h.users.getEndpointConfiguration(user, name)).toThrow(
        expect.objectContaining({
          code: 'notFound',
          message: `sys.users.getEndpointConfiguration: no per-user endpoint named '${name}'`,
        }),
      );
      expect(() => h.users.setEndpointConfiguration(user.id!, name, {})).toThrow(
        expect.objectContaining({ code: 'notFound' }),
      );
    }
  });

  it('checks the user and the configuration', () => {
    const user = h.createUser();
    expect(() =>
      h.users.getEndpointConfiguration({ ...user, id: '0190aaaa-0000-7000-8000-000000000000' }, 'http'),
    ).toThrow(expect.objectContaining({ code: 'notFound' }));
    expect(() => h.users.getEndpointConfiguration(user, 3 as never)).toThrow(
      expect.objectContaining({ code: 'badRequest' }),
    );
    expect(() => h.users.setEndpointConfiguration(user.id!, 'http', [] as never)).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        message: 'setEndpointConfiguration: config must be an object, got an array',
      }),
    );
    expect(() => h.users.setEndpointConfiguration('missing', 'http', {})).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        message: "setEndpointConfiguration: user id 'missing' is not a valid record id",
      }),
    );
    expect(() => h.users.clearEndpointConfiguration('0190aaaa-0000-7000-8000-000000000000', 'http')).toThrow(
      expect.objectContaining({ code: 'notFound' }),
    );
  });
});
