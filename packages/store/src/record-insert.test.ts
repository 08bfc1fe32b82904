import { describe, expect, it } from 'vitest';
import type { Store } from './store-types.js';
import { codes, failure, rawRows, storePerTest } from './test-kit.js';

let store: Store;
storePerTest((t) => {
  store = t.store;
});

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
    expect(rawRows(store, 'rec_companies')).toHaveLength(0);
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

  it('takes null write options as none and refuses malformed ones with badRequest, writing nothing', () => {
    expect(
      store.save(
        'companies',
        { id: null, version: 0, label: null, fields: { name: 'Null opts' } },
        null as never,
      ),
    ).not.toBeNull();
    expect(store.insert('companies', { name: 'Null opts 2' }, null as never).id).toBeTruthy();
    const bad = [5, 'lite', [], { mode: 'fast' }, { triggerEvents: 'no' }, { performValidations: 1 }];
    for (const opts of bad) {
      for (const write of [
        () =>
          store.save(
            'companies',
            { id: null, version: 0, label: null, fields: { name: 'Bad' } },
            opts as never,
          ),
        () => store.insert('companies', { name: 'Bad' }, opts as never),
      ]) {
        expect(write).toThrow(
          expect.objectContaining({ code: 'badRequest', message: expect.stringMatching(/options/) }),
        );
      }
    }
    expect(store.count('companies', { name: 'Bad' })).toBe(0);
  });
});
