import { describe, expect, it } from 'vitest';
import type { Store } from './store-types.js';
import { codes, failure, rawRows, storePerTest, tempStore } from './test-kit.js';

let store: Store;
storePerTest((t) => {
  store = t.store;
});

describe('write integrity', () => {
  it('reports unique clashes (also case-insensitive emails) as validationErrors, never SQLite errors', () => {
    store.insert('companies', { name: 'Acme' });
    const e = failure(() => store.insert('companies', { name: 'Acme' }), 'validationErrors');
    expect(codes(e)).toEqual(['name:unique']);
    store.insert('sys.users', { firstName: 'A', lastName: 'B', email: 'Ada@Example.com' });
    expect(
      codes(
        failure(
          () => store.insert('sys.users', { firstName: 'C', lastName: 'D', email: 'ada@example.COM' }),
          'validationErrors',
        ),
      ),
    ).toEqual(['email:unique']);
    // Lite mode skips the pre-check; the index still answers with a validation error.
    expect(
      codes(
        failure(
          () =>
            store.save(
              'companies',
              { id: null, version: 0, label: null, fields: { name: 'Acme' } },
              { mode: 'lite' },
            ),
          'validationErrors',
        ),
      ),
    ).toEqual(['name:unique']);
    expect(rawRows(store, 'rec_companies')).toHaveLength(1);
  });

  it('reports every clashing unique field at once, with the other field errors', () => {
    const t = tempStore({
      name: 'codes',
      entities: {
        codes: {
          label: 'a',
          fields: {
            a: { type: 'text', unique: true },
            b: { type: 'email', unique: true },
            n: { type: 'integer', max: 9 },
          },
        },
      },
    });
    try {
      const first = t.store.insert('codes', { a: 'x', b: 'Y@example.com' });
      const other = t.store.insert('codes', { a: 'z', b: 'z@example.com' });
      const clash = { a: 'x', b: 'y@EXAMPLE.com' };
      const expectErrors = (fn: () => unknown, expected: string[]) =>
        expect(codes(failure(fn, 'validationErrors'))).toEqual(expected);
      expectErrors(() => t.store.insert('codes', clash), ['a:unique', 'b:unique']);
      expectErrors(() => t.store.insert('codes', { a: 'x', n: 99 }), ['n:max', 'a:unique']);
      expectErrors(() => t.store.update('codes', { ...other, fields: clash }), ['a:unique', 'b:unique']);
      // The same inside an open transaction, where the write runs without a savepoint.
      t.store.begin();
      expectErrors(() => t.store.insert('codes', clash), ['a:unique', 'b:unique']);
      t.store.update('codes', { ...first, fields: { n: 1 } });
      t.store.commit();
      expect(rawRows(t.store, 'rec_codes').map((r) => r.version)).toEqual([2, 1]);
    } finally {
      t.close();
    }
  });

  it('never stores write-only fields and reads them back as null', () => {
    const p = store.insert('contacts', { firstName: 'A', lastName: 'B', secret: 'hunter2' });
    expect(p.fields.secret).toBeNull();
    const u = store.insert('sys.users', {
      firstName: 'A',
      lastName: 'B',
      email: 'a@b.io',
      sendWelcomeEmail: true,
      authentication: {
        password: 'Pa55word!',
        passwordConfirmation: 'Pa55word!',
        generatePassword: false,
        passwordExpired: false,
      },
    });
    expect(u.fields.authentication).toEqual({
      password: null,
      passwordConfirmation: null,
      newPassword: null,
      generatePassword: null,
      passwordExpired: false,
    });
    expect(u.fields.sendWelcomeEmail).toBeNull();
    expect(u.fields.status).toBe('ACTIVE');
    const dump = JSON.stringify(
      store.db.prepare('SELECT * FROM rec_contacts UNION ALL SELECT * FROM rec_sys_users').all(),
    );
    expect(dump).not.toContain('hunter2');
    expect(dump).not.toContain('Pa55word!');
    expect(dump).not.toContain('sendWelcomeEmail');
  });

  it('refuses bad arguments with coded errors and writes nothing', () => {
    expect(failure(() => store.insert('nope', {}), 'badRequest').message).toBe(
      "insert: unknown entity 'nope'",
    );
    expect(failure(() => store.insert(3 as unknown as string, {}), 'badRequest').message).toMatch(
      /entity must be a string, got number/,
    );
    expect(failure(() => store.insert('companies', [] as never), 'badRequest').message).toMatch(
      /fields must be an object, got array/,
    );
    const polluted = JSON.parse('{"name":"P","meta":{"__proto__":{"x":1}}}');
    expect(failure(() => store.insert('companies', polluted), 'badRequest').message).toMatch(
      /fields.meta.__proto__/,
    );
    const nested = JSON.parse(
      '{"firstName":"a","lastName":"b","addresses":[{"zipCode":"12345","constructor":1}]}',
    );
    expect(failure(() => store.insert('contacts', nested), 'badRequest').errors[0]!.field).toBe(
      'fields.addresses[0].constructor',
    );
    expect(
      failure(() => store.insert('companies', { name: 'x', id: 'abc' }), 'validationErrors').errors[0],
    ).toMatchObject({ field: 'id', code: 'unknownField' });
    expect(failure(() => store.findById('companies', 5 as unknown as string), 'badRequest').message).toBe(
      'findById: id must be a string, got number',
    );
    expect(failure(() => store.findById('companies', 'abc'), 'badRequest').message).toMatch(
      /not a valid record id/,
    );
    expect(rawRows(store, 'rec_companies')).toHaveLength(0);
    expect(rawRows(store, 'rec_contacts')).toHaveLength(0);
  });
});
