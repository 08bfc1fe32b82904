import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRuntime, example, messages, type TestRuntime } from '../support/test-runtime.js';

// The sys.users contract: each sample of the seed document runs verbatim, bound to sys.users.
const sample = (name: string) => example(`seed-samples/${name}.js`);
const USERS = { entity: 'sys.users' };

describe('sys.users seed samples, verbatim', () => {
  let w: TestRuntime;
  beforeEach(async () => {
    w = await createTestRuntime();
    await w.run(example('fixtures/sample-users.js'), USERS);
  });
  afterEach(() => w.dispose());

  const user = (email: string) => w.store.findOne('sys.users', email);

  it('activate: creates, deactivates, activates and removes a user with a password', async () => {
    const { logs } = await w.run(sample('01-activate'), USERS);
    const lines = messages(logs);
    expect(lines[0]).toMatch(/^user id: [0-9a-f-]{36}$/);
    expect(lines.slice(1)).toEqual(['user status: INACTIVE', 'user status: ACTIVE']);
    expect(await user('user1@test.com')).toBeNull();
    expect(readFileSync(w.database).includes('1234567890')).toBe(false);
  });

  it('deactivate: creates with createRecord() and the context entity, deactivates, removes', async () => {
    const { logs } = await w.run(sample('02-deactivate'), USERS);
    expect(messages(logs).slice(1)).toEqual(['user status: INACTIVE']);
    expect(await user('user1@test.com')).toBeNull();
  });

  it('resetPassword: returns the code and link, and queues the reset mail', async () => {
    const { logs } = await w.run(sample('03-resetPassword'), USERS);
    const line = messages(logs)[0]!;
    expect(line.startsWith('Reset password result: ')).toBe(true);
    const result = JSON.parse(line.slice('Reset password result: '.length));
    const stored = (await user('user@company.com'))!;
    expect(result).toMatchObject({ userId: stored.id, userEmail: 'user@company.com' });
    expect(result.resetCode).toMatch(/^\S{20,}$/);
    expect(result.link).toBe(`http://localhost:3000/reset-password?code=${result.resetCode}`);
    const mails = (await w.mail.list()).filter((m) => m.to === 'user@company.com');
    expect(mails).toHaveLength(1);
    await w.users.completePasswordReset(result.resetCode, 'BrandNew-pass-1');
    expect(await w.users.verifyPassword(stored.id!, 'BrandNew-pass-1')).toBe(true);
  });

  it('updatePassword: checks the current password, sets the new one, notifies', async () => {
    const { logs } = await w.run(sample('04-updatePassword'), USERS);
    const stored = (await user('your_email@example.com'))!;
    expect(messages(logs)).toEqual([
      `Update password result: ${JSON.stringify({ userId: stored.id, userEmail: 'your_email@example.com' })}`,
    ]);
    expect(await w.users.verifyPassword(stored.id!, 'OldPassword123')).toBe(true);
    expect(await w.users.verifyPassword(stored.id!, 'CurrentPassword456')).toBe(false);
    expect((await w.mail.list()).filter((m) => m.to === 'your_email@example.com')).toHaveLength(1);
  });

  it('updatePassword: a wrong current password fails and changes nothing', async () => {
    await w.run(sample('04-updatePassword'), USERS);
    const error = await w.run(sample('04-updatePassword'), USERS).catch((e) => e);
    expect(error.code).toBe('badRequest');
    const stored = (await user('your_email@example.com'))!;
    expect(await w.users.verifyPassword(stored.id!, 'OldPassword123')).toBe(true);
  });

  it('addIdentityProvider: links slack with the email as external id', async () => {
    const { logs } = await w.run(sample('05-addIdentityProvider'), USERS);
    expect(messages(logs).slice(1)).toEqual(['identity provider added']);
    expect(await user('user1@test.com')).toBeNull();
  });

  it('removeIdentityProvider: links then unlinks slack', async () => {
    const { logs } = await w.run(sample('06-removeIdentityProvider'), USERS);
    expect(messages(logs).slice(1)).toEqual(['identity provider added', 'identity provider removed']);
  });

  it('containsGroup, isPrimaryGroup, getPrimaryGroup', async () => {
    expect(messages((await w.run(sample('07-containsGroup'), USERS)).logs)).toEqual(['Is it admin? false']);
    expect(messages((await w.run(sample('08-isPrimaryGroup'), USERS)).logs)).toEqual([
      'Is it primary? false',
    ]);
    const line = messages((await w.run(sample('09-getPrimaryGroup'), USERS)).logs)[0]!;
    const group = JSON.parse(line.slice('Group: '.length));
    expect(group).toEqual({ id: expect.any(String), name: 'Group1', label: 'Group 1' });
  });

  it('addGroup then removeGroup persist through sys.data.save', async () => {
    expect(messages((await w.run(sample('10-addGroup'), USERS)).logs)).toEqual(['Contains group: true']);
    expect(messages((await w.run(sample('08-isPrimaryGroup'), USERS)).logs)).toEqual(['Is it primary? true']);
    const groups = (await user('user@company.com'))!.fields.groups as { group: string; primary: boolean }[];
    expect(groups.filter((g) => g.primary).map((g) => g.group)).toEqual(['admins']);
    expect(messages((await w.run(sample('11-removeGroup'), USERS)).logs)).toEqual(['Contains group: false']);
    const after = (await user('user@company.com'))!.fields.groups as { group: string; primary: boolean }[];
    expect(after).toEqual([expect.objectContaining({ group: 'Group1', primary: true })]);
  });

  it('getEndpointConfiguration: null until the host sets one', async () => {
    expect(messages((await w.run(sample('12-getEndpointConfiguration'), USERS)).logs)).toEqual([
      'Http endpoint configuration: null',
    ]);
    const id = (await user('user@company.com'))!.id!;
    await w.users.setEndpointConfiguration(id, 'http', { token: 'abc', region: 'eu' });
    expect(messages((await w.run(sample('12-getEndpointConfiguration'), USERS)).logs)).toEqual([
      'Http endpoint configuration: {"token":"abc","region":"eu"}',
    ]);
  });
});
