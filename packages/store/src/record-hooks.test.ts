import { badRequest } from '@warden/sys-api';
import { describe, expect, it } from 'vitest';
import type { SaveEvent } from './record-hooks.js';
import type { Store } from './store-types.js';
import { storePerTest } from './test-kit.js';

let store: Store;
storePerTest((t) => {
  store = t.store;
});

const countRows = (table: string) =>
  store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('interceptors', () => {
  it('see write-only values before save, may change fields, and see the stored record after', () => {
    const seen: SaveEvent[] = [];
    store.intercept('contacts', {
      beforeSave(e) {
        seen.push(structuredClone(e));
        e.record.fields.lastName = String(e.record.fields.lastName).toUpperCase();
      },
      afterSave(e) {
        seen.push(structuredClone(e));
      },
    });
    const p = store.insert('contacts', { firstName: 'Ada', lastName: 'King', secret: 'pw' });
    expect(seen[0]).toMatchObject({
      entity: 'contacts',
      isNew: true,
      previous: null,
      record: { id: p.id, fields: { secret: 'pw' } },
    });
    expect(seen[1]!.record).toEqual(p);
    expect(p.fields.lastName).toBe('KING');
    expect(p.label).toBe('Ada KING');
    expect(p.fields.secret).toBeNull();
    store.update('contacts', { ...p, fields: { firstName: 'Augusta' } }, { triggerEvents: false });
    expect(seen[2]).toMatchObject({
      isNew: false,
      previous: { fields: { firstName: 'Ada' } },
      options: { triggerEvents: false },
    });
  });

  it('a throwing interceptor vetoes the write and rolls back what it did', () => {
    store.intercept('contacts', {
      beforeSave(e) {
        const { firstName, lastName } = e.record.fields;
        store.insert('companies', { name: `Side effect of ${firstName} ${lastName}` });
      },
      afterSave(e) {
        if (e.record.fields.firstName === 'Veto') throw badRequest('vetoed');
      },
    });
    expect(() => store.insert('contacts', { firstName: 'Veto', lastName: 'X' })).toThrow('vetoed');
    expect(countRows('rec_contacts')).toBe(0);
    expect(countRows('rec_companies')).toBe(0);
    store.insert('contacts', { firstName: 'Fine', lastName: 'X' });
    expect(countRows('rec_companies')).toBe(1);
    // Inside a run's transaction too: an intercepted write keeps its savepoint.
    store.begin();
    store.insert('companies', { name: 'Kept' });
    expect(() => store.insert('contacts', { firstName: 'Veto', lastName: 'Y' })).toThrow('vetoed');
    store.commit();
    expect(countRows('rec_contacts')).toBe(1);
    expect(countRows('rec_companies')).toBe(2);
  });

  it('re-validates what a beforeSave interceptor wrote', () => {
    store.intercept('companies', {
      beforeSave(e) {
        e.record.fields.employees = 'many';
      },
    });
    expect(() => store.insert('companies', { name: 'Acme' })).toThrow(
      expect.objectContaining({ code: 'validationErrors' }),
    );
    expect(countRows('rec_companies')).toBe(0);
  });

  it('run on remove and on deleteMany, and unsubscribe', () => {
    const removed: string[] = [];
    const off = store.intercept('companies', {
      beforeRemove(e) {
        if (e.record.label === 'Keep') throw badRequest('kept');
      },
      afterRemove(e) {
        removed.push(e.record.label!);
      },
    });
    const a = store.insert('companies', { name: 'A' });
    store.insert('companies', { name: 'Keep' });
    store.remove('companies', a.id!);
    expect(removed).toEqual(['A']);
    expect(() => store.deleteMany('companies', {})).toThrow('kept');
    expect(countRows('rec_companies')).toBe(1);
    off();
    expect(store.deleteMany('companies', {})).toBe(1);
    expect(removed).toEqual(['A']);
  });

  it('skip a lite save unless enforced; enforced ones see its options and may veto it', () => {
    const seen: string[] = [];
    store.intercept('companies', {
      beforeSave: () => void seen.push('plain before'),
      afterSave: () => void seen.push('plain after'),
    });
    store.intercept('companies', {
      enforced: true,
      beforeSave(e) {
        seen.push(`enforced before ${e.options.mode}`);
        if (e.record.fields.name === 'Veto') throw badRequest('vetoed');
      },
      afterSave: (e) => void seen.push(`enforced after ${e.options.mode}`),
    });
    expect(
      store.save('companies', { id: null, version: 0, label: null, fields: { name: 'L' } }, { mode: 'lite' }),
    ).toBeNull();
    expect(seen).toEqual(['enforced before lite', 'enforced after lite']);
    expect(() =>
      store.save(
        'companies',
        { id: null, version: 0, label: null, fields: { name: 'Veto' } },
        { mode: 'lite' },
      ),
    ).toThrow('vetoed');
    expect(countRows('rec_companies')).toBe(1);
  });

  it('see the options of remove and deleteMany', () => {
    const seen: unknown[] = [];
    store.intercept('companies', {
      beforeRemove: (e) => void seen.push(e.options),
      afterRemove: (e) => void seen.push(e.options),
    });
    const a = store.insert('companies', { name: 'A' });
    store.insert('companies', { name: 'B' });
    store.remove('companies', a.id!, { triggerEvents: false });
    expect(store.deleteMany('companies', {}, { triggerEvents: false })).toBe(1);
    expect(seen).toEqual(Array(4).fill({ triggerEvents: false }));
    expect(() => store.deleteMany('companies', {}, { triggerEvents: 'no' } as never)).toThrow(
      'deleteMany: options.triggerEvents must be a boolean, got string',
    );
  });

  it('are refused for unknown entities', () => {
    expect(() => store.intercept('nope', {})).toThrow(expect.objectContaining({ code: 'badRequest' }));
  });

  it('give each save one key, the same before and after it, and another to a save nested in it', () => {
    const keys: [string, string, object][] = [];
    store.intercept('contacts', {
      beforeSave(e) {
        keys.push(['before', String(e.record.fields.firstName), e.saveKey]);
        if (e.record.fields.firstName === 'Outer')
          store.insert('contacts', { firstName: 'Inner', lastName: 'X' });
      },
      afterSave(e) {
        keys.push(['after', String(e.record.fields.firstName), e.saveKey]);
      },
    });
    store.insert('contacts', { firstName: 'Outer', lastName: 'X' });
    expect(keys.map(([when, name]) => `${when} ${name}`)).toEqual([
      'before Outer',
      'before Inner',
      'after Inner',
      'after Outer',
    ]);
    const [outerBefore, innerBefore, innerAfter, outerAfter] = keys.map(([, , key]) => key);
    expect(outerAfter).toBe(outerBefore);
    expect(innerAfter).toBe(innerBefore);
    expect(innerBefore).not.toBe(outerBefore);
  });
});
