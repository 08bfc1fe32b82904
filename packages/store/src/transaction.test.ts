import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { openStore } from './store.js';
import type { Store } from './store-types.js';
import { codes, failure, sampleApp, storePerTest, type tempStore } from './test-kit.js';

let t: ReturnType<typeof tempStore>;
let store: Store;
storePerTest((temp) => {
  t = temp;
  store = temp.store;
});

const names = (s: Store) =>
  s
    .find('companies', { _sortField: 'name', _sortType: 'asc' })
    .take(100)
    .map((r) => r.label);

describe('transactions', () => {
  it('begin/commit keeps writes and begin/rollback drops them', () => {
    store.begin();
    expect(store.inTransaction).toBe(true);
    store.insert('companies', { name: 'Kept' });
    store.commit();
    store.begin();
    store.insert('companies', { name: 'Dropped' });
    store.rollback();
    expect(store.inTransaction).toBe(false);
    expect(names(store)).toEqual(['Kept']);
    expect(() => store.commit()).toThrow(expect.objectContaining({ code: 'badRequest' }));
    store.begin();
    expect(() => store.begin()).toThrow(/already open/);
    store.rollback();
  });

  it('a failed unit of work rolls back only itself (savepoints)', () => {
    store.transaction(() => {
      store.insert('companies', { name: 'Outer' });
      expect(() =>
        store.transaction(() => {
          store.insert('companies', { name: 'Inner' });
          throw new Error('inner fails');
        }),
      ).toThrow('inner fails');
      store.transaction(() => store.insert('companies', { name: 'Inner ok' }));
    });
    expect(names(store)).toEqual(['Inner ok', 'Outer']);
    expect(() =>
      store.transaction(() => {
        store.insert('companies', { name: 'Lost' });
        throw new Error('outer fails');
      }),
    ).toThrow('outer fails');
    expect(names(store)).toEqual(['Inner ok', 'Outer']);
  });

  it('a failed write inside a script transaction leaves earlier writes of the run intact', () => {
    store.begin();
    store.insert('companies', { name: 'First' });
    // A hook-free write is one statement, with no savepoint: the failed one undoes only itself.
    const clash = failure(() => store.insert('companies', { name: 'First' }), 'validationErrors');
    expect(codes(clash)).toEqual(['name:unique']);
    expect(store.inTransaction).toBe(true);
    store.insert('companies', { name: 'Second' });
    store.commit();
    expect(names(store)).toEqual(['First', 'Second']);
  });

  it('refuses async units of work', () => {
    expect(() => store.transaction(() => Promise.resolve(1))).toThrow(/synchronous/);
    expect(store.inTransaction).toBe(false);
  });

  it('two stores on one file: a writer waits for the other, or times out', () => {
    const other = openStore({ database: t.database, app: sampleApp(), busyTimeoutMs: 50 });
    try {
      store.begin();
      store.insert('companies', { name: 'A' });
      expect(() => other.insert('companies', { name: 'B' })).toThrow(
        expect.objectContaining({ code: 'timeout' }),
      );
      expect(other.count('companies')).toBe(0); // WAL: readers see the last commit
      store.commit();
      other.insert('companies', { name: 'B' });
      expect(names(store)).toEqual(['A', 'B']);
    } finally {
      other.close();
    }
  });

  it('concurrent writers under WAL: the busy timeout lets a blocked writer through', async () => {
    const require = createRequire(import.meta.url);
    const holder = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const Database = require(workerData.driver);
       const db = new Database(workerData.file);
       db.exec('BEGIN IMMEDIATE');
       db.prepare("INSERT INTO rec_companies (id, version, label, data) VALUES ('01890a5d-ac96-774b-bcce-b302099a8057', 1, 'Raw', '{\\"name\\":\\"Raw\\"}')").run();
       parentPort.postMessage('locked');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
       db.exec('COMMIT');
       db.close();`,
      { eval: true, workerData: { file: t.database, driver: require.resolve('better-sqlite3') } },
    );
    await new Promise((resolve) => holder.once('message', resolve));
    const started = Date.now();
    store.insert('companies', { name: 'Waited' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(names(store)).toEqual(['Raw', 'Waited']);
    await new Promise((resolve) => holder.once('exit', resolve));
  });
});

describe('run transactions: deferred until the first write', () => {
  const withOther = (fn: (other: Store) => void) => {
    const other = openStore({ database: t.database, app: sampleApp(), busyTimeoutMs: 50 });
    try {
      fn(other);
    } finally {
      other.close();
    }
  };

  it('a run that only reads holds no write lock: another connection writes meanwhile', () =>
    withOther((other) => {
      store.begin();
      expect(store.count('companies')).toBe(0);
      expect(store.writing).toBe(false);
      other.insert('companies', { name: 'Meanwhile' });
      expect(store.count('companies')).toBe(0); // its snapshot
      store.commit();
      expect(names(store)).toEqual(['Meanwhile']);
    }));

  it('upgrade takes the write lock: the other connection then waits and times out', () =>
    withOther((other) => {
      store.begin();
      store.count('companies');
      store.upgrade();
      expect(store.writing).toBe(true);
      expect(() => other.insert('companies', { name: 'B' })).toThrow(
        expect.objectContaining({ code: 'timeout', info: { databaseBusy: true } }),
      );
      store.commit();
      expect(store.writing).toBe(false);
    }));

  it('upgrade fails at once, coded, when another connection wrote since the snapshot', () =>
    withOther((other) => {
      store.begin();
      store.count('companies');
      other.insert('companies', { name: 'Sooner' });
      const started = Date.now();
      expect(() => store.upgrade()).toThrow(
        expect.objectContaining({ code: 'timeout', info: { databaseBusy: true } }),
      );
      expect(Date.now() - started).toBeLessThan(50);
      store.rollback();
      expect(names(store)).toEqual(['Sooner']);
    }));

  it("an immediate begin waits for the lock only until shortly before the run's deadline", () => {
    const other = openStore({ database: t.database, app: sampleApp(), busyTimeoutMs: 10_000 });
    try {
      store.begin({ mode: 'immediate' });
      const started = Date.now();
      const error = failure(() => other.begin({ mode: 'immediate', deadline: Date.now() + 300 }), 'timeout');
      expect(Date.now() - started).toBeLessThan(1000);
      expect(error.message).toMatch(/^begin: the database stayed busy/);
      expect(() => other.begin({ mode: 'immediate', deadline: Date.now() })).toThrow(
        /for the \d+ ms the run had left/,
      );
      store.commit();
      // The connection's own busy timeout is back: a later begin still waits its full time.
      other.begin({ mode: 'immediate', deadline: Date.now() + 1000 });
      other.rollback();
    } finally {
      other.close();
    }
  });
});
