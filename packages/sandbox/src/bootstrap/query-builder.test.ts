import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.dispose());

/** The query map the builder sent (through sys.data.count). */
function mapOf(build: string): unknown {
  h.takeCalls();
  h.value(`const q = sys.data.createQuery('companies'); ${build}; sys.data.count(q);`);
  const call = h.takeCalls().find((c) => c.op === 'data.count')!;
  return call.args[1];
}

describe('sys.data.Query serialization', () => {
  it.each([
    [`q.field('name').equals('Acme')`, { name: 'equals(Acme)' }],
    [`q.field('name').notEquals('Acme')`, { name: 'notEquals(Acme)' }],
    [`q.field('name').like('/ac')`, { name: 'like(/ac)' }],
    [`q.field('employees').between(1, 10)`, { employees: 'between(1,10)' }],
    [`q.field('employees').greater(5)`, { employees: 'greater(5)' }],
    [`q.field('employees').greaterOrEquals(5)`, { employees: 'greaterOrEquals(5)' }],
    [`q.field('employees').less(5)`, { employees: 'less(5)' }],
    [`q.field('employees').lessOrEquals(5)`, { employees: 'lessOrEquals(5)' }],
    [`q.field('notes').empty()`, { notes: 'empty()' }],
    [`q.field('notes').notEmpty()`, { notes: 'notEmpty()' }],
    [`q.field('notes').equals(null)`, { notes: 'empty()' }],
    [`q.field('isCustomer').equals(true)`, { isCustomer: 'equals(true)' }],
    [`q.field('updatedAt').greater(new Date(86400000))`, { updatedAt: 'greater(86400000)' }],
    [`q.field('name').equals('Blogpad,Jazzy')`, { name: 'equals(Blogpad,Jazzy)' }],
    [`q.field('name').equals('"ACME, Inc"')`, { name: 'equals("ACME, Inc")' }],
    [`q.field('name').equals('say "hi"')`, { name: 'equals("say \\"hi\\"")' }],
    [`q.field('addresses.state').equals('NY')`, { 'addresses.state': 'equals(NY)' }],
    [`q.field('owner.email').like('x')`, { 'owner.email': 'like(x)' }],
  ])('%s', (build, cond) => {
    expect(mapOf(build)).toEqual({ _and: [cond] });
  });

  it('chains conditions (a field may repeat) and system parameters', () => {
    expect(
      mapOf(
        `q.field('name').like('a').field('name').notEquals('ab').size(10).offset(5).sortBy('name', 'desc').includeFields('name', 'type')`,
      ),
    ).toEqual({
      _and: [{ name: 'like(a)' }, { name: 'notEquals(ab)' }],
      _size: 10,
      _offset: 5,
      _sortField: 'name',
      _sortType: 'desc',
      _fields: 'name,type',
    });
    expect(mapOf(`q.offset('r0001').sortBy('id')`)).toEqual({
      _offset: 'r0001',
      _sortField: 'id',
      _sortType: 'asc',
    });
  });

  it('globalSearch sets _globalSearch and refuses anything but words', () => {
    expect(mapOf(`q.globalSearch('acme "rocket skates"').field('type').equals('a')`)).toEqual({
      _and: [{ type: 'equals(a)' }],
      _globalSearch: 'acme "rocket skates"',
    });
    expect(h.error(`sys.data.createQuery('companies').globalSearch(' ')`).message).toBe(
      'Query.globalSearch: text must be a non-empty string, got " "',
    );
    expect(h.error(`sys.data.createQuery('companies').globalSearch(7)`).code).toBe('badRequest');
  });

  it('a record value becomes its id', () => {
    const id = h.host.insert('companies', { name: 'P' }).id!;
    expect(mapOf(`q.field('parent').equals(sys.data.findById('companies', '${id}'))`)).toEqual({
      _and: [{ parent: `equals(${id})` }],
    });
  });

  it('query(fn) nests _and/_or arrays of maps, and toString() gives the complex syntax', () => {
    expect(
      mapOf(
        `q.field('isCustomer').equals(true).query((c) => c.or(c.field('type').equals('a'), c.and(c.field('type').equals('b'), c.field('name').like("it's"))))`,
      ),
    ).toEqual({
      _and: [
        { isCustomer: 'equals(true)' },
        { _or: [{ type: 'equals(a)' }, { _and: [{ type: 'equals(b)' }, { name: "like(it's)" }] }] },
      ],
    });
    expect(
      h.value(
        `let s; sys.data.createQuery('companies').query((c) => { const x = c.or(c.field('type').equals('a'), c.and(c.field('type').equals('b'), c.field('employees').greater(3))); s = x.toString(); return x; }); return s;`,
      ),
    ).toBe(`or(filter('type','equals(a)'),and(filter('type','equals(b)'),filter('employees','greater(3)')))`);
  });

  it('query(string) is sent as _query', () => {
    expect(mapOf(`q.query("or(filter('type','a'),filter('type','b'))")`)).toEqual({
      _query: "or(filter('type','a'),filter('type','b'))",
    });
  });

  it('builder errors are thrown while building', () => {
    const fail = (build: string) => h.error(`const q = sys.data.createQuery('companies'); ${build};`);
    expect(fail(`q.field('doesNotExist')`).message).toBe(
      `Query.field: 'doesNotExist' is not a field of companies (no 'doesNotExist')`,
    );
    expect(fail(`q.field('name.x')`).message).toBe(`Query.field: 'name' in 'name.x' has no child fields`);
    expect(fail(`q.size(-1)`).message).toBe('Query.size: size must be an integer >= 0, got number -1');
    expect(fail(`q.sortBy('name', 'up')`).message).toBe(
      `Query.sortBy: direction must be 'asc' or 'desc', got "up"`,
    );
    expect(fail(`q.includeFields('name', 'nope')`).code).toBe('badRequest');
    expect(fail(`q.query(42)`).message).toBe('Query.query: pass a function or a query string, got number 42');
    expect(fail(`q.query((c) => 'x')`).code).toBe('badRequest');
    expect(fail(`q.query((c) => c.or('x'))`).message).toBe('q.or: argument 1 must be a criterion, got "x"');
    expect(fail(`q.field('name').equals({})`).code).toBe('badRequest');
  });
});

describe('sys.data.AggregateQuery', () => {
  it('serializes every stage to the map pipeline', () => {
    h.value(`
      const q = sys.data.createAggregateQuery('companies');
      q.match().field('type').equals('a').field('employees').greater(2);
      q.group().by('type').by('isCustomer').accumulate('total').sum('employees').accumulate('n').count()
        .accumulate('avgRev').avg('revenue').accumulate('f').first('name').accumulate('l').last('name')
        .accumulate('lo').min('employees').accumulate('hi').max('employees');
      q.sort().by('total', 'desc').by('type');
      q.project().field('type').field('total');
      q.skip().step(1);
      q.limit().step(5);
      q.unwind().path('addresses').includeEmpty(true);
      q.lookup().localField('parent').foreignField('id').foreignEntity('companies').as('parentCompany');
      q.count().counterName('rows');
      sys.data.aggregate(q).hasNext();`);
    const call = h.takeCalls().find((c) => c.op === 'data.aggregate')!;
    expect(call.args).toEqual([
      'companies',
      [
        { match: { type: 'equals(a)', employees: 'greater(2)' } },
        {
          group: {
            by: 'type,isCustomer',
            total: 'sum(employees)',
            n: 'count()',
            avgRev: 'avg(revenue)',
            f: 'first(name)',
            l: 'last(name)',
            lo: 'min(employees)',
            hi: 'max(employees)',
          },
        },
        { sort: { total: 'desc', type: 'asc' } },
        { project: 'type,total' },
        { skip: 1 },
        { limit: 5 },
        { unwind: { fieldPath: 'addresses', includeEmpty: true } },
        {
          lookup: {
            localFieldPath: 'parent',
            foreignFieldPath: 'id',
            foreignEntityName: 'companies',
            as: 'parentCompany',
          },
        },
        { count: 'rows' },
      ],
      200,
    ]);
  });

  it('checks its arguments while building', () => {
    const fail = (build: string) =>
      h.error(`const q = sys.data.createAggregateQuery('companies'); ${build};`);
    expect(fail(`q.match().field('nope')`).code).toBe('badRequest');
    expect(fail(`q.limit().step(-2)`).message).toBe(
      'limit().step: step must be an integer >= 0, got number -2',
    );
    expect(fail(`q.sort().by('x', 'sideways')`).message).toBe(
      `sort().by: direction must be 'asc' or 'desc', got "sideways"`,
    );
    expect(fail(`q.group().by(3)`).message).toBe('group().by: path must be a non-empty string, got number 3');
  });
});
