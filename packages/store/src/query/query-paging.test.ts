import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileCount,
  compileDelete,
  compileSelectPage,
  type ParsedQuery,
  parseQuery,
  tableName,
} from './index.js';
import { app, idOf, openTestDb, type TestDb } from './test-fixture.js';

let t: TestDb;
const companies = app.entities.companies as NonNullable<(typeof app.entities)[string]>;
const TABLE = tableName('companies');
type Row = { id: string; version: number; label: string; data: string };

/** Reads every row of a query page by page through the keyset, like the store's cursor does. */
function pageThrough(q: ParsedQuery, pageSize: number): Row[] {
  const all: Row[] = [];
  let after: Row | null = null;
  for (;;) {
    const { text, params } = compileSelectPage(TABLE, q, after, pageSize);
    const page = t.db.prepare(text).all(...params) as Row[];
    all.push(...page);
    if (page.length < pageSize) return all;
    after = page[page.length - 1] as Row;
  }
}

const employeesOf = (r: Row) => (JSON.parse(r.data).employees ?? null) as number | null;

beforeAll(() => {
  t = openTestDb();
  t.db.transaction(() => {
    for (let i = 1; i <= 1000; i++) {
      t.insert('companies', {
        name: `c${String(i).padStart(4, '0')}`,
        employees: i % 10 === 0 ? null : i % 13,
        isCustomer: i % 3 === 0,
        ...(i % 7 === 0 ? {} : { owner: { id: idOf(i % 5), label: `owner ${i % 5}` } }),
      });
    }
  })();
});
afterAll(() => t.close());

describe('keyset paging', () => {
  it('pages through 1,000 rows in pages of 7 with a custom sort, ties and NULLs: every row once, in order', () => {
    for (const direction of ['asc', 'desc'] as const) {
      const q = parseQuery(companies, { _sortField: 'employees', _sortType: direction }, app);
      const rows = pageThrough(q, 7);
      expect(new Set(rows.map((r) => r.id)).size).toBe(1000);
      const expected = rows
        .slice()
        .sort((a, b) => {
          const [x, y] = [employeesOf(a), employeesOf(b)];
          const byValue = x === y ? 0 : x === null ? -1 : y === null ? 1 : x - y;
          return (byValue || (a.id < b.id ? -1 : 1)) * (direction === 'asc' ? 1 : -1);
        })
        .map((r) => r.id);
      expect(rows.map((r) => r.id)).toEqual(expected);
    }
  });
  it('agrees with one unpaged query for booleans, relationship labels and the default id sort', () => {
    for (const query of [
      { _sortField: 'isCustomer', _sortType: 'asc' },
      { _sortField: 'owner', _sortType: 'desc' },
      { _sortField: 'owner', _sortType: 'asc', isCustomer: true },
      {},
    ]) {
      const q = parseQuery(companies, query, app);
      const { text, params } = compileSelectPage(TABLE, q, null, 5000);
      const whole = (t.db.prepare(text).all(...params) as Row[]).map((r) => r.id);
      expect(pageThrough(q, 7).map((r) => r.id)).toEqual(whole);
      expect(whole.length).toBe(query.isCustomer ? 333 : 1000);
    }
  });
  it('default order is id descending, newest first', () => {
    expect(t.find('companies', { _size: 3 })).toEqual(['c1000', 'c0999', 'c0998']);
  });
});

describe('system parameters', () => {
  it('_size caps and _offset skips on the first page', () => {
    expect(t.find('companies', { _size: '2', _offset: 3 })).toEqual(['c0997', 'c0996']);
    const q = parseQuery(companies, { _offset: 995 }, app);
    expect(q.size).toBeNull();
    expect(pageThrough(q, 2).map((r) => JSON.parse(r.data).name)).toEqual([
      'c0005',
      'c0004',
      'c0003',
      'c0002',
      'c0001',
    ]);
  });
  it('_offset as an id starts after that record, in either id direction', () => {
    expect(t.find('companies', { _offset: idOf(500), _size: 2 })).toEqual(['c0499', 'c0498']);
    expect(t.find('companies', { _offset: idOf(500), _size: 2, _sortType: 'ASC' })).toEqual([
      'c0501',
      'c0502',
    ]);
    expect(() => parseQuery(companies, { _offset: idOf(1), _sortField: 'name' }, app)).toThrow(
      /requires sorting by id/,
    );
  });
  it('_sortField with _sortType sorts on one field, relationships by label', () => {
    expect(t.find('companies', { _sortField: 'name', _sortType: 'asc', _size: 2 })).toEqual([
      'c0001',
      'c0002',
    ]);
    expect(t.find('companies', { _sortField: 'name', _size: 1 })).toEqual(['c1000']);
    expect(t.find('companies', { _sortField: 'owner', _sortType: 'desc', _size: 1 })).toEqual(['c0999']);
  });
  it('rejects bad values', () => {
    const bad = (query: Record<string, unknown>, message: RegExp) =>
      expect(() => parseQuery(companies, query, app)).toThrow(message);
    bad({ _size: -1 }, /key '_size': expected a non-negative integer, got -1/);
    bad({ _size: 'x' }, /key '_size'/);
    bad({ _offset: 'abc' }, /key '_offset'/);
    bad({ _sortType: 'up' }, /key '_sortType': expected 'asc' or 'desc'/);
    bad({ _sortField: 'tags' }, /key '_sortField': cannot sort by the multi-valued field 'tags'/);
    bad({ _sortField: 'addresses.state' }, /multi-valued/);
    bad({ _sortField: 'hq' }, /cannot sort by the nested field/);
    bad({ _sortField: 'nope' }, /unknown field 'nope'/);
    bad({ _fields: 'name,nope' }, /key '_fields': unknown field 'nope'/);
    bad({ _fields: 5 }, /key '_fields'/);
  });
  it('_fields as a comma string or an array; system fields are implicit', () => {
    expect(parseQuery(companies, { _fields: 'name, addresses.state,id' }, app).fields).toEqual([
      'name',
      'addresses.state',
    ]);
    expect(parseQuery(companies, { _fields: ['hq'] }, app).fields).toEqual(['hq']);
    expect(
      parseQuery(companies, { _relationshipsToFetch: 'owner', _format: 'native' }, app).where,
    ).toBeNull();
  });
});

describe('count, delete and indexes', () => {
  it('count ignores size, offset and sort', () => {
    const q = parseQuery(companies, { isCustomer: true, _size: 5, _offset: 7, _sortField: 'name' }, app);
    const { text, params } = compileCount(TABLE, q);
    expect(t.db.prepare(text).get(...params)).toEqual({ count: 333 });
  });
  it('an equality filter on an expression-indexed field uses the index', () => {
    t.db.exec(`CREATE UNIQUE INDEX idx_companies_name ON ${TABLE}(json_extract(data, '$.name'))`);
    t.db.exec(`CREATE INDEX idx_companies_email ON ${TABLE}(lower(json_extract(data, '$.email')))`);
    const plan = (query: Record<string, unknown>) => {
      const { text, params } = compileSelectPage(TABLE, parseQuery(companies, query, app), null, 10);
      return (t.db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    };
    expect(plan({ name: 'c0001' })).toMatch(/USING INDEX idx_companies_name/);
    expect(plan({ name: 'c0001,c0002' })).toMatch(/USING INDEX idx_companies_name/);
    expect(plan({ email: 'A@B.com' })).toMatch(/USING INDEX idx_companies_email/);
    expect(plan({ notes: 'x' })).not.toMatch(/USING INDEX idx_companies/);
    expect(t.find('companies', { name: 'c0042' })).toEqual(['c0042']);
  });
  it('delete removes exactly the matching rows, ignoring size and offset', () => {
    const q = parseQuery(companies, { employees: 'empty()', _size: 1, _offset: 5 }, app);
    const { text, params } = compileDelete(TABLE, q);
    expect(t.db.prepare(text).run(...params).changes).toBe(100);
    const left = compileCount(TABLE, parseQuery(companies, null, app));
    expect(t.db.prepare(left.text).get(...left.params)).toEqual({ count: 900 });
  });
});
