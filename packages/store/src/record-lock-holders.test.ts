import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { processPlace } from '@warden/sys-api';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './store-types.js';
import { tempStore } from './test-kit.js';

// Who holds a record lock, and when another process may take it over: a holder names its place
// (host, boot, pid namespace), pid and start time, and renews a lease from a thread of its own.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const CHILD = join(import.meta.dirname, 'test-fixtures', 'lock-holder.ts');
const MINUTE = 60_000;

const startOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
};

/** A process that sleeps until killed. */
async function sleeper(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('record lock holders', () => {
  let t: ReturnType<typeof tempStore>;
  let store: Store;
  let id: string;
  let raw: Database.Database;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    t = tempStore();
    store = t.store;
    id = store.insert('companies', { name: 'Acme' }).id!;
    raw = new Database(`${t.database}-locks`);
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map(kill));
    raw.close();
    t.close();
  });

  /** Writes a lock held by `holder`, whose lease runs until `leaseUntil`. */
  const plant = (holder: string, leaseUntil: number) => {
    raw
      .prepare(
        'INSERT INTO record_locks (entity, id, owner, count, expires_at, holder) VALUES (?, ?, ?, 1, ?, ?)',
      )
      .run('companies', id, 'elsewhere', Date.now() + 20 * MINUTE, holder);
    raw
      .prepare('INSERT OR REPLACE INTO record_lock_holders (holder, lease_until) VALUES (?, ?)')
      .run(holder, leaseUntil);
  };

  it('a lock whose holder names a live pid started at another time is taken over at once', async () => {
    const child = await sleeper();
    children.push(child);
    const reused = `${processPlace()}:${child.pid}:${Number(startOf(child.pid!)) + 1}:x`;
    plant(reused, Date.now() + MINUTE);
    expect(store.tryLock('companies', id, 'run-1')).toMatchObject({ id });
  });

  it("a live holder's lock is kept, even once its lease ran out", async () => {
    const child = await sleeper();
    children.push(child);
    plant(`${processPlace()}:${child.pid}:${startOf(child.pid!)}:x`, Date.now() - MINUTE);
    expect(store.tryLock('companies', id, 'run-1')).toBeNull();
    await kill(child);
    expect(store.tryLock('companies', id, 'run-1')).toMatchObject({ id });
  });

  it('a lock from another place (machine, boot or pid namespace) is taken over only once its lease expired', () => {
    const [host, boot, ns] = processPlace().split('/');
    // The same pid as ours, so that only the place tells it apart.
    const foreign = `${host}/${boot}/${Number(ns) + 1}:${process.pid}:${startOf(process.pid)}:x`;
    plant(foreign, Date.now() + MINUTE);
    expect(store.tryLock('companies', id, 'run-1')).toBeNull();
    raw.prepare('UPDATE record_lock_holders SET lease_until = ?').run(Date.now() - 1);
    expect(store.tryLock('companies', id, 'run-1')).toMatchObject({ id });
  });

  it('a process SIGKILLed while holding a lock loses it at once; alive, its thread renews its lease while its main thread is busy', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@warden/source', '--import', TSX, CHILD, `${t.database}-locks`, 'companies', id, '300'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      child.once('exit', (code) => reject(new Error(`the child exited with ${code}`)));
    });
    // Three leases long, with the child's main thread blocked the whole time.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const row = raw.prepare('SELECT holder FROM record_locks').get() as { holder: string };
    expect(row.holder.startsWith(`${processPlace()}:${child.pid}:${startOf(child.pid!)}:`)).toBe(true);
    const lease = raw
      .prepare('SELECT lease_until FROM record_lock_holders WHERE holder = ?')
      .get(row.holder) as {
      lease_until: number;
    };
    expect(lease.lease_until).toBeGreaterThan(Date.now());
    expect(store.tryLock('companies', id, 'run-1')).toBeNull();
    await kill(child);
    const started = Date.now();
    expect(store.tryLock('companies', id, 'run-1')).toMatchObject({ id });
    expect(Date.now() - started).toBeLessThan(100);
  });
});
