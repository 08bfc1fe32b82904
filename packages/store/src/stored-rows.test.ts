import { describe, expect, it } from 'vitest';
import type { Store } from './store-types.js';
import { storedRowJson } from './stored-row-json.js';
import { failure, storePerTest } from './test-kit.js';

let store: Store;
storePerTest((t) => {
  store = t.store;
});

describe('stored rows as JSON (findRowJsonById, findRowsJson)', () => {
  it('findRowJsonById gives the stored row: empty fields missing, write-only values absent', () => {
    const c = store.insert('contacts', { firstName: 'Ada', lastName: 'L', secret: 's3cret', tags: [] });
    const json = store.findRowJsonById('contacts', c.id!)!;
    expect(JSON.parse(json)).toEqual({
      id: c.id,
      version: 1,
      label: 'Ada L',
      data: { firstName: 'Ada', lastName: 'L' },
    });
    expect(json).not.toContain('s3cret');
    expect(store.findRowJsonById('contacts', '0190a4b2-1c3d-7e4f-8a9b-0c1d2e3f4a5b')).toBeNull();
  });

  it('findRowJsonById refuses unknown entities and malformed ids like findById', () => {
    expect(failure(() => store.findRowJsonById('nope', 'x'), 'badRequest').message).toMatch(
      /^findRowJsonById: unknown entity 'nope'/,
    );
    expect(failure(() => store.findRowJsonById('contacts', 'x'), 'badRequest').message).toMatch(
      /^findRowJsonById: id 'x' is not a valid record id/,
    );
  });

  it('findRowsJson gives the rows of find as JSON, in the same order, filtered and capped alike', () => {
    store.transaction(() => {
      for (let i = 0; i < 250; i++) store.insert('companies', { name: `c${i}`, employees: i % 7 });
    });
    const query = { employees: 3, _sortField: 'name', _sortType: 'asc' as const, _size: 30 };
    const rows = [...store.findRowsJson('companies', query)].map((json) => JSON.parse(json));
    const records = [...store.find('companies', query)];
    expect(rows.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect(rows).toHaveLength(30);
    expect(rows.map((r) => r.data.employees)).toEqual(Array(30).fill(3));
    expect(store.findRowsJson('companies', { employees: 3 }).count()).toBe(36);
  });

  it('findRowsJson pages through the keyset past a page, sorted with nulls, like find', () => {
    store.transaction(() => {
      for (let i = 0; i < 450; i++)
        store.insert('companies', { name: `c${i}`, employees: i % 9 === 0 ? null : i % 11 });
    });
    for (const sort of ['asc', 'desc'] as const) {
      const query = { _sortField: 'employees', _sortType: sort };
      const ids = [...store.findRowsJson('companies', query)].map((json) => JSON.parse(json).id);
      expect(ids).toHaveLength(450);
      expect(ids).toEqual([...store.find('companies', query)].map((r) => r.id));
    }
  });

  it('the JSON SQLite builds parses to what storedRowJson builds from the same rows', () => {
    const names = ['Ada "the" L', 'back\\slash', 'tab\tnew\nline\u0001', 'ünï 😀 \u2028'];
    const blank = { id: null, version: 0, label: null };
    const saved = names.map(
      (firstName) =>
        store.saveRow('contacts', { ...blank, fields: { firstName, lastName: 'L', tags: ['x'] } })!,
    );
    const texts = [...store.findRowsJson('contacts', { _sortField: 'id', _sortType: 'asc' })];
    expect(texts.map((t) => JSON.parse(t))).toEqual(
      [...saved].sort((x, y) => (x.id < y.id ? -1 : 1)).map((row) => JSON.parse(storedRowJson(row))),
    );
    for (const row of saved) {
      expect(JSON.parse(store.findRowJsonById('contacts', row.id)!)).toEqual(JSON.parse(storedRowJson(row)));
    }
    expect(Object.keys(JSON.parse(texts[0]!))).toEqual(['id', 'version', 'label', 'data']);
  });

  it('findRowsJson refuses _fields projections (find applies them) and bad queries', () => {
    expect(failure(() => store.findRowsJson('companies', { _fields: 'name' }), 'badRequest').message).toMatch(
      /^findRowsJson: _fields projections/,
    );
    failure(() => store.findRowsJson('companies', { nope: 1 }), 'badRequest');
    failure(() => store.findRowsJson('nope'), 'badRequest');
  });
});
