import { join } from 'node:path';
import type { WardenError } from '@warden/sys-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './store.js';
import type { Store } from './store-types.js';
import { tempDir } from './test-kit.js';

type Fields = Record<string, Record<string, unknown>>;
const define = (entities: Record<string, Fields>, extra: Record<string, unknown> = {}) => ({
  name: 'm',
  entities: Object.fromEntries(Object.entries(entities).map(([name, fields]) => [name, { fields }])),
  ...extra,
});

let dir: { dir: string; cleanup: () => void };
let database: string;
const open: Store[] = [];
function reopen(app: object): Store {
  for (const s of open.splice(0)) s.close();
  const store = openStore({ database, app });
  open.push(store);
  return store;
}
/** The badRequest a reopen with `app` throws; the old definition must still open after it. */
function refused(app: object): WardenError {
  for (const s of open.splice(0)) s.close();
  try {
    openStore({ database, app }).close();
  } catch (error) {
    expect((error as WardenError).code).toBe('badRequest');
    return error as WardenError;
  }
  throw new Error('expected the migration to be refused');
}
beforeEach(() => {
  dir = tempDir();
  database = join(dir.dir, 'm.db');
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  dir.cleanup();
});

const base: Fields = { name: { type: 'text' }, size: { type: 'integer' } };
const indexes = (s: Store) =>
  (
    s.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'lx_%'",
      )
      .pluck()
      .all() as string[]
  ).sort();

describe('migrations', () => {
  it('add entities, fields and indexes and keep every row', () => {
    let s = reopen(define({ items: base }));
    const a = s.insert('items', { name: 'a', size: 1 });
    s = reopen(
      define({
        items: {
          ...base,
          name: { type: 'text', unique: true },
          colour: { type: 'choice', options: ['red'] },
        },
        tags: { tag: { type: 'text' } },
      }),
    );
    expect(s.findById('items', a.id!)!.fields).toEqual({ name: 'a', size: 1, colour: null });
    expect(indexes(s)).toEqual(['ux_rec_items_name', 'ux_rec_sys_users_email']);
    s.insert('tags', { tag: 'x' });
    expect(() => s.insert('items', { name: 'a' })).toThrow(
      expect.objectContaining({ code: 'validationErrors' }),
    );
    s = reopen(
      define({
        items: { ...base, size: { type: 'integer', indexed: true } },
        tags: { tag: { type: 'text' } },
      }),
    );
    expect(indexes(s)).toEqual(['ix_rec_items_size', 'ux_rec_sys_users_email']);
    expect(s.count('tags')).toBe(1);
  });

  it('indexes sys.users emails case-insensitively', () => {
    const s = reopen(define({ items: base }));
    const sql = s.db
      .prepare("SELECT sql FROM sqlite_master WHERE name = 'ux_rec_sys_users_email'")
      .pluck()
      .get();
    expect(sql).toContain("lower(json_extract(data, '$.email'))");
    const plan = s.db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT id FROM rec_sys_users WHERE lower(json_extract(data, '$.email')) = ?",
      )
      .all('a@b.c');
    expect(JSON.stringify(plan)).toContain('ux_rec_sys_users_email');
  });

  it('keeps the data of a removed field and shows it again when the field comes back', () => {
    let s = reopen(define({ items: base }));
    const a = s.insert('items', { name: 'a', size: 7 });
    s = reopen(define({ items: { name: { type: 'text' } } }));
    expect(s.findById('items', a.id!)!.fields).toEqual({ name: 'a' });
    s.update('items', { ...s.findById('items', a.id!)!, fields: { name: 'b' } });
    s = reopen(define({ items: base }));
    expect(s.findById('items', a.id!)!.fields).toEqual({ name: 'b', size: 7 });
    const e = refused(define({ items: { name: { type: 'text' }, size: { type: 'date' } } }));
    expect(e.errors[0]).toMatchObject({ field: 'entities.items.fields.size', code: 'incompatibleChange' });
  });

  it('allows type changes of fields without values', () => {
    let s = reopen(define({ items: base }));
    s.insert('items', { name: 'a' });
    s = reopen(define({ items: { ...base, size: { type: 'text', multiple: true } } }));
    expect(s.insert('items', { size: ['big'] }).fields.size).toEqual(['big']);
  });

  it('refuses each incompatible change with its reason, and changes nothing', () => {
    let s = reopen(
      define({ items: { ...base, kind: { type: 'choice', options: ['x', 'y'] } }, extra: base }),
    );
    s.insert('items', { name: 'dup', size: 1, kind: 'y' });
    s.insert('items', { name: 'dup' });
    s.insert('extra', { name: 'e' });
    const cases: [Record<string, Fields>, string, RegExp][] = [
      [
        { items: { ...base, size: { type: 'text' } }, extra: base },
        'entities.items.fields.size',
        /type changes from integer to text.*\(1 record\)/,
      ],
      [
        { items: { ...base, size: { type: 'integer', multiple: true } }, extra: base },
        'entities.items.fields.size',
        /multiple changes/,
      ],
      [
        { items: { ...base, name: { type: 'text', unique: true } }, extra: base },
        'entities.items.fields.name',
        /becomes unique.*more than once/,
      ],
      [
        { items: { ...base, size: { type: 'integer', required: true } }, extra: base },
        'entities.items.fields.size',
        /becomes required.*\(1 record\)/,
      ],
      [
        { items: { ...base, kind: { type: 'choice', options: ['x'] } }, extra: base },
        'entities.items.fields.kind',
        /options y are removed/,
      ],
      [{ items: base }, 'entities.extra', /entity is removed but its table still has 1 record/],
    ];
    for (const [entities, field, reason] of cases) {
      const e = refused(define(entities));
      expect(e.errors.map((x) => x.field)).toContain(field);
      expect(e.message).toMatch(reason);
    }
    s = reopen(define({ items: { ...base, kind: { type: 'choice', options: ['x', 'y'] } }, extra: base }));
    expect(s.count('items')).toBe(2);
    expect(indexes(s)).toEqual(['ux_rec_sys_users_email']);
  });

  it('reports several incompatible changes at once', () => {
    const s = reopen(define({ items: base }));
    s.insert('items', { name: 'a', size: 1 });
    const e = refused(define({ items: { name: { type: 'integer' }, size: { type: 'text' } } }));
    expect(e.errors.map((x) => x.field).sort()).toEqual([
      'entities.items.fields.name',
      'entities.items.fields.size',
    ]);
  });

  it('checks nested fields inside multi-valued nested items', () => {
    const nested = { lines: { type: 'nested', multiple: true, fields: { qty: { type: 'integer' } } } };
    const s = reopen(define({ orders: nested }));
    s.insert('orders', { lines: [{ qty: 1 }, {}] });
    const e = refused(
      define({
        orders: { lines: { ...nested.lines, fields: { qty: { type: 'integer', required: true } } } },
      }),
    );
    expect(e.errors[0]).toMatchObject({ field: 'entities.orders.fields.lines.fields.qty' });
    reopen(
      define({
        orders: { lines: { ...nested.lines, fields: { qty: { type: 'integer' }, note: { type: 'text' } } } },
      }),
    );
  });

  it('drops an emptied removed entity and gives groups and providers stable ids', () => {
    const groups = [
      { name: 'admins', label: 'Admins' },
      { name: 'staff', label: 'Staff' },
    ];
    const providers = [{ name: 'google', label: 'Google', type: 'oauth' }];
    let s = reopen(define({ items: base, gone: base }, { groups, identityProviders: providers }));
    const first = s.schema.groups.map((g) => g.id);
    const provider = s.schema.identityProviders[0]!.id;
    expect(first.every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
    s = reopen(define({ items: base }, { groups: [...groups].reverse(), identityProviders: providers }));
    expect(s.schema.groups.map((g) => g.id)).toEqual([...first].reverse());
    expect(s.schema.identityProviders[0]!.id).toBe(provider);
    expect(s.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'rec_gone'").pluck().get()).toBe(0);
    s = reopen(define({ items: base }, { groups: [{ ...groups[0]!, id: 'fixed-admins' }, groups[1]] }));
    expect(s.schema.groups.map((g) => g.id)).toEqual(['fixed-admins', first[1]]);
  });
});
