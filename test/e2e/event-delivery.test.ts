import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRuntime, type Runtime, type RuntimeConfig, type WardenEvent } from '@warden/runtime';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { childPids, waitUntil } from '../security/security-kit.js';
import { EXAMPLE_APP } from '../support/test-runtime.js';

// How committed events reach after-hooks and listeners: exactly once outside crashes, retried
// after a worker dies, owned by the runtime that listens, and all delivered before close().
const base = JSON.parse(readFileSync(EXAMPLE_APP, 'utf8'));
const AUDIT = `if (record.field('name').val().indexOf('audit:') !== 0) {
  var a = sys.data.createRecord('companies'); a.field('name').val('audit:' + record.field('name').val() + '#' + Math.random());
  sys.data.save(a); }`;
const SLOW_AUDIT = `var until = Date.now() + 600; while (Date.now() < until) {}\n${AUDIT}`;
const company = (name: string) =>
  `var c = sys.data.createRecord('companies'); c.field('name').val(${JSON.stringify(name)}); sys.data.save(c); return c.id();`;
const MAIN = join(import.meta.dirname, '..', '..', 'packages', 'cli', 'src', 'main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** Runs the real `warden` command in its own process. */
const warden = (args: string[]) =>
  new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--no-node-snapshot', '--conditions=@warden/source', '--import', TSX, MAIN, ...args],
      { stdio: 'ignore' },
    );
    child.once('exit', (code) => resolve(code));
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('event delivery', () => {
  let dir: string;
  let app: string;
  let database: string;
  const open: Runtime[] = [];
  const logged: string[] = [];

  const start = async (hooks: unknown[], config: Partial<RuntimeConfig> = {}) => {
    writeFileSync(app, JSON.stringify({ ...base, hooks }));
    const r = await createRuntime({
      database,
      app,
      executor: { workers: 1 },
      passwords: { ln: 8 },
      mail: { dispatch: false },
      logger: { error: (m) => logged.push(m) },
      ...config,
    });
    open.push(r);
    return r;
  };
  const audits = async (r: Runtime) =>
    [...(await r.store.find('companies', { name: 'like(audit:)' }))]
      .map((c) => String(c.fields.name).replace(/#.*/, ''))
      .sort();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-events-'));
    app = join(dir, 'app.json');
    database = join(dir, 'app.db');
    logged.length = 0;
  });
  afterEach(async () => {
    for (const r of open.splice(0)) await r.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const audit = (source = AUDIT) => ({
    name: 'audit',
    event: 'record.created',
    entity: 'companies',
    when: 'after',
    source,
  });

  it('runs an after-hook once when the journal bookkeeping meets a locked database', async () => {
    const w = await start([audit()]);
    const other = new Database(database);
    let held = false;
    // Right after the hook, another connection takes the write lock for a moment.
    w.on('record.created', (e) => {
      if (held || e.record?.fields.name !== 'a') return;
      held = true;
      other.exec('BEGIN IMMEDIATE');
      setTimeout(() => other.exec('COMMIT'), 50);
    });
    await w.run(company('a'));
    await w.hooks.drain();
    await w.run(company('b')); // a later run kicks the dispatcher again
    await w.hooks.drain();
    other.close();
    expect(await audits(w)).toEqual(['audit:a', 'audit:b']);
    expect(logged.filter((m) => m.includes('dispatch stopped'))).toEqual([]);
  }, 30_000);

  it('close() waits for the runs in flight, then delivers their events', async () => {
    const w = await start([audit()]);
    const seen: string[] = [];
    w.on('record.created', (e) => void seen.push(String(e.record?.fields.name)));
    await w.run('return 1');
    const running = w.run(`var until = Date.now() + 300; while (Date.now() < until) {}\n${company('late')}`);
    await sleep(50);
    await w.close();
    await running;
    expect(seen).toContain('late');
    const db = new Database(database, { readonly: true });
    expect(
      db
        .prepare("SELECT count(*) FROM rec_companies WHERE json_extract(data, '$.name') LIKE 'audit:late#%'")
        .pluck()
        .get(),
    ).toBe(1);
    expect(db.prepare('SELECT count(*) FROM _warden_events').pluck().get()).toBe(0);
    db.close();
  });

  it('retries an after-hook whose worker was killed, and runs it exactly once', async () => {
    const w = await start([audit(SLOW_AUDIT)], { events: { retryBaseMs: 50 } } as never);
    await w.run('return 1');
    const [pid] = childPids();
    await w.run(company('k'));
    await sleep(250); // the hook is spinning in the worker
    process.kill(pid!, 'SIGKILL');
    await waitUntil(async () => (await audits(w)).length === 1, 15_000, 'the hook to be retried');
    await w.hooks.drain();
    expect(await audits(w)).toEqual(['audit:k']);
    expect(w.hooks.failures()).toEqual([]);
  }, 30_000);

  it('a hook whose worker keeps dying fails clearly after the bounded attempts', async () => {
    const w = await start([audit('var until = Date.now() + 400; while (Date.now() < until) {}')], {
      events: { retryBaseMs: 20, maxAttempts: 2 },
    } as never);
    await w.run('return 1');
    await w.run(company('doomed'));
    // Every worker dies soon after it appears, whether it is starting or running the hook, until
    // the hook has used up its attempts (a worker that dies while starting gets one fresh start).
    const end = Date.now() + 25_000;
    while (w.hooks.failures().length === 0) {
      if (Date.now() > end) throw new Error('timed out waiting for the failure');
      for (const pid of childPids()) process.kill(pid, 'SIGKILL');
      await sleep(150);
    }
    expect(w.hooks.failures()).toMatchObject([
      { hook: 'audit', code: 'systemException', message: expect.stringMatching(/after 2 attempts/) },
    ]);
  }, 40_000);

  it('skips the hooks a crashed host already delivered: the record of delivery commits with the hook', async () => {
    const first = await start([audit()]);
    await first.close();
    open.length = 0;
    // What a host that died after the hook's run committed, but before the journal was settled, leaves.
    const db = new Database(database);
    const record = { id: 'x-1', version: 1, label: 'x', fields: { name: 'x' } };
    const { lastInsertRowid: seq } = db
      .prepare(
        `INSERT INTO _warden_events (type, entity, record_id, record, old_record, data, time, depth)
         VALUES ('record.created', 'companies', 'x-1', ?, NULL, '{}', ?, 0)`,
      )
      .run(JSON.stringify(record), Date.now());
    db.prepare(`INSERT INTO _warden_deliveries (seq, target) VALUES (?, 'hook:audit')`).run(seq);
    db.close();
    const w = await start([audit()]);
    await w.hooks.drain();
    expect(await audits(w)).toEqual([]);
    expect(w.store.db.prepare('SELECT count(*) FROM _warden_events').pluck().get()).toBe(0);
  });

  it('a hanging listener times out as a failure and does not stall the others', async () => {
    const w = await start([], { events: { listenerTimeoutMs: 100 } } as never);
    const seen: string[] = [];
    w.on('record.created', function hangs() {
      return new Promise<void>(() => {});
    });
    w.on('record.created', (e) => void seen.push(String(e.record?.fields.name)));
    await w.run(company('one'));
    await w.run(company('two'));
    const drained = await Promise.race([w.hooks.drain().then(() => true), sleep(5000).then(() => false)]);
    expect(drained).toBe(true);
    expect(seen).toEqual(['one', 'two']);
    expect(w.hooks.failures()).toMatchObject([
      { hook: 'listener:hangs', code: 'timeout', message: 'listener timed out after 100 ms' },
      { hook: 'listener:hangs', code: 'timeout' },
    ]);
  });

  it('a second runtime (the CLI) steals no event: the app sees every change, its hooks run once', async () => {
    const w = await start([audit()], { events: { pollMs: 50 } } as never);
    const seen: WardenEvent[] = [];
    w.on('user.deactivated', (e) => void seen.push(e));
    const ids: string[] = [];
    for (const email of ['u1@example.com', 'u2@example.com']) {
      const u = await w.store.insert('sys.users', { firstName: 'U', lastName: 'U', email });
      ids.push(u.id!);
    }
    // An admin command in its own runtime on the same database, as `warden users deactivate`.
    expect(await warden(['users', 'deactivate', 'u1@example.com', '--db', database, '--app', app])).toBe(0);
    await w.users.deactivate(ids[1]!);
    // A second runtime of another name, with a hook's event and no listener.
    const second = await start([audit()], { events: { name: 'reports' } } as never);
    await second.run(company('from-second'));
    await second.close();
    await waitUntil(
      async () => seen.length === 2 && (await audits(w)).length === 1,
      10_000,
      'both deactivations and the hook',
    );
    await w.hooks.drain();
    expect(seen.map((e) => e.recordId).sort()).toEqual([...ids].sort());
    expect(await audits(w)).toEqual(['audit:from-second']);
  }, 30_000);
});
