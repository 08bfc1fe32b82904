import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from './test-fixture.js';

let t: TestDb;
const c1 = '01900000-0000-7000-8000-0000000000c1';
const c2 = '01900000-0000-7000-8000-0000000000c2';
const names = (query: Record<string, unknown>) => t.find('companies', query).sort();

beforeAll(() => {
  t = openTestDb();
  t.insert('companies', {
    name: 'Acme',
    email: 'Info@Acme.com',
    type: 'a',
    isCustomer: true,
    employees: 10,
    revenue: 1.5,
    founded: '2001-05-10',
    lastContact: Date.UTC(2024, 0, 15, 10, 30),
    owner: { id: c1, label: 'Ann' },
    partners: [{ id: c2, label: 'Bob' }],
    tags: ['red', 'blue'],
    team: 'sales',
    notes: 'Big 100% client_x',
    settings: { a: 1 },
    hq: { city: 'Austin', size: 3 },
    addresses: [
      { id: 'x1', state: 'CA', zipCode: '1', phones: ['555-1'] },
      { id: 'x2', state: 'NY', zipCode: '2' },
    ],
  });
  t.insert('companies', {
    name: 'Blogpad',
    email: 'hello@blogpad.io',
    type: 'b',
    isCustomer: false,
    employees: 250,
    revenue: 99.9,
    founded: '2010-01-01',
    lastContact: Date.UTC(2024, 5, 1),
    owner: { id: c2, label: 'Bob' },
    tags: ['green'],
    team: 'support',
    notes: 'small',
    hq: { city: 'Boston' },
    addresses: [
      { id: 'y1', state: 'NY', zipCode: '1' },
      { id: 'y2', state: 'CA', zipCode: '2' },
    ],
  });
  t.insert('companies', {
    name: 'ACME, Inc',
    type: 'c',
    isCustomer: true,
    employees: 50,
    founded: '1999-12-31',
    owner: null,
    tags: [],
    addresses: [],
    notes: 'Ünïcode Straße',
  });
  t.insert('companies', {
    name: 'Jazzy',
    type: 'a',
    isCustomer: false,
    revenue: 0,
    tags: ['red'],
    owner: { id: c1, label: 'Ann' },
    addresses: [{ id: 'z1', state: 'TX', zipCode: '3' }],
  });
  t.insert('companies', { name: 'Other', notes: 'tax' });
});
afterAll(() => t.close());

describe('text operators', () => {
  it('equals by literal and by equals(), case-sensitive', () => {
    expect(names({ name: 'Acme' })).toEqual(['Acme']);
    expect(names({ name: 'equals(Blogpad)' })).toEqual(['Blogpad']);
    expect(names({ name: 'acme' })).toEqual([]);
  });
  it('notEquals includes records without the value', () => {
    expect(names({ type: 'notEquals(a)' })).toEqual(['ACME, Inc', 'Blogpad', 'Other']);
    expect(names({ type: 'notEquals(a,b)' })).toEqual(['ACME, Inc', 'Other']);
  });
  it('like: contains, starts-with, ends-with, regexp, case-insensitive', () => {
    expect(names({ name: 'like(cm)' })).toEqual(['ACME, Inc', 'Acme']);
    expect(names({ name: 'like(/ac)' })).toEqual(['ACME, Inc', 'Acme']);
    expect(names({ name: 'like(/cm)' })).toEqual([]);
    expect(names({ name: 'like(ZY/)' })).toEqual(['Jazzy']);
    expect(names({ name: 'like(/^(acme|jazzy)$/)' })).toEqual(['Acme', 'Jazzy']);
    expect(names({ name: 'like(/^b.{2,3}pad$/)' })).toEqual(['Blogpad']);
  });
  it('like escapes % and _ and folds non-ASCII case', () => {
    expect(names({ notes: 'like(100%)' })).toEqual(['Acme']);
    expect(names({ notes: 'like(t_x)' })).toEqual(['Acme']);
    expect(names({ notes: 'like(ÜNÏ)' })).toEqual(['ACME, Inc']);
  });
  it('ranges compare text', () => {
    expect(names({ name: 'greater(B)' })).toEqual(['Blogpad', 'Jazzy', 'Other']);
    expect(names({ name: 'between(Acme,Jazzy)' })).toEqual(['Acme', 'Blogpad', 'Jazzy']);
  });
  it('email compares case-insensitively', () => {
    expect(names({ email: 'INFO@acme.com' })).toEqual(['Acme']);
    expect(names({ email: 'like(ACME.com/)' })).toEqual(['Acme']);
  });
  it('choice and group values', () => {
    expect(names({ type: 'a' })).toEqual(['Acme', 'Jazzy']);
    expect(names({ team: 'sales,support' })).toEqual(['Acme', 'Blogpad']);
  });
  it('system columns id and label', () => {
    expect(names({ label: 'like(jaz)' })).toEqual(['Jazzy']);
    expect(names({ id: '01900000-0000-7000-8000-000000000002' })).toEqual(['Blogpad']);
  });
});

describe('number, boolean and date operators', () => {
  it('integer comparisons', () => {
    expect(names({ employees: 'between(10,50)' })).toEqual(['ACME, Inc', 'Acme']);
    expect(names({ employees: 'greater(10)' })).toEqual(['ACME, Inc', 'Blogpad']);
    expect(names({ employees: 'greaterOrEquals(50)' })).toEqual(['ACME, Inc', 'Blogpad']);
    expect(names({ employees: 'less(50)' })).toEqual(['Acme']);
    expect(names({ employees: 'lessOrEquals(50)' })).toEqual(['ACME, Inc', 'Acme']);
    expect(names({ employees: '250' })).toEqual(['Blogpad']);
    expect(names({ employees: 10 })).toEqual(['Acme']);
  });
  it('decimal comparisons', () => {
    expect(names({ revenue: 'greater(1.5)' })).toEqual(['Blogpad']);
    expect(names({ revenue: 0 })).toEqual(['Jazzy']);
    expect(names({ revenue: 'lessOrEquals(1.5)' })).toEqual(['Acme', 'Jazzy']);
  });
  it('booleans from true/false and their strings', () => {
    expect(names({ isCustomer: true })).toEqual(['ACME, Inc', 'Acme']);
    expect(names({ isCustomer: 'false' })).toEqual(['Blogpad', 'Jazzy']);
    expect(names({ isCustomer: 'notEquals(true)' })).toEqual(['Blogpad', 'Jazzy', 'Other']);
  });
  it('dates from days, ISO strings and epoch ms', () => {
    expect(names({ founded: '2001-05-10' })).toEqual(['Acme']);
    expect(names({ founded: 'less(2001-01-01)' })).toEqual(['ACME, Inc']);
    expect(names({ founded: 'between(2000-01-01,2010-01-01)' })).toEqual(['Acme', 'Blogpad']);
    expect(names({ founded: Date.UTC(2010, 0, 1) })).toEqual(['Blogpad']);
    expect(names({ founded: '2010-01-01T15:00:00Z' })).toEqual(['Blogpad']);
  });
  it('dateTimes from epoch ms, yyyy-MM-dd HH:mm and ISO with a zone', () => {
    expect(names({ lastContact: 'greater(2024-03-01)' })).toEqual(['Blogpad']);
    expect(names({ lastContact: '2024-01-15 10:30' })).toEqual(['Acme']);
    expect(names({ lastContact: Date.UTC(2024, 5, 1) })).toEqual(['Blogpad']);
    expect(names({ lastContact: '2024-01-15T05:30:00-05:00' })).toEqual(['Acme']);
    expect(names({ lastContact: `less(${Date.UTC(2024, 5, 1)})` })).toEqual(['Acme']);
  });
});

describe('empty and notEmpty', () => {
  it('on simple, relationship, multi-valued, nested and json fields', () => {
    expect(names({ employees: 'empty()' })).toEqual(['Jazzy', 'Other']);
    expect(names({ employees: 'notEmpty()' })).toEqual(['ACME, Inc', 'Acme', 'Blogpad']);
    expect(names({ owner: 'empty()' })).toEqual(['ACME, Inc', 'Other']);
    expect(names({ owner: null })).toEqual(['ACME, Inc', 'Other']);
    expect(names({ tags: 'empty()' })).toEqual(['ACME, Inc', 'Other']);
    expect(names({ tags: 'notEmpty()' })).toEqual(['Acme', 'Blogpad', 'Jazzy']);
    expect(names({ addresses: 'notEmpty()' })).toEqual(['Acme', 'Blogpad', 'Jazzy']);
    expect(names({ hq: 'empty()' })).toEqual(['ACME, Inc', 'Jazzy', 'Other']);
    expect(names({ settings: 'notEmpty()' })).toEqual(['Acme']);
  });
});

describe('relationships and multi-valued fields', () => {
  it('relationships compare the id, or the label through owner.label', () => {
    expect(names({ owner: c1 })).toEqual(['Acme', 'Jazzy']);
    expect(names({ owner: { id: c2, label: 'whatever' } })).toEqual(['Blogpad']);
    expect(names({ owner: `notEquals(${c1})` })).toEqual(['ACME, Inc', 'Blogpad', 'Other']);
    expect(names({ 'owner.label': 'like(bo)' })).toEqual(['Blogpad']);
    expect(names({ 'owner.id': c2 })).toEqual(['Blogpad']);
    expect(names({ partners: c2 })).toEqual(['Acme']);
    expect(names({ 'partners.label': 'Bob' })).toEqual(['Acme']);
  });
  it('multi-valued simple fields match any element; notEquals means none', () => {
    expect(names({ tags: 'red' })).toEqual(['Acme', 'Jazzy']);
    expect(names({ tags: 'notEquals(red)' })).toEqual(['ACME, Inc', 'Blogpad', 'Other']);
    expect(names({ tags: 'like(/gr)' })).toEqual(['Blogpad']);
  });
  it('an array literal means any of its values', () => {
    expect(names({ name: ['Acme', 'Other'] })).toEqual(['Acme', 'Other']);
  });
});

describe('nested fields', () => {
  it('single nested paths and objects', () => {
    expect(names({ 'hq.city': 'Austin' })).toEqual(['Acme']);
    expect(names({ hq: { city: 'Boston' } })).toEqual(['Blogpad']);
    expect(names({ 'hq.size': 'greater(2)' })).toEqual(['Acme']);
  });
  it('dotted keys match any element each; an object matches the same element', () => {
    expect(names({ 'addresses.state': 'CA', 'addresses.zipCode': '1' })).toEqual(['Acme', 'Blogpad']);
    expect(names({ addresses: { state: 'CA', zipCode: '1' } })).toEqual(['Acme']);
    expect(names({ addresses: { state: 'NY', zipCode: '1' } })).toEqual(['Blogpad']);
    expect(names({ 'addresses.state': 'notEquals(CA)' })).toEqual(['ACME, Inc', 'Jazzy', 'Other']);
  });
  it('items of multi-valued nested fields match by their id', () => {
    expect(names({ addresses: { id: 'y2', state: 'CA' } })).toEqual(['Blogpad']);
    expect(names({ 'addresses.id': 'x1,z1' })).toEqual(['Acme', 'Jazzy']);
  });
  it('multi-valued fields inside multi-valued nested items', () => {
    expect(names({ 'addresses.phones': '555-1' })).toEqual(['Acme']);
    expect(names({ addresses: { state: 'CA', phones: 'like(555)' } })).toEqual(['Acme']);
    expect(names({ addresses: { state: 'NY', phones: 'like(555)' } })).toEqual([]);
  });
});
