import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestedOutcome, RunHost, WorkerHost, WorkerTools } from '@warden/sandbox';
import { openStore, type Store } from '@warden/store';
import type { SysOpName } from '@warden/sys-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeHookRows } from './hook-table.js';
import createWorkerHost from './worker-host.js';

// The worker host in this process over a real SQLite file, with a before-hook on companies whose
// "script" is a list of sys calls: what each nested run and each replay starts from and keeps.
const APP = join(import.meta.dirname, '..', '..', 'scripts-examples', 'app.json');
type Call = [SysOpName, unknown[]];

let dir: string;
let host: WorkerHost;
let other: Store;
let hookAnswers: unknown[][];
const ids: Record<string, string> = {};

const tools: WorkerTools = {
  runNested(req, runHost: RunHost): NestedOutcome {
    const calls = JSON.parse(req.source) as Call[];
    hookAnswers.push(calls.map(([op, args]) => runHost.dispatch(op, args)));
    return { ok: true, value: null, logs: [], stats: {} as NestedOutcome['stats'] };
  },
};
const hook = (calls: Call[]) =>
  writeHookRows(
    other.db,
    'main',
    [
      {
        name: 'h',
        event: 'record.created',
        entity: 'companies',
        when: 'before',
        source: JSON.stringify(calls),
        enforced: false,
      },
    ],
    new Map(),
  );
const company = { entity: 'companies', id: null, version: 0, label: null, fields: { name: 'acme' } };
const emailOf = (user: unknown) => (user as { fields: { email: string } } | null)?.fields.email ?? null;
/** True when another process could take the lock now (it is then released again). */
const free = (email: string) => {
  const taken = other.tryLock('sys.users', ids[email]!, 'someone else', 0) !== null;
  if (taken) other.unlock('sys.users', ids[email]!, 'someone else');
  return taken;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-nesting-'));
  const database = join(dir, 'app.db');
  host = createWorkerHost({ database, app: APP, busyTimeoutMs: 1000, passwords: { ln: 12 } }, tools);
  other = openStore({ database, app: APP });
  for (const name of ['bob', 'cy']) {
    ids[`${name}@x.io`] = other.insert('sys.users', { firstName: name, lastName: 'X', email: `${name}@x.io` })
      .id!;
  }
  hookAnswers = [];
});
afterEach(() => {
  host.close();
  other.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('worker host: nested hooks and replays keep their own run state', () => {
  it('a replay starts as the request’s user, with no lock of the first attempt', () => {
    const run = host.beginRun({ source: '', runId: 'r1', as: ids['cy@x.io'] });
    run.dispatch('context.setCurrentUser', ['email', 'bob@x.io']);
    run.dispatch('data.lock', ['sys.users', ids['cy@x.io'], 0]);
    expect(free('cy@x.io')).toBe(false);
    run.restart!();
    expect(emailOf(run.dispatch('context.getCurrentUser', []))).toBe('cy@x.io');
    expect(free('cy@x.io')).toBe(true);
    run.finish(true);
  });

  it('a before-hook starts as the triggering run’s user, and its switch stays its own', () => {
    hook([
      ['context.getCurrentUser', []],
      ['context.setCurrentUser', ['email', 'bob@x.io']],
      ['context.getCurrentUser', []],
    ]);
    const run = host.beginRun({ source: '', runId: 'r2' });
    run.dispatch('context.setCurrentUser', ['email', 'cy@x.io']);
    run.dispatch('data.save', [company, null]);
    expect(hookAnswers.map((a) => [emailOf(a[0]), emailOf(a[2])])).toEqual([['cy@x.io', 'bob@x.io']]);
    expect(emailOf(run.dispatch('context.getCurrentUser', []))).toBe('cy@x.io');
    run.finish(true);
  });

  it('a before-hook re-enters its run’s locks, releases only its own takes, and holds nothing after', () => {
    const bob = ids['bob@x.io']!;
    const cy = ids['cy@x.io']!;
    hook([
      ['data.unlock', ['sys.users', bob]], // not its own: left alone
      ['data.tryLock', ['sys.users', bob, 0]], // its run holds it: taken at once, no waiting on itself
      ['data.lock', ['sys.users', cy, 0]],
    ]);
    const run = host.beginRun({ source: '', runId: 'r3' });
    run.dispatch('data.lock', ['sys.users', bob, 0]);
    run.dispatch('data.save', [company, null]);
    expect(hookAnswers[0]![1]).toMatchObject({ id: bob });
    expect(free('bob@x.io')).toBe(false);
    expect(free('cy@x.io')).toBe(true);
    // The hook's take of bob ended with it: one unlock by the run frees the record.
    run.dispatch('data.unlock', ['sys.users', bob]);
    expect(free('bob@x.io')).toBe(true);
    run.finish(true);
  });

  it('a before-hook’s own locks are taken under an owner of its own, the run’s under its id', () => {
    // The lock file, read as another process would (better-sqlite3, through the store's class).
    const Db = other.db.constructor as new (file: string, o: object) => Store['db'];
    const locks = new Db(join(dir, 'app.db-locks'), { readonly: true });
    const owners = () =>
      locks.prepare('SELECT owner FROM record_locks ORDER BY owner').pluck().all() as string[];
    const seen: string[][] = [];
    hook([['data.lock', ['sys.users', ids['cy@x.io'], 0]]]);
    const run = host.beginRun({ source: '', runId: 'r4' });
    run.dispatch('data.lock', ['sys.users', ids['bob@x.io'], 0]);
    const inspect = tools.runNested;
    tools.runNested = (req, runHost) => {
      const out = inspect(req, runHost);
      seen.push(owners());
      return out;
    };
    try {
      run.dispatch('data.save', [company, null]);
    } finally {
      tools.runNested = inspect;
    }
    expect(seen).toEqual([['r4', 'r4/1']]);
    expect(owners()).toEqual(['r4']);
    run.finish(true);
    expect(owners()).toEqual([]);
    locks.close();
  });
});
