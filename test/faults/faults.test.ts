import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type SmtpSink, startSmtpSink } from '@warden/mail/testing';
import { createRuntime } from '@warden/runtime';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childPids, report, scale, waitUntil } from '../security/security-kit.js';
import { EXAMPLE_APP } from '../support/test-runtime.js';

// Faults while runs, after-hooks and mail flow between processes on one database: host processes
// (parent and workers) and single workers SIGKILLed at random points, and an SMTP outage. Then a
// fresh runtime recovers with no manual step, and the invariants are checked: integrity, every
// run all or nothing, every after-hook's effect exactly once, every committed mail delivered
// (duplicates only for a kill inside the SMTP acknowledgement window: counted and reported).
const ROUNDS = scale(6, 40); // host kills; each round also kills 1 or 2 workers
const RECORDS = 5; // as in fixtures/fault-host.ts
const FIXTURE = join(import.meta.dirname, 'fixtures', 'fault-host.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const AUDIT = `var n = record.field('name').val();
if (n.indexOf('f-') === 0) {
  var a = sys.data.createRecord('companies'); a.field('name').val('a:' + n + '#' + Math.random());
  sys.data.save(a); }`;
const tally = {
  hostKills: 0,
  workerKills: 0,
  outages: 0,
  runs: 0,
  hookEvents: 0,
  hookLosses: 0,
  hookDuplicates: 0,
  mails: 0,
  mailLosses: 0,
  mailDuplicates: 0,
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function startHost(database: string, app: string, first: number, smtp: string) {
  const child = spawn(
    process.execPath,
    [
      '--no-node-snapshot',
      '--conditions=@warden/source',
      '--import',
      TSX,
      FIXTURE,
      database,
      app,
      String(first),
      smtp,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let committed = 0;
  child.stdout!.on('data', (chunk: Buffer) => {
    committed += chunk
      .toString()
      .split('\n')
      .filter((l) => l.startsWith('committed ')).length;
  });
  return { child, committed: () => committed };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode ? resolve() : child.once('exit', () => resolve()),
  );

describe('faults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-faults-'));
  const database = join(dir, 'faults.db');
  const app = join(dir, 'app.json');
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
    const base = JSON.parse(readFileSync(EXAMPLE_APP, 'utf8'));
    const hooks = [
      { name: 'audit', event: 'record.created', entity: 'companies', when: 'after', source: AUDIT },
    ];
    writeFileSync(app, JSON.stringify({ ...base, hooks }));
  });
  afterAll(async () => {
    report('faults', tally);
    await sink.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`hosts and workers SIGKILLed at random (${ROUNDS} hosts), an SMTP outage: nothing lost, nothing doubled`, async () => {
    const outage = { from: 1, to: Math.min(3, ROUNDS - 1) };
    for (let round = 0; round < ROUNDS; round++) {
      if (round === outage.from) {
        await sink.stop();
        tally.outages++;
      }
      if (round === outage.to) await sink.restart();
      const host = startHost(database, app, (round + 1) * 10_000, sink.url);
      const target = 1 + Math.floor(Math.random() * 3);
      await waitUntil(() => host.committed() >= target, 60_000, 'committed runs');
      // One or two workers die mid-run or mid-hook; the host replaces them and goes on.
      for (let k = 0, n = 1 + Math.floor(Math.random() * 2); k < n; k++) {
        const workers = childPids(host.child.pid!);
        if (workers.length === 0) continue;
        process.kill(workers[Math.floor(Math.random() * workers.length)]!, 'SIGKILL');
        tally.workerKills++;
        await sleep(100 + Math.random() * 300);
      }
      await sleep(Math.random() * 200);
      const workers = childPids(host.child.pid!);
      process.kill(-host.child.pid!, 'SIGKILL');
      tally.hostKills++;
      await exited(host.child);
      await waitUntil(() => workers.every((p) => !alive(p)), 5000, 'workers gone');
    }
    if (ROUNDS <= outage.to) await sink.restart();

    // Recovery: a new runtime with defaults for leases, no manual step.
    const w = await createRuntime({
      database,
      app,
      executor: { workers: 1 },
      passwords: { ln: 8 },
      mail: { transport: sink.url, pollMs: 50, retry: { baseMs: 20, maxMs: 100 } },
      events: { pollMs: 50, retryBaseMs: 20 },
      logger: { error: () => {} },
    });
    const db = new Database(database, { readonly: true });
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    try {
      await waitUntil(
        () =>
          count('SELECT count(*) FROM _warden_events') === 0 &&
          count("SELECT count(*) FROM mail_outbox WHERE state != 'sent'") === 0,
        30_000,
        'the journal and the outbox to empty',
      );
    } finally {
      await w.close();
    }

    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // All or nothing: each run left its user, its mail and all its companies, or none of them.
      const runs = db
        .prepare(
          `SELECT json_extract(data, '$.employees') AS i, count(*) AS n FROM rec_companies
            WHERE json_extract(data, '$.name') LIKE 'f-%' GROUP BY i`,
        )
        .all() as { i: number; n: number }[];
      const users = new Set(
        db
          .prepare(
            "SELECT json_extract(data, '$.email') FROM rec_sys_users WHERE json_extract(data, '$.email') LIKE 'fault-%'",
          )
          .pluck()
          .all() as string[],
      );
      for (const { i, n } of runs) {
        expect(n, `run ${i}`).toBe(RECORDS);
        expect(users.has(`fault-${i}@example.com`), `user of run ${i}`).toBe(true);
      }
      expect(users.size).toBe(runs.length);
      tally.runs = runs.length;
      expect(tally.runs).toBeGreaterThan(ROUNDS);

      // Every after-hook's effect exactly once.
      const names = db
        .prepare(
          "SELECT json_extract(data, '$.name') FROM rec_companies WHERE json_extract(data, '$.name') LIKE 'f-%'",
        )
        .pluck()
        .all() as string[];
      const audits = new Map<string, number>();
      for (const a of db
        .prepare(
          "SELECT json_extract(data, '$.name') FROM rec_companies WHERE json_extract(data, '$.name') LIKE 'a:%'",
        )
        .pluck()
        .all() as string[]) {
        const of = a.slice(2, a.indexOf('#'));
        audits.set(of, (audits.get(of) ?? 0) + 1);
      }
      tally.hookEvents = names.length;
      tally.hookLosses = names.filter((n) => !audits.has(n)).length;
      tally.hookDuplicates = [...audits.values()].reduce((sum, n) => sum + n - 1, 0);
      expect(tally.hookLosses).toBe(0);
      expect(tally.hookDuplicates).toBe(0);
      expect([...audits.keys()].every((k) => names.includes(k))).toBe(true);

      // Every committed mail delivered; a duplicate only where a kill fell between the server's
      // acknowledgement and the `sent` write (same Message-ID, at most one batch per host kill).
      const committed = db
        .prepare(`SELECT message_id FROM mail_outbox WHERE "to" LIKE 'fault-%'`)
        .pluck()
        .all() as string[];
      expect(committed.length).toBe(users.size);
      const received = sink.countByMessageId();
      tally.mails = committed.length;
      tally.mailLosses = committed.filter((id) => !received.has(id)).length;
      tally.mailDuplicates = committed.reduce((sum, id) => sum + Math.max(0, (received.get(id) ?? 0) - 1), 0);
      expect(tally.mailLosses).toBe(0);
      expect(tally.mailDuplicates).toBeLessThanOrEqual(tally.hostKills * 10);
    } finally {
      db.close();
    }
  }, 240_000);
});
