import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime } from '@warden/runtime';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJobsApp } from '../support/jobs-app.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-schedules-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = (database: string, app: string, jobs: Record<string, unknown> = {}) =>
  createRuntime({
    database,
    app,
    executor: { workers: 1 },
    mail: { dispatch: false },
    passwords: { ln: 12 },
    jobs: { pollMs: 50, ...jobs },
  });

describe('schedules', () => {
  it('two runtimes on one database fire each tick once', async () => {
    const app = writeJobsApp(join(dir, 'two'), {
      schedules: [
        {
          name: 'beat',
          cron: '* * * * * *',
          source: `var m = sys.data.createRecord('marks'); m.field('name').val('beat:' + schedule.tick); sys.data.save(m);`,
        },
      ],
    });
    const database = join(dir, 'two', 'app.db');
    const a = await open(database, app);
    const b = await open(database, app);
    await sleep(3500);
    await Promise.all([a.close(), b.close()]);
    const db = new Database(database, { readonly: true });
    const marks = db
      .prepare("SELECT json_extract(data, '$.name') AS n FROM rec_marks")
      .pluck()
      .all() as string[];
    const ticks = db
      .prepare("SELECT tick, job_id FROM _warden_schedule_ticks WHERE schedule = 'beat'")
      .all() as {
      tick: number;
      job_id: string;
    }[];
    const jobs = db
      .prepare("SELECT status, COUNT(*) AS n FROM _warden_jobs WHERE type = 'schedule' GROUP BY status")
      .all();
    db.close();
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(marks).size).toBe(marks.length); // no tick fired twice
    expect(marks.length).toBe(ticks.filter((t) => t.job_id).length);
    for (const t of ticks) expect(t.tick % 1000).toBe(0);
    expect(jobs).toEqual([{ status: 'FINISHED', n: marks.length }]);
  });

  it('missed ticks: skip fires none of them, runOnce fires one job for all', async () => {
    const app = writeJobsApp(join(dir, 'missed'), {
      schedules: [
        { name: 'skipper', cron: '0 0 * * * *', action: 'count', missed: 'skip' },
        { name: 'catcher', cron: '0 0 * * * *', action: 'count', missed: 'runOnce' },
      ],
    });
    const database = join(dir, 'missed', 'app.db');
    // The runtime was down for three hours (three hourly ticks missed): the schedules were known since then.
    const first = await open(database, app, { run: false });
    await first.close();
    const db = new Database(database);
    const since = Date.now() - 3 * 3600_000;
    db.prepare('INSERT INTO _warden_schedules (name, since) VALUES (?, ?), (?, ?)').run(
      'skipper',
      since,
      'catcher',
      since,
    );
    db.close();
    const w = await open(database, app, { graceMs: 0 });
    await sleep(600);
    await w.jobs.drain();
    const jobs = await w.jobs.list({ type: 'schedule' });
    await w.close();
    expect(jobs.map((j) => j.label)).toEqual(['Schedule catcher']);
    expect(jobs[0]).toMatchObject({ status: 'FINISHED', hasErrors: false });
  });

  it('an invalid cron expression or missed mode is refused at createRuntime, naming the path', async () => {
    const app = writeJobsApp(join(dir, 'bad'), {
      schedules: [{ name: 'x', cron: 'every day', source: 'return 1;', missed: 'sometimes' }],
    });
    await expect(open(join(dir, 'bad', 'app.db'), app)).rejects.toMatchObject({
      code: 'badRequest',
      message: expect.stringMatching(
        /schedules\[0\]\.cron: is not a valid cron expression.*schedules\[0\]\.missed/,
      ),
    });
  });
});
