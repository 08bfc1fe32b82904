import { EVENT_TYPES, type RecordData, type WardenEvent } from '@warden/sys-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsersHarness, type UsersHarness } from './testing/users-harness.js';

const PASSWORD = 'right-pass-1';
const stored = (h: UsersHarness, id: string) => h.store.findById('sys.users', id)!;

describe('user lifecycle events', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  /** Runs `act` and returns the events it emitted. */
  const during = (act: () => unknown): WardenEvent[] => {
    const from = h.events.length;
    act();
    return h.events.slice(from);
  };

  it('emits each user event type once, with record, oldRecord and data', () => {
    let user = {} as RecordData;
    const one = (act: () => unknown) => {
      const events = during(act);
      expect(events).toHaveLength(1);
      const [e] = events;
      expect(e).toMatchObject({ entity: 'sys.users', recordId: user.id ?? e!.recordId, time: h.clock.now });
      return e!;
    };

    const created = one(() => {
      user = h.createUser({ email: 'ev@test.com', groups: [{ group: 'Group1', primary: true }] }, PASSWORD);
    });
    expect(created).toMatchObject({ type: 'user.created', recordId: user.id, oldRecord: null, data: {} });
    expect(created.record).toEqual(user);

    let before = stored(h, user.id!);
    const deactivated = one(() => h.users.deactivate(user));
    expect(deactivated).toMatchObject({
      type: 'user.deactivated',
      record: { fields: { status: 'INACTIVE' }, version: before.version + 1 },
      oldRecord: before,
    });
    before = stored(h, user.id!);
    expect(one(() => h.users.activate(user))).toMatchObject({
      type: 'user.activated',
      record: { fields: { status: 'ACTIVE' } },
      oldRecord: before,
    });
    before = stored(h, user.id!);
    expect(one(() => h.users.block(user))).toMatchObject({
      type: 'user.blocked',
      record: { fields: { status: 'BLOCKED' } },
      oldRecord: before,
    });
    h.store.update('sys.users', { ...stored(h, user.id!), fields: { status: 'ACTIVE' } });

    before = stored(h, user.id!);
    expect(one(() => h.users.resetPassword(user, { notifyUser: true }))).toMatchObject({
      type: 'user.passwordReset',
      oldRecord: before,
      data: { via: 'resetPassword', notified: true },
    });
    before = stored(h, user.id!);
    expect(
      one(() => h.users.updatePassword(user, { currentPassword: PASSWORD, newPassword: 'next-pass-2' })),
    ).toMatchObject({ type: 'user.passwordUpdated', oldRecord: before, data: { via: 'updatePassword' } });

    expect(one(() => h.users.addIdentityProvider(user.id!, 'slack', 'U1'))).toMatchObject({
      type: 'user.identityProviderAdded',
      data: { provider: 'slack' },
      record: { fields: { identityProviders: [expect.objectContaining({ identityProvider: 'slack' })] } },
      oldRecord: { fields: { identityProviders: [] } },
    });
    expect(one(() => h.users.removeIdentityProvider(user.id!, 'slack'))).toMatchObject({
      type: 'user.identityProviderRemoved',
      data: { provider: 'slack' },
    });

    // Group methods work in memory; the save that persists them emits.
    const withAdmins = h.users.addGroup(stored(h, user.id!), 'Administrators');
    expect(h.events.at(-1)!.type).toBe('user.identityProviderRemoved');
    expect(one(() => h.store.update('sys.users', withAdmins))).toMatchObject({
      type: 'user.groupAdded',
      data: { group: 'admins' },
    });
    expect(
      one(() => h.store.update('sys.users', h.users.removeGroup(stored(h, user.id!), 'admins'))),
    ).toMatchObject({ type: 'user.groupRemoved', data: { group: 'admins' } });

    expect(one(() => h.users.signIn('ev@test.com', 'next-pass-2', { ip: '9.9.9.9' }))).toMatchObject({
      type: 'user.signedIn',
      record: { id: user.id },
      data: { ip: '9.9.9.9' },
    });
    expect(() => h.users.signIn('ev@test.com', 'bad-pass-1')).toThrow();
    expect(h.events.at(-1)).toMatchObject({
      type: 'user.signInFailed',
      data: { reason: 'wrongPassword', ip: null, failures: 1 },
    });

    h.store.update('sys.users', { ...stored(h, user.id!), fields: { expirationDate: h.clock.now } });
    before = stored(h, user.id!);
    const swept = during(() => h.users.sweepExpired());
    expect(swept.map((e) => e.type)).toEqual(['user.deactivated', 'user.expired']);
    expect(swept[1]).toMatchObject({ oldRecord: before, record: { fields: { status: 'INACTIVE' } } });

    // The account flows' events are checked by the account-flows tests.
    const ACCOUNT_FLOW_EVENTS: string[] = [
      'user.signedUp',
      'user.emailVerificationSent',
      'user.emailVerified',
      'user.emailChangeRequested',
      'user.emailChanged',
      'user.mfaEnrolled',
      'user.mfaRemoved',
      'user.mfaRecoveryCodesIssued',
      'user.mfaRecoveryCodeUsed',
      'user.sessionRevoked',
      'user.signingKeyRotated',
      // The lifecycle's, by user-lifecycle.test.ts.
      'user.stateChanged',
      'user.purged',
      'user.metadataChanged',
      'user.merged',
      // Needs an identity provider: provider-sign-in.test.ts covers it.
      'user.providerSignedIn',
    ];
    const userTypes = EVENT_TYPES.filter((t) => t.startsWith('user.') && !ACCOUNT_FLOW_EVENTS.includes(t));
    expect(new Set(h.events.map((e) => e.type))).toEqual(new Set(userTypes));
  });

  it('a save that changes several things emits one event for each, none for untouched fields', () => {
    const user = h.createUser({ groups: [{ group: 'Group1', primary: true }] });
    const events = during(() =>
      h.store.update('sys.users', {
        ...user,
        fields: {
          lastName: 'Renamed',
          status: 'BLOCKED',
          groups: [{ group: 'guarded', primary: true }],
          identityProviders: [{ identityProvider: 'google', externalId: 'g1' }],
        },
      }),
    );
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['user.blocked', {}],
      ['user.groupAdded', { group: 'guarded' }],
      ['user.groupRemoved', { group: 'Group1' }],
      ['user.identityProviderAdded', { provider: 'google' }],
    ]);
    expect(
      during(() => h.store.update('sys.users', { ...stored(h, user.id!), fields: { lastName: 'X' } })),
    ).toEqual([]);
  });

  it('a save of a new password through the record emits passwordUpdated', () => {
    const user = h.createUser({}, PASSWORD);
    const events = during(() =>
      h.store.update('sys.users', {
        ...user,
        fields: { authentication: { password: 'saved-pass-2', passwordConfirmation: 'saved-pass-2' } },
      }),
    );
    expect(events.map((e) => [e.type, e.data])).toEqual([['user.passwordUpdated', { via: 'save' }]]);
  });

  it.each([[{ triggerEvents: false }], [{ mode: 'lite' as const }]])(
    'a quiet save (%j) still emits user.deactivated and revokes sessions',
    (options) => {
      const user = h.createUser({}, PASSWORD);
      const signed = h.users.signIn(user.fields.email as string, PASSWORD);
      if (signed.status !== 'ok') throw new Error('expected a session');
      const events = during(() =>
        h.store.update('sys.users', { ...user, fields: { status: 'INACTIVE' } }, options),
      );
      expect(events.map((e) => e.type)).toEqual(['user.deactivated']);
      expect(() => h.users.verify(signed.session.token)).toThrow(
        expect.objectContaining({ code: 'forbidden' }),
      );
    },
  );

  it('a lite save still hashes a given password and never stores it in the record', () => {
    const user = h.createUser({}, PASSWORD);
    const events = during(() =>
      h.store.update(
        'sys.users',
        {
          ...user,
          fields: { authentication: { password: 'lite-pass-9', passwordConfirmation: 'lite-pass-9' } },
        },
        { mode: 'lite' },
      ),
    );
    expect(events.map((e) => e.type)).toEqual(['user.passwordUpdated']);
    expect(h.users.signIn(user.fields.email as string, 'lite-pass-9').status).toBe('ok');
  });
});

describe('a throwing onEvent vetoes', () => {
  let h: UsersHarness;
  let veto: string | null;
  beforeEach(() => {
    veto = null;
    h = createUsersHarness({
      onEvent: (e) => {
        if (e.type === veto) throw new Error(`vetoed ${e.type}`);
      },
    });
  });
  afterEach(() => h.close());

  it('rolls back the change that caused the event', () => {
    veto = 'user.created';
    expect(() => h.createUser({ email: 'no@test.com' }, PASSWORD)).toThrow('vetoed user.created');
    expect(h.store.findOne('sys.users', 'no@test.com')).toBeNull();

    veto = null;
    const user = h.createUser({}, PASSWORD);
    veto = 'user.deactivated';
    expect(() => h.users.deactivate(user)).toThrow('vetoed user.deactivated');
    expect(stored(h, user.id!).fields.status).toBe('ACTIVE');

    veto = 'user.passwordUpdated';
    expect(() =>
      h.users.updatePassword(user, { currentPassword: PASSWORD, newPassword: 'next-pass-2' }),
    ).toThrow('vetoed user.passwordUpdated');
    expect(h.users.verifyPassword(user.id!, PASSWORD)).toBe(true);

    veto = 'user.signedIn';
    expect(() => h.users.signIn(user.fields.email as string, PASSWORD)).toThrow('vetoed user.signedIn');
    expect(h.store.db.prepare('SELECT count(*) AS n FROM users_sessions').get()).toEqual({ n: 0 });

    veto = 'user.passwordReset';
    expect(() => h.users.resetPassword(user, { notifyUser: true })).toThrow('vetoed user.passwordReset');
    expect(h.outbox.list()).toEqual([]);
  });

  it('checks that onEvent is a function', () => {
    expect(() => createUsersHarness({ onEvent: 'log' as never })).toThrow(
      'createUsers: onEvent must be a function',
    );
  });
});
