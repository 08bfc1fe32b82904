import { describe, expect, it } from 'vitest';
import { loadAppDefinition } from './app-definition-load.js';

const base = { name: 'acc', groups: [{ name: 'customers' }, { name: 'staff', mfaRequired: true }] };

describe('account options of users', () => {
  it('adds username, phone and emailVerified only when asked', () => {
    const plain = loadAppDefinition(base);
    expect(Object.keys(plain.entities['sys.users']!.fields)).not.toContain('username');
    expect(plain.users).toMatchObject({ identifiers: ['email'], emailVerification: false });
    const app = loadAppDefinition({
      ...base,
      users: { identifiers: ['username', 'phone'], emailVerification: true, defaultGroup: 'customers' },
    });
    const fields = app.entities['sys.users']!.fields;
    expect(fields.username).toMatchObject({ type: 'text', unique: true });
    expect(fields.phone).toMatchObject({ type: 'text', unique: true });
    expect(fields.emailVerified).toMatchObject({ type: 'boolean' });
    expect(app.users).toMatchObject({
      identifiers: ['email', 'username', 'phone'],
      emailVerification: true,
      defaultGroup: 'customers',
    });
    expect(app.groups.find((g) => g.name === 'staff')?.mfaRequired).toBe(true);
  });

  it('reports unknown keys, bad identifiers, unknown groups and clashing custom fields at once', () => {
    let error: unknown;
    try {
      loadAppDefinition({
        ...base,
        users: {
          identifiers: ['fax'],
          defaultGroup: 'nobody',
          emailVerification: 'yes',
          signup: true,
        },
      });
    } catch (e) {
      error = e;
    }
    const fields = (error as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'users.identifiers',
        'users.defaultGroup',
        'users.emailVerification',
        'users.signup',
      ]),
    );
    expect(() =>
      loadAppDefinition({
        ...base,
        users: { identifiers: ['username'], fields: { username: { type: 'text' } } },
      }),
    ).toThrow(/built-in field/);
  });
});
