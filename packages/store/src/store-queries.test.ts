import type { RecordData } from '@warden/sys-api';
import { describe, expect, it } from 'vitest';
import type { Store } from './store-types.js';
import { storePerTest } from './test-kit.js';

let store: Store;
storePerTest((t) => {
  store = t.store;
});

function seed(n: number): RecordData[] {
  return store.transaction(() =>
    Array.from({ length: n }, (_, i) =>
      store.insert('companies', { name: `c${String(i).padStart(4, '0')}`, employees: i }),
    ),
  );
}

describe('queries', () => {
  it('find pages through more than a page while the caller saves records', () => {
    seed(450);
    const cursor = store.find('companies', { _sortField: 'employees', _sortType: 'asc' });
    const seen: number[] = [];
    for (const r of cursor) {
      seen.push(r.fields.employees as number);
      // Writing while iterating: no SQLite iterator may be open here.
      store.update('companies', { ...r, fields: { rating: 1 } });
    }
    expect(seen).toEqual(Array.from({ length: 450 }, (_, i) => i));
    expect(store.count('companies', { rating: 1 })).toBe(450);
  });

  it('defaults to newest first, applies _size, _offset and _fields, and counts ignoring _size', () => {
    const all = seed(5);
    expect(
      store
        .find('companies')
        .take(10)
        .map((r) => r.id),
    ).toEqual(all.map((r) => r.id).reverse());
    const cursor = store.find('companies', {
      _size: 2,
      _offset: 1,
      _sortField: 'employees',
      _sortType: 'asc',
      _fields: 'name',
    });
    expect(cursor.count()).toBe(5);
    const page = cursor.take(10);
    expect(page.map((r) => r.fields)).toEqual([{ name: 'c0001' }, { name: 'c0002' }]);
    expect(cursor.next().done).toBe(true);
    const closing = store.find('companies');
    expect(closing.take(1)).toHaveLength(1);
    closing.close();
    expect(closing.take(5)).toEqual([]);
    expect(() => closing.take(-1)).toThrow(expect.objectContaining({ code: 'badRequest' }));
  });

  it('findOne takes a query map, an id, or on sys.users an email', () => {
    const [a] = seed(2);
    expect(store.findOne('companies', { name: 'c0000' })!.id).toBe(a!.id);
    expect(store.findOne('companies', a!.id!)!.id).toBe(a!.id);
    expect(store.findOne('companies', 'c0000')).toBeNull();
    expect(store.findOne('companies', { name: 'none' })).toBeNull();
    const u = store.insert('sys.users', { firstName: 'A', lastName: 'B', email: 'Ada@Example.com' });
    expect(store.findOne('sys.users', 'ada@EXAMPLE.com')!.id).toBe(u.id);
    expect(store.findOne('sys.users', u.id!)!.fields.email).toBe('Ada@Example.com');
  });

  it('deleteMany removes the matches and returns how many', () => {
    seed(5);
    expect(store.deleteMany('companies', { employees: 'greater(2)' })).toBe(2);
    expect(store.count('companies')).toBe(3);
    expect(store.deleteMany('companies', { _size: 1 })).toBe(3);
  });

  it('aggregate pages its documents and counts them', () => {
    seed(3);
    const cursor = store.aggregate('companies', [
      { match: { employees: 'greater(0)' } },
      { sort: { employees: 'asc' } },
    ]);
    expect(cursor.count()).toBe(2);
    expect(cursor.take(5).map((d) => d.employees)).toEqual([1, 2]);
  });

  it('refuses bad queries with badRequest', () => {
    expect(() => store.find('companies', 'c0000' as never)).toThrow(
      expect.objectContaining({ code: 'badRequest' }),
    );
    expect(() => store.find('nope')).toThrow(expect.objectContaining({ code: 'badRequest' }));
    expect(() => store.find('companies', { nope: 1 })).toThrow(
      expect.objectContaining({ code: 'badRequest' }),
    );
    expect(() => store.aggregate('companies', {} as never)).toThrow(/pipeline must be an array/);
  });
});
