import { WardenError } from '@warden/sys-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './store-types.js';
import { tempStore } from './test-kit.js';

let t: ReturnType<typeof tempStore>;
let store: Store;
beforeEach(() => {
  t = tempStore();
  store = t.store;
});
afterEach(() => t.close());

/** The error `fn` throws, asserted to be a WardenError with `code`. */
function failure(fn: () => unknown, code: string): WardenError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WardenError);
    expect((error as WardenError).code).toBe(code);
    return error as WardenError;
  }
  throw new Error(`expected a ${code} error`);
}
const codes = (e: WardenError) => e.errors.map((x) => `${x.field}:${x.code}`);
const rawRows = (table: string) =>
  store.db.prepare(`SELECT * FROM ${table}`).all() as { data: string; version: number }[];

describe('insert', () => {
  it('assigns a UUIDv7 id, version 1, defaults and the label', () => {
    const c = store.insert('companies', { name: 'Acme' });
    expect(c.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(c).toMatchObject({
      version: 1,
      label: 'Acme',
      fields: { name: 'Acme', type: 'a', active: true, rating: null },
    });
    const p = store.insert('contacts', { firstName: 'Ada', lastName: 'Lovelace' });
    expect(p.label).toBe('Ada Lovelace');
    expect(p.fields.tags).toEqual([]);
  });

  it('coerces every field type to its storage form', () => {
    const acme = store.insert('companies', {
      name: 'Acme',
      employees: '42',
      rating: '4.5',
      active: 'false',
      founded: '1999-12-31',
      contactEmail: 'Info@Acme.io',
    });
    expect(acme.fields).toMatchObject({
      employees: 42,
      rating: 4.5,
      active: false,
      founded: '1999-12-31',
      contactEmail: 'Info@Acme.io',
    });
    const iso = Date.parse('2024-03-01T10:00:00Z');
    const shared = {
      lastName: 'L',
      addresses: [{ zipCode: '12345', street: 'Main' }],
      tags: ['x', 'y'],
      meta: { deep: [1, { a: null }] },
    };
    const byMs = store.insert('contacts', {
      ...shared,
      firstName: 'A',
      lastSeen: iso,
      company: acme.id,
      team: 'admins',
    });
    const byIso = store.insert('contacts', {
      ...shared,
      firstName: 'B',
      lastSeen: '2024-03-01T10:00:00Z',
      company: { id: acme.id },
      team: store.schema.groups[1]!.id,
    });
    const byShort = store.insert('contacts', {
      ...shared,
      firstName: 'C',
      lastSeen: '2024-03-01 10:00',
      company: 'Acme',
      team: 'Staff',
    });
    const byLabel = store.insert('contacts', { ...shared, firstName: 'D', company: { label: 'Acme' } });
    for (const r of [byMs, byIso, byShort]) expect(r.fields.lastSeen).toBe(iso);
    for (const r of [byMs, byIso, byShort, byLabel])
      expect(r.fields.company).toEqual({ id: acme.id, label: 'Acme' });
    expect([byMs.fields.team, byIso.fields.team, byShort.fields.team]).toEqual(['admins', 'staff', 'staff']);
    expect(byMs.fields.meta).toEqual({ deep: [1, { a: null }] });
    const addresses = byMs.fields.addresses as { id: string; street: string }[];
    expect(addresses[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(addresses[0]!.street).toBe('Main');
    const stored = JSON.parse(
      store.db.prepare('SELECT data FROM rec_contacts WHERE id = ?').pluck().get(byMs.id) as string,
    );
    expect(stored).toMatchObject({
      lastSeen: iso,
      company: { id: acme.id, label: 'Acme' },
      team: 'admins',
      tags: ['x', 'y'],
    });
  });

  it('rejects wrong types with a type error per field', () => {
    const e = failure(
      () =>
        store.insert('companies', {
          name: 7,
          employees: 1.5,
          rating: 'lots',
          active: 'maybe',
          founded: '2023-02-30',
          contactEmail: 'not-an-email',
          type: 'z',
        }),
      'validationErrors',
    );
    expect(codes(e).sort()).toEqual(
      [
        'name:type',
        'employees:type',
        'rating:type',
        'active:type',
        'founded:type',
        'contactEmail:type',
        'type:option',
      ].sort(),
    );
    expect(e.errors.find((x) => x.field === 'employees')!.message).toContain('integer');
    expect(rawRows('rec_companies')).toHaveLength(0);
  });

  it('applies required, min, max and pattern, all errors at once with nested paths', () => {
    const e = failure(
      () =>
        store.insert('contacts', {
          firstName: '',
          addresses: [{ zipCode: '12345' }, { street: 'no zip' }, { zipCode: 'abc' }],
          lastSeen: 'yesterday',
          company: 'Nobody Inc',
          team: 'ghosts',
          nickname: 'x',
          tags: [null],
        }),
      'validationErrors',
    );
    expect(codes(e)).toEqual(
      expect.arrayContaining([
        'nickname:unknownField',
        'firstName:min',
        'lastName:required',
        'addresses[1].zipCode:required',
        'addresses[2].zipCode:pattern',
        'lastSeen:type',
        'company:notFound',
        'team:notFound',
        'tags[0]:type',
      ]),
    );
    expect(e.errors).toHaveLength(9);
    const big = failure(
      () =>
        store.insert('companies', {
          name: 'x'.repeat(41),
          employees: -1,
          rating: 6,
          founded: '1700-01-01',
          website: 'ftp://x',
        }),
      'validationErrors',
    );
    expect(codes(big).sort()).toEqual([
      'employees:min',
      'founded:min',
      'name:max',
      'rating:max',
      'website:pattern',
    ]);
  });

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
    expect(rawRows('rec_companies')).toHaveLength(1);
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
    expect(rawRows('rec_companies')).toHaveLength(0);
    expect(rawRows('rec_contacts')).toHaveLength(0);
  });
});

describe('update, save and remove', () => {
  it('bumps the version, recomputes the label and keeps unchanged fields', () => {
    const c = store.insert('companies', { name: 'Acme', employees: 3 });
    const u = store.update('companies', { ...c, fields: { name: 'Acme 2' } });
    expect(u).toMatchObject({ id: c.id, version: 2, label: 'Acme 2', fields: { employees: 3 } });
    expect(
      store.update('companies', { ...u, fields: { ...u.fields, employees: null } }).fields.employees,
    ).toBeNull();
    expect(store.findById('companies', c.id!)!.version).toBe(3);
  });

  it('throws optimisticLocking on a stale version and notFound on a missing id', () => {
    const c = store.insert('companies', { name: 'Acme' });
    store.update('companies', { ...c, fields: { employees: 1 } });
    failure(() => store.update('companies', { ...c, fields: { employees: 2 } }), 'optimisticLocking');
    expect(store.findById('companies', c.id!)!.fields.employees).toBe(1);
    const ghost = { ...c, id: '01890a5d-ac96-774b-bcce-b302099a8057' };
    expect(failure(() => store.update('companies', ghost), 'notFound').message).toMatch(
      /no 'companies' record/,
    );
    failure(() => store.remove('companies', ghost.id), 'notFound');
    failure(() => store.save('companies', ghost), 'notFound');
  });

  it('keeps nested item ids across updates and gives new items new ids', () => {
    const p = store.insert('contacts', { firstName: 'A', lastName: 'B', addresses: [{ zipCode: '11111' }] });
    const [first] = p.fields.addresses as { id: string }[];
    const u = store.update('contacts', {
      ...p,
      fields: { addresses: [...(p.fields.addresses as object[]), { zipCode: '22222' }] },
    });
    const items = u.fields.addresses as { id: string; zipCode: string }[];
    expect(items[0]!.id).toBe(first!.id);
    expect(items[1]!.id).not.toBe(first!.id);
  });

  it('save inserts or updates, and lite mode writes without validation or defaults and returns null', () => {
    const saved = store.save('companies', { id: null, version: 0, label: null, fields: { name: 'Acme' } })!;
    expect(saved.version).toBe(1);
    expect(store.save('companies', { ...saved, fields: { ...saved.fields, employees: 5 } })!.version).toBe(2);
    expect(
      store.save(
        'contacts',
        { id: null, version: 0, label: null, fields: { firstName: 'Only' } },
        { mode: 'lite' },
      ),
    ).toBeNull();
    const lite = store.findOne('contacts', { firstName: 'Only' })!;
    expect(lite).toMatchObject({ version: 1, label: 'Only', fields: { lastName: null } });
    failure(
      () =>
        store.save(
          'contacts',
          { id: null, version: 0, label: null, fields: { firstName: 5 } },
          { mode: 'lite' },
        ),
      'validationErrors',
    );
    const noDefaults = store.insert('companies', { name: 'Bare' }, { defaultValues: false });
    expect(noDefaults.fields.type).toBeNull();
    const unchecked = store.insert('companies', { name: 'x'.repeat(50) }, { performValidations: false });
    expect(unchecked.fields.name).toHaveLength(50);
  });

  it('remove deletes the row and returns the record', () => {
    const c = store.insert('companies', { name: 'Acme' });
    expect(store.remove('companies', c.id!)).toMatchObject({ id: c.id, label: 'Acme' });
    expect(store.findById('companies', c.id!)).toBeNull();
  });

  it('validate returns every error without writing, and ignores the record itself for unique checks', () => {
    const c = store.insert('companies', { name: 'Acme' });
    expect(
      store.validate('companies', { name: 'Acme', employees: -1 }).map((e) => `${e.field}:${e.code}`),
    ).toEqual(['employees:min', 'name:unique']);
    expect(store.validate('companies', { name: 'Acme' }, c.id)).toEqual([]);
    expect(rawRows('rec_companies')).toHaveLength(1);
  });

  it('resolves relationships by id, label, {id} and {label}', () => {
    const c = store.insert('companies', { name: 'Acme' });
    const want = { id: c.id, label: 'Acme' };
    for (const v of [c.id, 'Acme', { id: c.id }, { label: 'Acme' }])
      expect(store.resolveRelationship('companies', v)).toEqual(want);
    expect(store.resolveRelationship('companies', 'Nobody')).toBeNull();
    failure(() => store.resolveRelationship('companies', 42), 'badRequest');
  });
});
