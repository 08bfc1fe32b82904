import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

/** The sys.users samples of the seed document, verbatim, as the repo keeps them. */
const SAMPLES = fileURLToPath(new URL('../../../../scripts-examples/seed-samples/', import.meta.url));
const sample = (file: string) => readFileSync(`${SAMPLES}${file}`, 'utf8');

let h: Harness;
let userId: string;
beforeEach(() => {
  h = createHarness();
  userId = h.host.insert('sys.users', {
    firstName: 'Company',
    lastName: 'User',
    email: 'user@company.com',
    groups: [{ id: 'gi-1', group: 'admins', primary: true }],
  }).id!;
  h.host.insert('sys.users', { firstName: 'Your', lastName: 'Email', email: 'your_email@example.com' });
  h.host.endpointConfigs.set(`${userId}/http`, { token: 'abc' });
  h.takeCalls();
});
afterEach(() => h.dispose());

/** Runs one sample bound to sys.users (so `createRecord()` works) and returns its ops and logs. */
function runSample(file: string) {
  const result = h.run(sample(file), { entity: 'sys.users' });
  if (!result.ok) throw new Error(`${file}: ${result.code}: ${result.message}`);
  return { ops: h.takeCalls().map((c) => c.op), logs: h.logs.map((l) => `${l.level} ${l.message}`) };
}

const NEW_USER = /^INFO user id: u\d+$/;

describe('seed samples run verbatim', () => {
  it('activate: create with password, deactivate, activate, remove', () => {
    const { ops, logs } = runSample('01-activate.js');
    expect(ops).toEqual(['users.addGroup', 'data.save', 'users.deactivate', 'users.activate', 'data.remove']);
    expect(logs).toHaveLength(3);
    expect(logs[0]).toMatch(NEW_USER);
    expect(logs.slice(1)).toEqual(['INFO user status: INACTIVE', 'INFO user status: ACTIVE']);
    const id = logs[0]!.split(': ')[1]!;
    // The password crossed once, on save, and is nowhere else.
    expect(h.host.writeOnly.get(`sys.users/${id}/authentication.password`)).toBe('1234567890');
    const save = h.host.calls.find((c) => c.op === 'data.save')!;
    expect(save.args[0]).toMatchObject({
      entity: 'sys.users',
      id: null,
      fields: {
        email: 'user1@test.com',
        groups: [{ group: 'Group1', primary: true }],
        sendWelcomeEmail: false,
      },
    });
    const later = h.host.calls.slice(h.host.calls.indexOf(save) + 1);
    expect(JSON.stringify(later)).not.toContain('1234567890');
    expect(h.host.get('sys.users', id)).toBeNull();
  });

  it('deactivate', () => {
    const { ops, logs } = runSample('02-deactivate.js');
    expect(ops).toEqual(['users.addGroup', 'data.save', 'users.deactivate', 'data.remove']);
    expect(logs[0]).toMatch(NEW_USER);
    expect(logs[1]).toBe('INFO user status: INACTIVE');
  });

  it('resetPassword finds the user by the email string key', () => {
    const { ops, logs } = runSample('03-resetPassword.js');
    expect(ops).toEqual(['data.findOne', 'users.resetPassword']);
    expect(h.host.calls.at(-1)!.args[1]).toEqual({ notify: true });
    expect(logs).toEqual([
      `INFO Reset password result: {"userId":"${userId}","userEmail":"user@company.com","resetCode":"code-1","link":"https://app.test/reset"}`,
    ]);
  });

  it('updatePassword', () => {
    const { ops, logs } = runSample('04-updatePassword.js');
    expect(ops).toEqual(['data.findOne', 'users.updatePassword']);
    expect(h.host.calls.at(-1)!.args[1]).toEqual({
      notifyUser: true,
      currentPassword: 'CurrentPassword456',
      newPassword: 'OldPassword123',
    });
    expect(logs[0]).toMatch(
      /^INFO Update password result: \{"userId":"u\d+","userEmail":"your_email@example.com"\}$/,
    );
  });

  it('addIdentityProvider', () => {
    const { ops, logs } = runSample('05-addIdentityProvider.js');
    expect(ops).toEqual(['users.addGroup', 'data.save', 'users.addIdentityProvider', 'data.remove']);
    expect(h.host.calls.find((c) => c.op === 'users.addIdentityProvider')!.args.slice(1)).toEqual([
      'slack',
      'user1@test.com',
    ]);
    expect(logs.slice(1)).toEqual(['INFO identity provider added']);
  });

  it('removeIdentityProvider', () => {
    const { ops, logs } = runSample('06-removeIdentityProvider.js');
    expect(ops).toEqual([
      'users.addGroup',
      'data.save',
      'users.addIdentityProvider',
      'users.removeIdentityProvider',
      'data.remove',
    ]);
    expect(logs.slice(1)).toEqual(['INFO identity provider added', 'INFO identity provider removed']);
  });

  it.each([
    ['07-containsGroup.js', ['data.findOne', 'users.containsGroup'], 'INFO Is it admin? true'],
    ['08-isPrimaryGroup.js', ['data.findOne', 'users.isPrimaryGroup'], 'INFO Is it primary? true'],
    [
      '09-getPrimaryGroup.js',
      ['data.findOne', 'users.getPrimaryGroup'],
      'INFO Group: {"id":"g-2","name":"admins","label":"Administrators"}',
    ],
    [
      '10-addGroup.js',
      ['data.findOne', 'users.addGroup', 'data.save', 'users.containsGroup'],
      'INFO Contains group: true',
    ],
    [
      '11-removeGroup.js',
      ['data.findOne', 'users.removeGroup', 'data.save', 'users.containsGroup'],
      'INFO Contains group: false',
    ],
    [
      '12-getEndpointConfiguration.js',
      ['data.findOne', 'users.getEndpointConfiguration'],
      'INFO Http endpoint configuration: {"token":"abc"}',
    ],
  ])('%s', (file, expectedOps, log) => {
    const { ops, logs } = runSample(file);
    expect(ops).toEqual(expectedOps);
    expect(logs).toEqual([log]);
  });

  it('removeGroup persists through save', () => {
    runSample('11-removeGroup.js');
    expect(h.host.get('sys.users', userId)!.fields.groups).toEqual([]);
  });
});
