import { describe, expect, it } from 'vitest';
import { projectFields } from './index.js';

const record = {
  name: 'Acme',
  owner: { id: 'o1', label: 'Ann' },
  hq: { city: 'Austin', size: 3 },
  addresses: [
    { id: 'a1', state: 'CA', zipCode: '1' },
    { id: 'a2', state: 'NY', zipCode: '2' },
  ],
  tags: ['red'],
  empty: null,
};

describe('projectFields', () => {
  it('returns the fields unchanged without paths', () => {
    expect(projectFields(record, null)).toBe(record);
  });
  it('keeps top-level fields, whole', () => {
    expect(projectFields(record, ['name', 'owner', 'tags', 'empty', 'missing'])).toEqual({
      name: 'Acme',
      owner: { id: 'o1', label: 'Ann' },
      tags: ['red'],
      empty: null,
    });
  });
  it('a child path keeps that child; items of multi-valued nested fields keep their id', () => {
    expect(projectFields(record, ['hq.city', 'addresses.state'])).toEqual({
      hq: { city: 'Austin' },
      addresses: [
        { id: 'a1', state: 'CA' },
        { id: 'a2', state: 'NY' },
      ],
    });
  });
  it('a parent path includes its children, whichever comes first', () => {
    expect(projectFields(record, ['hq.city', 'hq'])).toEqual({ hq: record.hq });
    expect(projectFields(record, ['addresses', 'addresses.state'])).toEqual({ addresses: record.addresses });
  });
  it('ignores inherited keys', () => {
    expect(projectFields(record, ['constructor', 'toString'])).toEqual({});
  });
});
