import { describe, expect, it } from 'vitest';
import type { Store } from './store-types.js';
import { storePerTest } from './test-kit.js';

// Query inputs at their edges, through the store over a real SQLite file: a literal backslash in
// like() (SQLite's LIKE runs with ESCAPE '\'), and paging values that are not whole numbers.

let store: Store;
storePerTest((t) => {
  store = t.store;
});

/** The error of a call, whether it throws or rejects. */
async function errorOf(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

describe('like() with a backslash', () => {
  const seed = async () => {
    await store.insert('companies', { name: 'Windows', notes: 'saved in C:\\temp\\new' });
    await store.insert('companies', { name: 'Plain', notes: 'saved in C:temp and Xtemp' });
    await store.insert('companies', { name: 'Trailing', notes: 'ends with a dir\\' });
  };
  const names = async (notes: string) =>
    [...(await store.find('companies', { notes, _sortField: 'name', _sortType: 'asc' }))].map(
      (r) => r.fields.name,
    );

  it('matches a literal backslash, and only where the text has one', async () => {
    await seed();
    expect(await names('like(C:\\temp)')).toEqual(['Windows']);
    expect(await names('like(\\new)')).toEqual(['Windows']);
    expect(await store.count('companies', { notes: 'like(\\)' })).toBe(2);
    expect(await store.count('companies', { notes: 'like(\\t)' })).toBe(1);
  });

  it('takes a backslash at the end of a contains or starts-with pattern literally', async () => {
    await seed();
    expect(await names('like(dir\\)')).toEqual(['Trailing']);
    expect(await names('like(/ends with a dir\\)')).toEqual(['Trailing']);
    expect(await names('like(\\new/)')).toEqual(['Windows']);
  });
});

describe('_size and _offset', () => {
  it.each([
    ['_size', 1.5],
    ['_size', 0.5],
    ['_offset', 1.5],
    ['_offset', 2.000001],
  ])('refuses a fractional %s (%s) with a badRequest naming the key', async (key, value) => {
    await store.insert('companies', { name: 'one' });
    await store.insert('companies', { name: 'two' });
    const error = await errorOf(async () => [...(await store.find('companies', { [key]: value }))]);
    expect(error).toMatchObject({
      code: 'badRequest',
      message: expect.stringContaining(`key '${key}': expected a non-negative integer, got ${value}`),
    });
  });

  it('accepts whole numbers, also as digit strings', async () => {
    for (const name of ['one', 'two', 'three']) await store.insert('companies', { name });
    const page = async (q: Record<string, unknown>) =>
      [...(await store.find('companies', { _sortField: 'name', _sortType: 'asc', ...q }))].map(
        (r) => r.fields.name,
      );
    expect(await page({ _size: 2, _offset: 1 })).toEqual(['three', 'two']);
    expect(await page({ _size: '1', _offset: '2' })).toEqual(['two']);
    expect(await page({ _size: 2.0 })).toEqual(['one', 'three']);
  });
});
