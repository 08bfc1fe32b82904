import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

let h: Harness;
let ann: string;
beforeEach(() => {
  h = createHarness();
  ann = h.host.insert('sys.users', {
    firstName: 'Ann',
    lastName: 'Lee',
    email: 'ann@x.test',
    groups: [{ id: 'gi-1', group: 'devs', primary: true }],
  }).id!;
  h.takeCalls();
});
afterEach(() => h.dispose());

const withAnn = (body: string) => h.value(`const user = sys.data.findById('sys.users', '${ann}');${body}`);

describe('sys.users argument checks', () => {
  it.each([
    ['activate', `sys.users.activate('x')`, 'sys.users.activate: user must be a sys.users record, got "x"'],
    [
      'deactivate',
      `sys.users.deactivate(null)`,
      'sys.users.deactivate: user must be a sys.users record, got null',
    ],
    [
      'resetPassword',
      `sys.users.resetPassword(sys.data.createRecord('companies'))`,
      'sys.users.resetPassword: user must be a sys.users record, got a companies record',
    ],
    [
      'updatePassword',
      `sys.users.updatePassword({}, {})`,
      'sys.users.updatePassword: user must be a sys.users record, got object',
    ],
    [
      'addIdentityProvider',
      `sys.users.addIdentityProvider(5, 'slack')`,
      'sys.users.addIdentityProvider: userId must be a user id or a sys.users record, got number 5',
    ],
    [
      'addIdentityProvider',
      `sys.users.addIdentityProvider('u1', '')`,
      'sys.users.addIdentityProvider: identityProviderIdOrName must be a non-empty string, got ""',
    ],
    [
      'addIdentityProvider',
      `sys.users.addIdentityProvider('u1', 'slack', 7)`,
      'sys.users.addIdentityProvider: externalId must be a string, got number 7',
    ],
    [
      'removeIdentityProvider',
      `sys.users.removeIdentityProvider('u1')`,
      'sys.users.removeIdentityProvider: identityProviderIdOrName must be a non-empty string, got undefined',
    ],
    [
      'containsGroup',
      `sys.users.containsGroup(sys.data.createRecord('sys.users'), 1)`,
      'sys.users.containsGroup: group must be a non-empty string, got number 1',
    ],
    [
      'isPrimaryGroup',
      `sys.users.isPrimaryGroup(undefined, 'a')`,
      'sys.users.isPrimaryGroup: user must be a sys.users record, got undefined',
    ],
    [
      'getPrimaryGroup',
      `sys.users.getPrimaryGroup([])`,
      'sys.users.getPrimaryGroup: user must be a sys.users record, got array',
    ],
    [
      'addGroup',
      `sys.users.addGroup(sys.data.createRecord('sys.users'), 'admins', 'yes')`,
      'sys.users.addGroup: primary must be a boolean, got "yes"',
    ],
    [
      'removeGroup',
      `sys.users.removeGroup(sys.data.createRecord('sys.users'))`,
      'sys.users.removeGroup: group must be a non-empty string, got undefined',
    ],
    [
      'getEndpointConfiguration',
      `sys.users.getEndpointConfiguration(sys.data.createRecord('sys.users'), null)`,
      'sys.users.getEndpointConfiguration: endpointName must be a non-empty string, got null',
    ],
  ])('%s: %s', (_method, script, message) => {
    const e = h.error(script);
    expect(e).toMatchObject({ code: 'badRequest', message });
    expect(h.takeCalls()).toEqual([]);
  });
});

describe('sys.users calls and in-place updates', () => {
  it('activate/deactivate send the wire record and update the passed record in place', () => {
    expect(
      withAnn(
        `const same = sys.users.deactivate(user) === user; const s1 = user.status(); sys.users.activate(user); return [same, s1, user.status(), user.field('status').val()];`,
      ),
    ).toEqual([true, 'INACTIVE', 'ACTIVE', 'ACTIVE']);
    const calls = h.takeCalls();
    expect(calls.map((c) => c.op)).toEqual(['data.findById', 'users.deactivate', 'users.activate']);
    expect(calls[1]!.args[0]).toMatchObject({ entity: 'sys.users', id: ann, version: 1 });
    expect(h.host.get('sys.users', ann)!.fields.status).toBe('ACTIVE');
  });

  it('resetPassword and updatePassword pass their options and return the host object', () => {
    expect(
      withAnn(
        `return [sys.users.resetPassword(user, {notify: true}), sys.users.updatePassword(user, {currentPassword: 'a', newPassword: 'b'})];`,
      ),
    ).toEqual([
      { userId: ann, userEmail: 'ann@x.test', resetCode: 'code-1', link: 'https://app.test/reset' },
      { userId: ann, userEmail: 'ann@x.test' },
    ]);
    expect(
      h
        .takeCalls()
        .slice(1)
        .map((c) => c.args[1]),
    ).toEqual([{ notify: true }, { currentPassword: 'a', newPassword: 'b' }]);
  });

  it('addIdentityProvider/removeIdentityProvider take an id (or the record) and return the saved user', () => {
    expect(
      withAnn(`
      const r = sys.users.addIdentityProvider(user.id(), 'slack', 'ext-1');
      const a = [r === user, r.field('identityProviders[0].externalId').val(), user.field('identityProviders').size()];
      const r2 = sys.users.removeIdentityProvider(user, 'slack');
      return a.concat([r2 === user, user.field('identityProviders').size()]);`),
    ).toEqual([false, 'ext-1', 0, true, 0]);
    expect(
      h
        .takeCalls()
        .slice(1)
        .map((c) => c.args),
    ).toEqual([
      [ann, 'slack', 'ext-1'],
      [ann, 'slack'],
    ]);
  });

  it('containsGroup, isPrimaryGroup, getPrimaryGroup (also as legacy record methods)', () => {
    expect(
      withAnn(
        `return [sys.users.containsGroup(user, 'Developers'), sys.users.isPrimaryGroup(user, 'devs'), sys.users.containsGroup(user, 'admins'), sys.users.getPrimaryGroup(user), user.containsGroup('g-3'), user.isPrimaryGroup('admins')];`,
      ),
    ).toEqual([true, true, false, { id: 'g-3', name: 'devs', label: 'Developers' }, true, false]);
  });

  it('addGroup/removeGroup change the record in memory only, and return it', () => {
    expect(
      withAnn(`
      const same = sys.users.addGroup(user, 'admins', true) === user;
      const groups = user.field('groups').val().map((g) => g.group + ':' + g.primary);
      sys.users.removeGroup(user, 'admins');
      return [same, groups, user.field('groups').val().map((g) => g.group + ':' + g.primary)];`),
    ).toEqual([true, ['devs:false', 'admins:true'], ['devs:true']]);
    expect(h.host.get('sys.users', ann)!.fields.groups).toEqual([
      { id: 'gi-1', group: 'devs', primary: true },
    ]);
    expect(
      h.value(
        `const u = sys.data.createRecord('sys.users'); sys.users.addGroup(u, 'Group1'); return u.field('groups').val();`,
      ),
    ).toEqual([{ group: 'Group1', primary: true }]);
    expect(h.error(`sys.users.addGroup(sys.data.createRecord('sys.users'), 'nobody')`).code).toBe('notFound');
  });

  it('getEndpointConfiguration returns the host value', () => {
    h.host.endpointConfigs.set(`${ann}/http`, { token: 't' });
    expect(
      withAnn(
        `return [sys.users.getEndpointConfiguration(user, 'http'), sys.users.getEndpointConfiguration(user, 'other')];`,
      ),
    ).toEqual([{ token: 't' }, null]);
  });

  it('legacy user record methods: email, status, fullName', () => {
    expect(withAnn(`return [user.email(), user.status(), user.fullName(), user.id() === '${ann}'];`)).toEqual(
      ['ann@x.test', 'ACTIVE', 'Ann Lee', true],
    );
    expect(h.value(`return typeof sys.data.createRecord('companies').email;`)).toBe('undefined');
  });
});

describe('sys.context', () => {
  it('current user record and id, null when there is none, and no IP', () => {
    expect(
      h.value(
        `return [sys.context.getCurrentUserRecord(), sys.context.getCurrentUserId(), sys.context.getCurrentIp()];`,
      ),
    ).toEqual([null, null, null]);
    h.host.currentUserId = ann;
    expect(
      h.value(
        `const u = sys.context.getCurrentUserRecord(); return [u.email(), sys.context.getCurrentUserId(), sys.context.getCurrentUser().fullName()];`,
      ),
    ).toEqual(['ann@x.test', ann, 'Ann Lee']);
  });

  it('setCurrentUserRecord/ById/ByEmail call context.setCurrentUser', () => {
    const bob = h.host.insert('sys.users', { firstName: 'Bob', lastName: 'Ray', email: 'bob@x.test' }).id!;
    h.takeCalls();
    h.value(
      `sys.context.setCurrentUserRecordById('${bob}'); sys.context.setCurrentUserRecordByEmail('ann@x.test'); sys.context.setCurrentUserRecord(sys.data.findById('sys.users', '${bob}'));`,
    );
    expect(
      h
        .takeCalls()
        .filter((c) => c.op === 'context.setCurrentUser')
        .map((c) => c.args),
    ).toEqual([
      ['id', bob],
      ['email', 'ann@x.test'],
      ['record', bob],
    ]);
    expect(h.host.currentUserId).toBe(bob);
    expect(h.error(`sys.context.setCurrentUserRecord(sys.data.createRecord('companies'))`).message).toBe(
      'sys.context.setCurrentUserRecord: userRecord must be a sys.users record, got object',
    );
    expect(h.error(`sys.context.setCurrentUserRecordByEmail('')`).message).toBe(
      'sys.context.setCurrentUserRecordByEmail: email must be a non-empty string, got ""',
    );
    expect(h.error(`sys.context.setCurrentUserRecordById('nobody')`).code).toBe('notFound');
  });
});
