import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, EXAMPLES, type TestRuntime } from '../support/test-runtime.js';

// The example hooks of scripts-examples/hooks/, declared in its app.json, run as an embedder runs them.
describe('example hooks', () => {
  let w: TestRuntime;
  beforeAll(async () => {
    w = await createTestRuntime({ app: join(EXAMPLES, 'hooks', 'app.json'), logger: { error: () => {} } });
  });
  afterAll(() => w.dispose());

  const createUser = async (email: string, group?: string) => {
    const { value } = await w.run(
      `var u = sys.data.createRecord('sys.users');
       u.field('firstName').val('Test'); u.field('lastName').val('User'); u.field('email').val(email);
       u.field('authentication').val({generatePassword: false, password: 'Right-pass-1', passwordConfirmation: 'Right-pass-1'});
       if (group) sys.users.addGroup(u, group, true);
       sys.data.save(u);
       return u.id();`,
      { params: { email, group: group ?? null } },
    );
    await w.hooks.drain();
    return value as string;
  };
  const audit = async (email: string) =>
    [...(await w.store.find('auditLogs', { userEmail: email, _sortField: 'at', _sortType: 'asc' }))].map(
      (a) => ({
        event: a.fields.event,
        details: a.fields.details,
      }),
    );
  const groups = async (id: string) => (await w.store.findById('sys.users', id))!.fields.groups;

  it('welcome-flow puts a new user without a group in members, and audit-user-changes records it all', async () => {
    const id = await createUser('new@demo.io');
    expect(await groups(id)).toMatchObject([{ group: 'members', primary: true }]);
    expect(await audit('new@demo.io')).toEqual([
      { event: 'user.created', details: {} },
      { event: 'user.groupAdded', details: { group: 'members' } },
    ]);

    const admin = await createUser('boss@demo.io', 'admins');
    expect(await groups(admin)).toMatchObject([{ group: 'admins', primary: true }]);
    expect(await audit('boss@demo.io')).toEqual([{ event: 'user.created', details: {} }]);

    await w.run("sys.users.deactivate(sys.data.findById('sys.users', id));", { params: { id } });
    await w.hooks.drain();
    expect((await audit('new@demo.io')).at(-1)).toEqual({
      event: 'user.deactivated',
      details: { statusBefore: 'ACTIVE', statusAfter: 'INACTIVE' },
    });
    expect(w.hooks.failures()).toEqual([]);
  });

  it('block-suspicious-sign-ins blocks the account an ip keeps failing on, and no other', async () => {
    const target = await createUser('target@demo.io');
    const other = await createUser('other@demo.io');
    const fail = async (email: string, ip: string) => {
      const error = await (async () => {
        try {
          await w.users.signIn(email, 'wrong-pass-1', { ip });
        } catch (e) {
          return e as { code: string };
        }
      })();
      expect(error?.code).toBe('forbidden');
      await w.hooks.drain();
    };
    await fail('nobody@demo.io', '10.0.0.9');
    await fail('other@demo.io', '10.0.0.7');
    await fail('target@demo.io', '10.0.0.9');
    expect((await w.store.findById('sys.users', target))!.fields.status).toBe('ACTIVE');
    await fail('target@demo.io', '10.0.0.9');

    expect((await w.store.findById('sys.users', target))!.fields.status).toBe('BLOCKED');
    expect((await w.store.findById('sys.users', other))!.fields.status).toBe('ACTIVE');
    expect((await audit('target@demo.io')).map((a) => a.event)).toEqual([
      'user.created',
      'user.groupAdded',
      'user.signInFailed',
      'user.signInFailed',
      'user.blocked',
    ]);
    expect(await audit('nobody@demo.io')).toEqual([
      {
        event: 'user.signInFailed',
        details: { ip: '10.0.0.9', reason: 'unknownEmail', email: 'nobody@demo.io' },
      },
    ]);
    // Blocked: the right password no longer signs in.
    await expect(w.users.signIn('target@demo.io', 'Right-pass-1', { ip: '10.0.0.1' })).rejects.toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(w.hooks.failures()).toEqual([]);
  });
});
