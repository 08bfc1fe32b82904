import { describe, expect, it } from 'vitest';
import type { Store } from './store-types.js';
import { failure, storePerTest } from './test-kit.js';

let store: Store;
storePerTest((t) => {
  store = t.store;
});

describe('stored rows (findRowById, findRows)', () => {
  it('findRowById gives the stored JSON text: empty fields missing, write-only values absent', () => {
    const c = store.insert('contacts', { firstName: 'Ada', lastName: 'L', secret: 's3cret', tags: [] });
    const row = store.findRowById('contacts', c.id!);
    expect(row).toMatchObject({ id: c.id, version: 1, label: 'Ada L' });
    expect(JSON.parse(row!.data)).toEqual({ firstName: 'Ada', lastName: 'L' });
    expect(row!.data).not.toContain('s3cret');
    expect(store.findRowById('contacts', '0190a4b2-1c3d-7e4f-8a9b-0c1d2e3f4a5b')).toBeNull();
  });

  it('findRowById refuses unknown entities and malformed ids like findById', () => {
    expect(failure(() => store.findRowById('nope', 'x'), 'badRequest').message).toMatch(
      /^findRowById: unknown entity 'nope'/,
    );
    expect(failure(() => store.findRowById('contacts', 'x'), 'badRequest').message).toMatch(
      /^findRowById: id 'x' is not a valid record id/,
    );
  });

  it('findRows gives the rows of find, in the same order, filtered and capped alike', () => {
    store.transaction(() => {
      for (let i = 0; i < 250; i++) store.insert('companies', { name: `c${i}`, employees: i % 7 });
    });
    const query = { employees: 3, _sortField: 'name', _sortType: 'asc' as const, _size: 30 };
    const rows = [...store.findRows('companies', query)];
    const records = [...store.find('companies', query)];
    expect(rows.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect(rows).toHaveLength(30);
    expect(rows.map((r) => JSON.parse(r.data).employees)).toEqual(Array(30).fill(3));
    expect(store.findRows('companies', { employees: 3 }).count()).toBe(36);
  });

  it('findRows refuses _fields projections (find applies them) and bad queries', () => {
    expect(failure(() => store.findRows('companies', { _fields: 'name' }), 'badRequest').message).toMatch(
      /^findRows: _fields projections/,
    );
    failure(() => store.findRows('companies', { nope: 1 }), 'badRequest');
    failure(() => store.findRows('nope'), 'badRequest');
  });
});
