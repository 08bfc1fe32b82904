import { describe, expect, it } from 'vitest';
import type { Store } from './store-types.js';
import { storedRowJson } from './stored-row-json.js';
import { failure, rawRows, storePerTest } from './test-kit.js';

let store: Store;
storePerTest((t) => {
  store = t.store;
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

  it('merges a single nested object key by key and replaces multi-valued ones', () => {
    const u = store.insert('sys.users', {
      firstName: 'A',
      lastName: 'B',
      email: 'a@b.io',
      authentication: { passwordExpired: true },
    });
    const next = store.update('sys.users', {
      ...u,
      fields: { authentication: { password: 'x' }, timezone: 'UTC' },
    });
    expect(next.fields.authentication).toMatchObject({ passwordExpired: true, password: null });
    expect(next.fields).toMatchObject({ firstName: 'A', timezone: 'UTC' });
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

  it('saveRow answers exactly the row stored, on insert and on update', () => {
    const blank = { id: null, version: 0, label: null };
    const inserted = store.saveRow('contacts', {
      ...blank,
      fields: { firstName: 'A', lastName: 'B', addresses: [{ zipCode: '11111' }] },
    })!;
    const stored = () => JSON.parse(store.findRowJsonById('contacts', inserted.id)!);
    expect(JSON.parse(storedRowJson(inserted))).toEqual(stored());
    // The nested item id is assigned by the write and is part of the answer.
    expect(JSON.parse(inserted.data).addresses[0].id).toEqual(expect.any(String));
    const updated = store.saveRow('contacts', {
      ...store.findById('contacts', inserted.id)!,
      fields: { lastName: 'C' },
    })!;
    expect(JSON.parse(storedRowJson(updated))).toEqual(stored());
    expect(updated).toMatchObject({ version: 2, label: 'A C' });
    expect(store.saveRow('contacts', { ...blank, fields: { firstName: 'L' } }, { mode: 'lite' })).toBeNull();
    // save is the same write in the read form.
    const saved = store.save('contacts', { ...blank, fields: { firstName: 'D', lastName: 'E' } })!;
    expect(saved).toEqual(store.findById('contacts', saved.id!));
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
    expect(rawRows(store, 'rec_companies')).toHaveLength(1);
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
