// One record-store suite, run against every backend: the same calls must give the same answers
// on SQLite and on PostgreSQL.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { RecordStore } from '@warden/store-postgres';
import { WardenError } from '@warden/sys-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from './backends.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof WardenError ? error.code : `not coded: ${String(error)}`;
  }
  return 'no error';
};

describe.each(backends())('record store on $name', (backend) => {
  let store: RecordStore;
  beforeAll(() => {
    store = backend.open();
  });
  afterAll(() => store.close());
  beforeEach(async () => {
    await store.deleteMany('contacts', {});
    await store.deleteMany('companies', {});
  });

  const company = (name: string, more: Record<string, unknown> = {}) =>
    store.insert('companies', { name, ...more });

  it('inserts, reads, updates by merging, and removes records', async () => {
    const acme = await company('Acme', { employees: 10, tags: ['a', 'b'], founded: '1999-12-31' });
    expect(acme.version).toBe(1);
    expect(acme.label).toBe('Acme');
    expect(acme.fields).toMatchObject({
      name: 'Acme',
      employees: 10,
      active: true,
      email: null,
      tags: ['a', 'b'],
    });
    expect(await store.findById('companies', acme.id as string)).toEqual(acme);
    const updated = await store.update('companies', { ...acme, fields: { employees: 11 } });
    expect(updated.version).toBe(2);
    expect(updated.fields).toMatchObject({ name: 'Acme', employees: 11, founded: '1999-12-31' });
    const saved = await store.save('companies', { id: null, fields: { name: 'Beta' } } as never);
    expect(saved?.fields.name).toBe('Beta');
    expect((await store.remove('companies', acme.id as string)).fields.employees).toBe(11);
    expect(await store.findById('companies', acme.id as string)).toBeNull();
    expect(codeOf(() => store.remove('companies', acme.id as string))).toBe('notFound');
  });

  it('answers query maps: operators, relationships, multi-valued fields, sorting and paging', async () => {
    const acme = await company('Acme', { employees: 10, email: 'Info@Acme.com', tags: ['x'] });
    await company('Beta', { employees: 20, active: false, tags: ['y', 'z'] });
    await company('Gamma', { employees: 30 });
    await company('Delta');
    await store.insert('contacts', { name: 'Ann', company: acme.id });
    const names = (query: Record<string, unknown>) =>
      [...store.find('companies', query)].map((r) => r.fields.name);
    expect(names({ employees: 'greater(15)', _sortField: 'employees', _sortType: 'asc' })).toEqual([
      'Beta',
      'Gamma',
    ]);
    expect(names({ active: false })).toEqual(['Beta']);
    expect(names({ name: 'like(/amm/)' })).toEqual(['Gamma']);
    expect(names({ name: 'like(/^(ac|de)/)', _sortField: 'name', _sortType: 'asc' })).toEqual([
      'Acme',
      'Delta',
    ]);
    expect(names({ email: 'INFO@acme.COM' })).toEqual(['Acme']);
    expect(names({ tags: 'z' })).toEqual(['Beta']);
    expect(
      names({ _or: [{ name: 'Acme' }, { employees: 30 }], _sortField: 'name', _sortType: 'desc' }),
    ).toEqual(['Gamma', 'Acme']);
    // NULLs first ascending, as SQLite orders them.
    expect(names({ _sortField: 'employees', _sortType: 'asc' })).toEqual(['Delta', 'Acme', 'Beta', 'Gamma']);
    expect(names({ _sortField: 'employees', _sortType: 'desc', _size: 2, _offset: 1 })).toEqual([
      'Beta',
      'Acme',
    ]);
    expect(names({ employees: 'notEmpty()', _size: 10 })).toHaveLength(3);
    expect([...store.find('contacts', { 'company.name': 'Acme' })].map((r) => r.fields.name)).toEqual([
      'Ann',
    ]);
    expect(await store.count('companies', { employees: 'between(10,20)' })).toBe(2);
    expect(store.find('companies', { _size: 1 }).count()).toBe(4);
    expect((await store.findOne('companies', { name: 'Beta' }))?.fields.employees).toBe(20);
    expect(await store.findOne('companies', acme.id as string)).toEqual(
      await store.findById('companies', acme.id as string),
    );
    expect(await store.deleteMany('companies', { employees: 'less(25)' })).toBe(2);
    expect(await store.count('companies')).toBe(2);
    expect(codeOf(() => store.count('companies', { nope: 1 }))).toBe('badRequest');
  });

  it('refuses a stale version with optimisticLocking and keeps the record', async () => {
    const acme = await company('Acme', { employees: 1 });
    await store.update('companies', { ...acme, fields: { employees: 2 } });
    expect(codeOf(() => store.update('companies', { ...acme, fields: { employees: 3 } }))).toBe(
      'optimisticLocking',
    );
    expect((await store.findById('companies', acme.id as string))?.fields.employees).toBe(2);
  });

  it('reports every clashing unique field, and a run goes on after a refused write', async () => {
    await company('Acme', { email: 'a@acme.com' });
    let fields: string[] = [];
    try {
      store.insert('companies', { name: 'Acme', email: 'A@ACME.com' });
    } catch (error) {
      expect((error as WardenError).code).toBe('validationErrors');
      fields = ((error as WardenError).errors ?? []).map((e) => e.field).sort();
    }
    expect(fields).toEqual(['email', 'name']);
    store.begin();
    await company('Beta');
    expect(codeOf(() => store.insert('companies', { name: 'Beta' }))).toBe('validationErrors');
    await company('Gamma');
    store.commit();
    expect(await store.count('companies')).toBe(3);
  });

  it('rolls a transaction back whole, and a failed nested unit undoes only its part', async () => {
    store.begin();
    await company('Acme');
    await store.update('companies', { ...(await company('Beta')), fields: { employees: 5 } });
    store.rollback();
    expect(await store.count('companies')).toBe(0);
    store.transaction(() => {
      store.insert('companies', { name: 'Kept' });
      expect(() =>
        store.transaction(() => {
          store.insert('companies', { name: 'Undone' });
          throw new Error('inner failure');
        }),
      ).toThrow('inner failure');
    });
    expect([...store.find('companies')].map((r) => r.fields.name)).toEqual(['Kept']);
  });

  it('locks records across connections, reentrantly, until released', async () => {
    const other = backend.open();
    try {
      const acme = await company('Acme');
      const id = acme.id as string;
      expect((await store.lock('companies', id, 'run-a')).id).toBe(id);
      expect(await store.tryLock('companies', id, 'run-a')).not.toBeNull(); // reentrant
      expect(await other.tryLock('companies', id, 'run-b')).toBeNull();
      const beta = (await company('Beta')).id as string; // another record of the entity is free
      expect((await other.tryLock('companies', beta, 'run-b'))?.id).toBe(beta);
      await other.releaseLocks('run-b');
      const started = Date.now();
      expect(await other.tryLock('companies', id, 'run-b', 300)).toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(codeOf(() => other.lock('companies', id, 'run-b', 50))).toBe('timeout');
      await store.unlock('companies', id, 'run-a');
      expect(await other.tryLock('companies', id, 'run-b')).toBeNull(); // still held once
      await store.releaseLocks('run-a');
      expect((await other.tryLock('companies', id, 'run-b'))?.fields.name).toBe('Acme');
      expect(await store.tryLock('companies', id, 'run-a')).toBeNull();
      await other.releaseLocks('run-b');
      expect(await store.tryLock('companies', id, 'run-a')).not.toBeNull();
      await store.releaseLocks('run-a');
    } finally {
      other.close();
    }
  });

  it('frees the locks of a host killed while holding them', async () => {
    const id = (await company('Acme')).id as string;
    const holder = spawn(
      process.execPath,
      [
        '--conditions=@warden/source',
        '--import',
        'tsx',
        fileURLToPath(new URL('./lock-holder.ts', import.meta.url)),
        backend.database(),
        'companies',
        id,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const [line] = await once(holder.stdout, 'data');
      expect(String(line)).toContain('locked');
      expect(await store.tryLock('companies', id, 'survivor')).toBeNull();
      holder.kill('SIGKILL');
      await once(holder, 'exit');
      expect((await store.tryLock('companies', id, 'survivor', 5000))?.id).toBe(id);
      await store.releaseLocks('survivor');
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
