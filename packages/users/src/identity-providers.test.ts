import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsersHarness, type UsersHarness } from './testing/users-harness.js';

const links = (h: UsersHarness, userId: string) =>
  h.store.db
    .prepare('SELECT provider_id, external_id FROM users_identities WHERE user_id = ? ORDER BY rowid')
    .all(userId);

describe('addIdentityProvider / removeIdentityProvider', () => {
  let h: UsersHarness;
  let slackId: string;
  beforeEach(() => {
    h = createUsersHarness();
    slackId = h.store.schema.identityProviders.find((p) => p.name === 'slack')!.id;
  });
  afterEach(() => h.close());

  it('links by name, persists at once and mirrors the link in the record', () => {
    const user = h.createUser();
    const saved = h.users.addIdentityProvider(user.id!, 'slack', String(user.fields.email));
    expect(saved.version).toBe(user.version + 1);
    expect(saved.fields.identityProviders).toEqual([
      expect.objectContaining({ identityProvider: 'slack', externalId: user.fields.email }),
    ]);
    expect(h.store.findById('sys.users', user.id!)).toEqual(saved);
    expect(links(h, user.id!)).toEqual([{ provider_id: slackId, external_id: user.fields.email }]);
  });

  it('links by id, without an external id, and updates the external id when linked again', () => {
    const user = h.createUser();
    h.users.addIdentityProvider(user.id!, slackId);
    expect(links(h, user.id!)).toEqual([{ provider_id: slackId, external_id: null }]);
    const again = h.users.addIdentityProvider(user.id!, 'slack', 'U42');
    expect(again.fields.identityProviders).toEqual([
      expect.objectContaining({ identityProvider: 'slack', externalId: 'U42' }),
    ]);
    h.users.addIdentityProvider(user.id!, 'google', 'g-1');
    expect(links(h, user.id!)).toEqual([
      { provider_id: slackId, external_id: 'U42' },
      { provider_id: expect.any(String), external_id: 'g-1' },
    ]);
  });

  it('gives an external id to at most one user per provider, without naming the other user', () => {
    const a = h.createUser();
    const b = h.createUser();
    h.users.addIdentityProvider(a.id!, 'slack', 'U1');
    let error: { code?: string; message?: string } = {};
    try {
      h.users.addIdentityProvider(b.id!, 'slack', 'U1');
    } catch (e) {
      error = e as typeof error;
    }
    expect(error.code).toBe('badRequest');
    expect(error.message).toBe(
      "sys.users.addIdentityProvider: externalId 'U1' is already linked to another user at 'slack'",
    );
    expect(error.message).not.toContain(String(a.fields.email));
    expect(links(h, b.id!)).toEqual([]);
    expect(h.users.addIdentityProvider(b.id!, 'google', 'U1').fields.identityProviders).toHaveLength(1);
    expect(h.users.addIdentityProvider(a.id!, 'slack', 'U1').fields.identityProviders).toHaveLength(1);
  });

  it('refuses the same conflict when the record is saved with the field', () => {
    const a = h.createUser();
    h.users.addIdentityProvider(a.id!, 'slack', 'U1');
    expect(() =>
      h.createUser({ identityProviders: [{ identityProvider: 'slack', externalId: 'U1' }] }),
    ).toThrow(
      expect.objectContaining({
        code: 'validationErrors',
        errors: [expect.objectContaining({ field: 'identityProviders[0].externalId', code: 'duplicate' })],
      }),
    );
  });

  it('unlinks, and does nothing when the provider was not linked', () => {
    const user = h.createUser();
    const linked = h.users.addIdentityProvider(user.id!, 'slack', 'U1');
    const removed = h.users.removeIdentityProvider(user.id!, 'slack');
    expect(removed.fields.identityProviders).toEqual([]);
    expect(removed.version).toBe(linked.version + 1);
    expect(links(h, user.id!)).toEqual([]);
    const same = h.users.removeIdentityProvider(user.id!, slackId);
    expect(same.version).toBe(removed.version);
  });

  it('reports unknown users and providers with notFound, bad arguments with badRequest', () => {
    const user = h.createUser();
    const missing = '0190aaaa-0000-7000-8000-000000000000';
    expect(() => h.users.addIdentityProvider(missing, 'slack', 'x')).toThrow(
      expect.objectContaining({ code: 'notFound' }),
    );
    expect(() => h.users.removeIdentityProvider(missing, 'slack')).toThrow(
      expect.objectContaining({ code: 'notFound' }),
    );
    expect(() => h.users.addIdentityProvider(user.id!, 'myspace', 'x')).toThrow(
      expect.objectContaining({
        code: 'notFound',
        message: "sys.users.addIdentityProvider: no identity provider with id or name 'myspace'",
      }),
    );
    expect(() => h.users.removeIdentityProvider(user.id!, 'myspace')).toThrow(
      expect.objectContaining({ code: 'notFound' }),
    );
    expect(() => h.users.addIdentityProvider(42 as never, 'slack')).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        message: 'sys.users.addIdentityProvider: userId must be a non-empty string, got number',
      }),
    );
    expect(() => h.users.addIdentityProvider(user.id!, '')).toThrow(
      expect.objectContaining({ code: 'badRequest' }),
    );
    expect(() => h.users.addIdentityProvider(user.id!, 'slack', 7 as never)).toThrow(
      expect.objectContaining({ code: 'badRequest' }),
    );
  });
});
