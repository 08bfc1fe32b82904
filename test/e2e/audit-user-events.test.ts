import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

let w: TestRuntime;

beforeAll(async () => {
  // No entity declares history: the user log is built in whatever the app says.
  w = await createTestRuntime();
});
afterAll(() => w?.dispose());

const PASSWORD = 'Correct-horse-9';
const NEW_PASSWORD = 'Battery-staple-42';

describe('built-in audit log of user lifecycle events', () => {
  it('records sign-ins, failures, status, password and group changes, and no secret', async () => {
    const user = await w.store.insert('sys.users', {
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@audit.io',
      authentication: {
        generatePassword: false,
        password: PASSWORD,
        passwordConfirmation: PASSWORD,
        passwordExpired: false,
      },
    });
    const id = user.id as string;
    await w.users.signIn('ann@audit.io', PASSWORD, { ip: '10.0.0.1' });
    await expect(w.users.signIn('ann@audit.io', 'wrong-Password-1', { ip: '10.0.0.2' })).rejects.toThrow();
    const reset = await w.users.resetPassword(id);
    await w.users.updatePassword(id, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    await w.users.deactivate(id);
    await w.users.activate(id);
    // A run changes groups: the row names the run and the run's user.
    await w.run(
      `const u = sys.data.findById('sys.users', '${id}'); sys.data.save(sys.users.addGroup(u, 'Group1'));
       const v = sys.data.findById('sys.users', '${id}'); sys.data.save(sys.users.removeGroup(v, 'Group1'));`,
      { as: id },
    );
    const page = await w.audit.query({ recordId: id, type: 'user.*' });
    const types = page.items.map((e) => e.type).reverse();
    expect(types).toEqual([
      'user.created',
      'user.signedIn',
      'user.signInFailed',
      'user.passwordReset',
      'user.passwordUpdated',
      'user.deactivated',
      'user.activated',
      'user.groupAdded',
      'user.groupRemoved',
    ]);
    const byType = Object.fromEntries(page.items.map((e) => [e.type, e]));
    expect(byType['user.signedIn']!.data).toMatchObject({ ip: '10.0.0.1', email: 'ann@audit.io' });
    expect(byType['user.signInFailed']!.data).toMatchObject({ ip: '10.0.0.2', reason: 'wrongPassword' });
    expect(byType['user.signInFailed']!.actor.hostCall).toBe('users.signIn');
    expect(byType['user.deactivated']!.changes).toEqual({ status: { old: 'ACTIVE', new: 'INACTIVE' } });
    expect(byType['user.groupAdded']!.data).toMatchObject({ group: 'Group1' });
    expect(byType['user.groupAdded']!.actor).toMatchObject({ userId: id, hostCall: null });
    // No plaintext secret anywhere in the table: passwords, the reset code, session tokens.
    const dump = JSON.stringify(w.store.db.prepare('SELECT * FROM audit_log').all());
    for (const secret of [PASSWORD, NEW_PASSWORD, 'wrong-Password-1', reset.resetCode]) {
      expect(dump).not.toContain(secret);
    }
    expect(dump).not.toMatch(/\$scrypt\$/);
  });

  it('writes the user event in the change’s transaction: a failed run leaves none', async () => {
    const user = await w.store.insert('sys.users', { firstName: 'Bo', lastName: 'K', email: 'bo@audit.io' });
    const count = async () => (await w.audit.query({ recordId: user.id as string })).items.length;
    const before = await count();
    await expect(
      w.run(`sys.users.deactivate(sys.data.findById('sys.users', '${user.id}')); throw new Error('undo');`),
    ).rejects.toThrow('undo');
    expect(await count()).toBe(before);
  });

  it('prunes rows past the retention on the sweeper', async () => {
    const r = await createTestRuntime({
      app: { name: 'r', audit: { retentionDays: 1 }, entities: {} },
    });
    try {
      await r.store.insert('sys.users', { firstName: 'Old', lastName: 'X', email: 'old@audit.io' });
      r.store.db.prepare('UPDATE audit_log SET at = at - 2 * 86400000').run();
      await r.store.insert('sys.users', { firstName: 'New', lastName: 'X', email: 'new@audit.io' });
      expect(await r.audit.prune()).toBe(1);
      expect((await r.audit.query()).items.map((e) => e.data.email)).toEqual(['new@audit.io']);
    } finally {
      await r.dispose();
    }
  });
});
