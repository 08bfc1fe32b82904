import { isWardenError } from '@warden/sys-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSelectPage, parseQuery, tableName } from './index.js';
import { app, openTestDb, type TestDb } from './test-fixture.js';

let t: TestDb;
const names = (query: Record<string, unknown>) => t.find('companies', query).sort();
const companies = app.entities.companies as NonNullable<(typeof app.entities)[string]>;

/** Asserts a badRequest whose message holds every fragment. */
function expectBad(query: unknown, ...fragments: string[]) {
  let error: unknown;
  try {
    parseQuery(companies, query as Record<string, unknown>, app);
  } catch (e) {
    error = e;
  }
  expect(isWardenError(error), `no error for ${JSON.stringify(query)}`).toBe(true);
  const e = error as { code: string; message: string };
  expect(e.code).toBe('badRequest');
  for (const f of fragments) expect(e.message).toContain(f);
}

beforeAll(() => {
  t = openTestDb();
  t.insert('companies', { name: 'a1', type: 'a', isCustomer: true });
  t.insert('companies', { name: 'a2', type: 'a', isCustomer: false });
  t.insert('companies', { name: 'b1', type: 'b', isCustomer: true });
  t.insert('companies', { name: 'b2', type: 'b', isCustomer: false });
  t.insert('companies', { name: 'ACME, Inc', type: 'c' });
  t.insert('companies', { name: 'say "hi"', type: 'c' });
});
afterAll(() => t.close());

describe('comma lists', () => {
  it('commas mean OR; double quotes keep commas and "" is a quote', () => {
    expect(names({ name: 'a1,b2' })).toEqual(['a1', 'b2']);
    expect(names({ name: '"ACME, Inc",a1' })).toEqual(['ACME, Inc', 'a1']);
    expect(names({ name: 'ACME, Inc' })).toEqual([]);
    expect(names({ name: 'equals("say ""hi""")' })).toEqual(['say "hi"']);
  });
  it('several keys are ANDed', () => {
    expect(names({ type: 'a,b', isCustomer: true })).toEqual(['a1', 'b1']);
  });
});

describe('_or and _and', () => {
  it('object form as in Slingr', () => {
    expect(names({ _or: { type: 'a', _and: { type: 'b', isCustomer: true } } })).toEqual(['a1', 'a2', 'b1']);
    expect(names({ _and: { type: 'b', isCustomer: false } })).toEqual(['b2']);
  });
  it('array form lets a field repeat', () => {
    expect(names({ _or: [{ name: 'a1' }, { name: 'b2' }, { type: 'c', name: 'like(acme)' }] })).toEqual([
      'ACME, Inc',
      'a1',
      'b2',
    ]);
    expect(names({ _and: [{ name: 'like(a)' }, { name: 'like(2)' }] })).toEqual(['a2']);
  });
  it('combines with top-level keys', () => {
    expect(names({ isCustomer: true, _or: [{ type: 'a' }, { type: 'c' }] })).toEqual(['a1']);
  });
});

describe('_query complex string syntax', () => {
  it('or/and/filter nest', () => {
    const q = "or(filter('type','a'),and(filter('type','b'),filter('isCustomer','true')))";
    expect(names({ _query: q })).toEqual(['a1', 'a2', 'b1']);
  });
  it('filter values are operator strings; quotes escape with a backslash', () => {
    expect(
      names({ _query: ' and( filter(\'name\', \'like(/a)\') , filter("isCustomer", "false") )' }),
    ).toEqual(['a2']);
    expect(names({ _query: "filter('name','\"ACME, Inc\"')" })).toEqual(['ACME, Inc']);
    expect(names({ _query: "filter('name','like(\\'x)')" })).toEqual([]);
  });
  it('reports malformed input with a position', () => {
    expectBad({ _query: "or(filter('type','a')" }, '_query', "expected ',' or ')' at position 21");
    expectBad({ _query: "xor(filter('type','a'))" }, "unknown function 'xor' at position 0");
    expectBad({ _query: "filter('type' 'a')" }, "expected ',' at position 14");
    expectBad({ _query: "filter('type','a" }, 'unterminated string starting at position 14');
    expectBad({ _query: "filter('type','a') and" }, 'expected end of input at position 19');
    expectBad({ _query: 'or()' }, "expected 'and', 'or' or 'filter' at position 3");
    expectBad({ _query: "filter('_or','a')" }, 'filter field must be a field path');
    expectBad({ _query: "filter('nope','a')" }, "unknown field 'nope'");
    expectBad({ _query: 'filter(#)' }, "unexpected character '#' at position 7");
    expectBad({ _query: 5 }, '_query', 'expected a string');
  });
});

describe('safety', () => {
  it('user text only ever travels as a bound parameter', () => {
    const evil = "x'); DROP TABLE rec_companies; --";
    const q = parseQuery(companies, { name: `like(${evil})`, _or: [{ notes: evil }] }, app);
    const { text, params } = compileSelectPage(tableName('companies'), q, null, 10);
    expect(text).not.toContain('DROP');
    expect(params).toContain(evil);
    expect(names({ name: evil })).toEqual([]);
    expectBad({ "name') OR 1=1 --": 1 }, 'unknown field');
  });
  it('Slingr search params Warden lacks are refused by name', () => {
    expectBad({ _indexedFilter: 'byName' }, "key '_indexedFilter'", 'not supported');
  });
});

describe('bad input', () => {
  it('unknown fields and params', () => {
    expectBad({ nope: 1 }, "key 'nope'", "unknown field 'nope'");
    expectBad({ 'hq.nope': 1 }, "key 'hq.nope'", "unknown field 'nope'");
    expectBad({ 'name.x': 1 }, "key 'name.x'", 'has no child fields');
    expectBad({ 'owner.nope': 'x' }, "key 'owner.nope'", "unknown field 'nope'");
    expectBad({ _nope: 1 }, "key '_nope'", 'unknown system parameter');
    expectBad({ secret: 'x' }, "key 'secret'", 'write-only');
    expectBad({ _fields: 'secret' }, "key '_fields'");
    expectBad({ _sortField: 'secret' }, "key '_sortField'", 'write-only');
    expectBad({ _or: { _size: 1 } }, "key '_size'", 'misplaced');
    expectBad({ addresses: { id: 'x', nope: 1 } }, "key 'addresses.nope'");
  });
  it('prototype keys', () => {
    expectBad(JSON.parse('{"__proto__": {"x": 1}}'), "key '__proto__'", 'not allowed');
    expectBad({ constructor: 1 }, "key 'constructor'");
    expectBad({ 'hq.prototype': 1 }, "'prototype' is not allowed");
    expectBad({ _or: JSON.parse('{"__proto__": 1}') }, '__proto__');
  });
  it('malformed operators', () => {
    expectBad({ name: 'like(abc' }, "key 'name'", "missing ')'");
    expectBad({ employees: 'between(1)' }, 'between() takes 2 values, got 1');
    expectBad({ employees: 'greater(1,2)' }, 'greater() takes 1 value, got 2');
    expectBad({ name: 'empty(x)' }, 'empty() takes no arguments');
    expectBad({ name: 'near(1,2,3,4)' }, "operator 'near' is not supported");
    expectBad({ name: '"abc' }, 'unterminated quote');
    expectBad({ name: '"a"b' }, "expected ',' after a quoted value");
    expectBad({ name: 'like(/[a/)' }, 'invalid regular expression');
  });
  it('operators a type does not support', () => {
    expectBad({ isCustomer: 'like(x)' }, "key 'isCustomer'", "'like' is not supported on boolean");
    expectBad({ employees: 'like(1)' }, "'like' is not supported on integer");
    expectBad({ owner: 'greater(x)' }, "'greater' is not supported on relationship");
    expectBad({ addresses: 'equals(x)' }, "'equals' is not supported on nested");
    expectBad({ settings: 'x' }, "'equals' is not supported on json");
  });
  it('values of the wrong type', () => {
    expectBad({ employees: 'abc' }, "key 'employees'", 'expected an integer, got "abc"');
    expectBad({ employees: 1.5 }, 'expected an integer');
    expectBad({ revenue: 'x1' }, 'expected a number');
    expectBad({ isCustomer: 'yes' }, 'expected true or false, got "yes"');
    expectBad({ founded: '2020-13-01' }, "key 'founded'", 'expected a date');
    expectBad({ lastContact: 'tomorrow' }, 'expected a date-time');
    expectBad({ type: 'z' }, '"z" is not one of the options a, b, c');
    expectBad({ name: { a: 1 } }, "key 'name'", 'expected a value or an operator string');
    expectBad({ name: [] }, 'must not be empty');
    expectBad({ name: [{ a: 1 }] }, 'array items must be plain values');
    expectBad({ owner: 5 }, 'expected a record id');
    expectBad({ _or: 'x' }, "key '_or'", 'expected an object or an array');
    expectBad({ _or: [] }, "key '_or'", 'must not be empty');
    expectBad({ _and: [1] }, "key '_and[0]'", 'expected an object');
    expectBad([1], 'expected an object');
  });
});
