import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type SmtpSink, startSmtpSink } from '@warden/mail/testing';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, EXAMPLE_APP } from '../support/test-runtime.js';
import { childPids, report, scale, waitUntil } from './security-kit.js';

// Crashes never break the database or a run's atomicity: a worker SIGKILLed mid-run, a whole host
// (parent and workers) SIGKILLed mid-run, and a parent killed alone. After each: integrity_check is
// ok, each run left all of its records or none, and after a restart every committed mail is
// delivered exactly once through a real SMTP server.
const WORKER_KILLS = scale(3, 25);
const HOST_KILLS = scale(2, 10);
const RECORDS_PER_RUN = 20; // as in fixtures/crash-host.ts
const FIXTURE = join(import.meta.dirname, 'fixtures', 'crash-host.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const tally = { workerKills: 0, hostKills: 0, parentKills: 0, committedRuns: 0, mails: 0 };

/** integrity_check, and per run tag: its record count (0 or all), its user, its welcome mail. */
function audit(database: string) {
  const db = new Database(database, { readonly: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const tags = db
      .prepare(
        `SELECT json_extract(data, '$.employees') AS tag, count(*) AS n FROM rec_companies
         WHERE json_extract(data, '$.name') LIKE 'run-%' GROUP BY tag`,
      )
      .all() as { tag: number; n: number }[];
    const users = new Set(
      (
        db.prepare(`SELECT json_extract(data, '$.email') AS e FROM rec_sys_users`).all() as { e: string }[]
      ).map((r) => r.e),
    );
    const mails = db.prepare(`SELECT "to" AS t FROM mail_outbox`).all() as { t: string }[];
    return { integrity, tags, users, mails: mails.map((m) => m.t) };
  } finally {
    db.close();
  }
}

function expectAllOrNothing(database: string) {
  const { integrity, tags, users, mails } = audit(database);
  expect(integrity).toBe('ok');
  for (const { tag, n } of tags) {
    expect(n, `run ${tag}`).toBe(RECORDS_PER_RUN);
    expect(users.has(`crash-${tag}@example.com`), `user of run ${tag}`).toBe(true);
  }
  const committed = new Set(tags.map((t) => `crash-${t.tag}@example.com`));
  const crashMails = mails.filter((m) => m.startsWith('crash-'));
  expect(new Set(crashMails)).toEqual(committed);
  expect(crashMails.length).toBe(committed.size);
  return committed;
}

function startHost(
  database: string,
  first: number,
): { child: ChildProcess; committed: () => number[]; stderr: () => Promise<string> } {
  const child = spawn(
    process.execPath,
    [
      '--no-node-snapshot',
      '--conditions=@warden/source',
      '--import',
      TSX,
      FIXTURE,
      database,
      EXAMPLE_APP,
      String(first),
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // The host's and its workers' (they inherit it), complete once every one of them has exited.
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const stderrClosed = new Promise<void>((resolve) => child.stderr!.once('close', () => resolve()));
  const done: number[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) if (line.startsWith('committed ')) done.push(Number(line.slice(10)));
  });
  return { child, committed: () => done, stderr: () => stderrClosed.then(() => errors) };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode ? resolve() : child.once('exit', () => resolve()),
  );

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('crashes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-crash-'));
  const database = join(dir, 'crash.db');
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    report('crash', tally);
    await sink.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`a worker SIGKILLed mid-run (${WORKER_KILLS} times) loses only its own run, whole`, async () => {
    const w = await createTestRuntime({ executor: { workers: 1 } });
    try {
      await w.run('return 1');
      for (let k = 0; k < WORKER_KILLS; k++) {
        const [pid] = childPids();
        expect(pid, 'the worker process').toBeTypeOf('number');
        const running = w
          .run(
            `for (var i = 0; i < 50; i++) { var c = sys.data.createRecord('companies');
               c.field('name').val('kill-' + k + '-' + i); sys.data.save(c); }
             sys.users.resetPassword(sys.data.findOne('sys.users', {}) || (function () {
               var u = sys.data.createRecord('sys.users'); u.field('firstName').val('K'); u.field('lastName').val('K');
               u.field('email').val('kill-' + k + '@example.com'); sys.data.save(u); return u; })(), { notifyUser: true });
             for (;;) {}`,
            { params: { k }, limits: { wallMs: 20_000 } },
          )
          .catch((e) => e);
        await new Promise((r) => setTimeout(r, 150 + Math.random() * 300));
        process.kill(pid!, 'SIGKILL');
        tally.workerKills++;
        const error = await running;
        expect(error.code).toBe('systemException');
        expect(error.message).toMatch(/worker process exited/);
        expect(await w.store.count('companies', { name: `like(/kill-${k}-)` })).toBe(0);
        expect((await w.mail.list()).length).toBe(0);
        const integrity = w.store.db.pragma('integrity_check', { simple: true });
        expect(integrity).toBe('ok');
        // The replacement worker serves the next run, and a normal run commits whole.
        const { value } = await w.run(
          `for (var i = 0; i < 50; i++) { var c = sys.data.createRecord('companies'); c.field('name').val('after-' + k + '-' + i); sys.data.save(c); }
           return sys.data.count('companies', { name: 'like(/after-' + k + '-)' });`,
          { params: { k } },
        );
        expect(value).toBe(50);
        expect(childPids()).not.toContain(pid);
      }
    } finally {
      await w.dispose();
    }
  }, 120_000);

  it('a record locked by a run whose worker was killed is free for the next run', async () => {
    const w = await createTestRuntime({ executor: { workers: 1 } });
    try {
      const { id } = await w.store.insert('companies', { name: 'orphan-lock' });
      await w.run('return 1');
      const [pid] = childPids();
      const running = w
        .run(`sys.data.lockById('companies', id); for (;;) {}`, {
          params: { id },
          limits: { wallMs: 20_000 },
        })
        .catch((e) => e);
      await new Promise((r) => setTimeout(r, 300));
      process.kill(pid!, 'SIGKILL');
      tally.workerKills++;
      expect((await running).code).toBe('systemException');
      const { value } = await w.run(`return sys.data.tryLockById('companies', id, 500) !== null;`, {
        params: { id },
      });
      expect(value).toBe(true);
    } finally {
      await w.dispose();
    }
  });

  it(`a whole host SIGKILLed mid-run (${HOST_KILLS} times) leaves every run all-or-nothing`, async () => {
    for (let round = 0; round < HOST_KILLS; round++) {
      const host = startHost(database, (round + 1) * 1000);
      const target = 1 + Math.floor(Math.random() * 4);
      await waitUntil(() => host.committed().length >= target, 60_000, 'committed runs');
      await new Promise((r) => setTimeout(r, Math.random() * 120));
      const workers = childPids(host.child.pid!);
      process.kill(-host.child.pid!, 'SIGKILL'); // the process group: the host and its workers
      tally.hostKills++;
      await exited(host.child);
      await waitUntil(() => workers.every((p) => !alive(p)), 5000, 'workers gone');
      const committed = expectAllOrNothing(database);
      for (const i of host.committed())
        expect(committed.has(`crash-${i}@example.com`), `run ${i}`).toBe(true);
    }
  }, 300_000);

  it('a host killed alone leaves no orphan worker behind, and no half run', async () => {
    const host = startHost(database, 90_000);
    await waitUntil(() => host.committed().length >= 2, 60_000, 'committed runs');
    const workers = childPids(host.child.pid!);
    expect(workers.length).toBe(2);
    process.kill(host.child.pid!, 'SIGKILL');
    tally.parentKills++;
    await exited(host.child);
    // A worker notices the lost parent once its current run ends, and exits.
    await waitUntil(() => workers.every((p) => !alive(p)), 10_000, 'orphaned workers to exit');
    // They exit quietly: an answer with nobody to read it is no error.
    expect(await host.stderr()).toBe('');
    expectAllOrNothing(database);
  }, 120_000);

  it('after a restart every committed mail is delivered exactly once', async () => {
    const committed = expectAllOrNothing(database);
    expect(committed.size).toBeGreaterThan(0);
    const tags = audit(database).tags.length;
    tally.committedRuns = tags;
    for (let restart = 0; restart < 2; restart++) {
      const w = await createTestRuntime({
        database,
        mail: { transport: sink.url, dispatch: true, pollMs: 50, retry: { baseMs: 20, maxMs: 100 } },
      } as never);
      try {
        await w.mail.drain();
        await waitUntil(
          async () => (await w.mail.list()).every((m) => m.state === 'sent'),
          20_000,
          'every mail sent',
        );
      } finally {
        await w.dispose();
      }
    }
    const crashMails = sink.messages.filter((m) => m.rcptTo[0]?.startsWith('crash-'));
    tally.mails = crashMails.length;
    expect(new Set(crashMails.map((m) => m.rcptTo[0]))).toEqual(committed);
    expect(crashMails.length).toBe(committed.size);
    expect([...sink.countByMessageId().values()].every((n) => n === 1)).toBe(true);
  }, 120_000);
});
