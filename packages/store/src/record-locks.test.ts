import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_LOCK_MS } from './record-locks.js';
import { openStore } from './store.js';
import type { Store } from './store-types.js';
import { sampleApp, tempStore } from './test-kit.js';

let t: ReturnType<typeof tempStore>;
let store: Store;
let other: Store;
let id: string;
beforeEach(() => {
  t = tempStore();
  store = t.store;
  other = openStore({ database: t.database, app: sampleApp() });
  id = store.insert('companies', { name: 'Acme' }).id!;
});
afterEach(() => {
  other.close();
  t.close();
});

describe('record locks', () => {
  it('live in <database>-locks and return the latest record', () => {
    store.update('companies', { ...store.findById('companies', id)!, fields: { employees: 9 } });
    expect(store.lock('companies', id, 'run-1')).toMatchObject({ id, version: 2, fields: { employees: 9 } });
    expect(existsSync(`${t.database}-locks`)).toBe(true);
  });

  it('are reentrant per owner and exclusive across store instances', () => {
    store.lock('companies', id, 'run-1');
    store.lock('companies', id, 'run-1');
    expect(other.tryLock('companies', id, 'run-2')).toBeNull();
    store.unlock('companies', id, 'run-1');
    expect(other.tryLock('companies', id, 'run-2')).toBeNull();
    store.unlock('companies', id, 'run-1');
    expect(other.tryLock('companies', id, 'run-2')).toMatchObject({ id });
    expect(store.tryLock('companies', id, 'run-1')).toBeNull();
  });

  it('lock throws timeout and tryLock returns null after waiting the timeout', () => {
    other.lock('companies', id, 'run-2');
    const started = Date.now();
    expect(() => store.lock('companies', id, 'run-1', 80)).toThrow(
      expect.objectContaining({ code: 'timeout' }),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    const again = Date.now();
    expect(store.tryLock('companies', id, 'run-1', 60)).toBeNull();
    expect(Date.now() - again).toBeGreaterThanOrEqual(55);
  });

  it('a waiting lock gets through when another thread releases it', async () => {
    const require = createRequire(import.meta.url);
    const holder = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const Database = require(workerData.driver);
       const db = new Database(workerData.file);
       db.prepare("INSERT INTO record_locks (entity, id, owner, count, expires_at) VALUES ('companies', ?, 'worker', 1, ?)").run(workerData.id, Date.now() + 60000);
       parentPort.postMessage('locked');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);
       db.prepare('DELETE FROM record_locks').run();
       db.close();`,
      {
        eval: true,
        workerData: { file: `${t.database}-locks`, id, driver: require.resolve('better-sqlite3') },
      },
    );
    await new Promise((resolve) => holder.once('message', resolve));
    expect(store.tryLock('companies', id, 'run-1')).toBeNull();
    const started = Date.now();
    expect(store.lock('companies', id, 'run-1', 5000)).toMatchObject({ id });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    await new Promise((resolve) => holder.once('exit', resolve));
  });

  it('releaseLocks drops every lock of an owner, and unlock by another owner does nothing', () => {
    const second = store.insert('companies', { name: 'Beta' }).id!;
    store.lock('companies', id, 'run-1');
    store.lock('companies', second, 'run-1');
    other.unlock('companies', id, 'run-2');
    expect(other.tryLock('companies', id, 'run-2')).toBeNull();
    store.releaseLocks('run-1');
    expect(other.tryLock('companies', id, 'run-2')).not.toBeNull();
    expect(other.tryLock('companies', second, 'run-2')).not.toBeNull();
  });

  it('take over stale locks older than 30 minutes', () => {
    store.lock('companies', id, 'crashed-run');
    // Age the lock directly in the locks file, as if its run crashed half an hour ago.
    const raw = new Database(`${t.database}-locks`);
    raw.prepare('UPDATE record_locks SET expires_at = ?').run(Date.now() - 1);
    raw.close();
    expect(other.tryLock('companies', id, 'run-2')).not.toBeNull();
    expect(MAX_LOCK_MS).toBe(1_800_000);
  });

  it('keep working on a locks file made before locks recorded their process', () => {
    const file = `${t.database}-old`;
    const raw = new Database(`${file}-locks`);
    raw.exec(`CREATE TABLE record_locks (entity TEXT NOT NULL, id TEXT NOT NULL, owner TEXT NOT NULL,
      count INTEGER NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (entity, id))`);
    raw
      .prepare('INSERT INTO record_locks VALUES (?, ?, ?, 1, ?)')
      .run('companies', 'x', 'old', Date.now() + 60_000);
    raw.close();
    const old = openStore({ database: file, app: sampleApp() });
    try {
      const mine = old.insert('companies', { name: 'Old' }).id!;
      expect(old.tryLock('companies', mine, 'run-1')).not.toBeNull();
    } finally {
      old.close();
    }
  });

  it('refuse missing records and bad arguments with coded errors', () => {
    const ghost = '01890a5d-ac96-774b-bcce-b302099a8057';
    expect(() => store.lock('companies', ghost, 'run-1')).toThrow(
      expect.objectContaining({ code: 'notFound' }),
    );
    expect(() => store.tryLock('companies', ghost, 'run-1')).toThrow(
      expect.objectContaining({ code: 'notFound' }),
    );
    expect(() => store.unlock('companies', ghost, 'run-1')).toThrow(
      expect.objectContaining({ code: 'notFound' }),
    );
    expect(() => store.lock('nope', id, 'run-1')).toThrow(expect.objectContaining({ code: 'badRequest' }));
    expect(() => store.lock('companies', id, '')).toThrow(/owner/);
    expect(() => store.lock('companies', id, 'run-1', -5)).toThrow(
      /timeoutMs must be a number of milliseconds/,
    );
  });

  it('work in memory for :memory: databases', () => {
    const mem = openStore({ database: ':memory:', app: sampleApp() });
    try {
      const rid = mem.insert('companies', { name: 'M' }).id!;
      expect(mem.lock('companies', rid, 'a')).toMatchObject({ id: rid });
      expect(mem.tryLock('companies', rid, 'b')).toBeNull();
    } finally {
      mem.close();
    }
  });
});
