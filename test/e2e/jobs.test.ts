import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, type Runtime } from '@warden/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJobsApp } from '../support/jobs-app.js';

let dir: string;
let w: Runtime;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warden-jobs-'));
  w = await createRuntime({
    database: join(dir, 'app.db'),
    app: writeJobsApp(dir),
    executor: { workers: 2 },
    mail: { dispatch: false },
    passwords: { ln: 12 },
    jobs: { pollMs: 20 },
  });
});
afterAll(async () => {
  await w.close();
  rmSync(dir, { recursive: true, force: true });
});

const until = async (fn: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('jobs', () => {
  it('a failing job is retried with doubling backoff, its failed attempts rolled back, then succeeds', async () => {
    const id = (await w.actions.execute('flaky')) as string;
    await until(async () => (await w.jobs.get(id))?.status === 'FINISHED');
    const job = (await w.jobs.get(id))!;
    expect(job).toMatchObject({ status: 'FINISHED', hasErrors: false, attempts: 2, results: 'ok after 2' });
    // The two failed attempts wrote nothing: one mark, from the attempt that committed.
    expect(await w.store.count('marks', { name: 'flaky' })).toBe(1);
    // Backoff 100 ms then 200 ms: the job took at least 300 ms from its creation.
    expect(job.endedAt! - job.createdAt).toBeGreaterThanOrEqual(300);
    const logs = await w.jobs.logs(id);
    expect(logs).toEqual([]); // the flaky action logs nothing
  });

  it('a job out of retries ends FINISHED with errors and the last error', async () => {
    const { value: id } = await w
      .run(`return sys.data.executeGlobalAction('slow', { steps: 'x' });`)
      .catch((e) => ({ value: e }));
    expect(id).toMatchObject({ code: 'validationErrors' });
    const jobId = (await w.actions.execute('count', { background: true })) as string;
    await until(async () => (await w.jobs.get(jobId))?.status === 'FINISHED');
    expect((await w.jobs.get(jobId))!.hasErrors).toBe(false);
  });

  it('cancel: a pending job never runs; a running one is rolled back and ends CANCELED', async () => {
    const runningId = (await w.actions.execute('slow', { params: { steps: 3000, ms: 10 } })) as string;
    await until(async () => (await w.jobs.get(runningId))?.status === 'RUNNING');
    // Another job queued behind it (concurrency 1) is still pending.
    const pendingId = (await w.actions.execute('count')) as string;
    expect(await w.jobs.cancel(pendingId)).toBe('CANCELED');
    await until(async () => (await w.jobs.get(runningId))?.progress !== null);
    expect(await w.jobs.cancel(runningId)).toBe('RUNNING');
    await until(async () => (await w.jobs.get(runningId))?.status === 'CANCELED');
    expect((await w.jobs.get(runningId))!.progress!.done).toBeLessThan(3000);
    expect(await w.store.count('marks', { name: `slow:${runningId}` })).toBe(0);
    expect((await w.jobs.get(pendingId))!.startedAt).toBeNull();
    await expect(w.jobs.cancel('no-such-job')).rejects.toMatchObject({ code: 'notFound' });
  });

  it('progress reported by the job script reaches jobs.on("progress") live, and the end event follows', async () => {
    const seen: number[] = [];
    const ends: string[] = [];
    const offP = w.jobs.on('progress', (e) => e.progress && seen.push(e.progress.done));
    const offE = w.jobs.on('end', (e) => ends.push(`${e.id}:${e.status}`));
    const id = (await w.actions.execute('slow', { params: { steps: 30, ms: 20 } })) as string;
    await until(async () => (await w.jobs.get(id))?.status === 'FINISHED');
    await new Promise((r) => setTimeout(r, 150));
    offP();
    offE();
    expect(seen.length).toBeGreaterThan(2); // several reports while it ran, not one at the end
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(ends).toContain(`${id}:FINISHED`);
    expect((await w.jobs.get(id))!.progress).toEqual({ done: 30, total: 30 });
    expect(await w.store.count('marks', { name: `slow:${id}` })).toBe(1);
  });

  it('sys.jobs calls outside a job are refused with coded errors', async () => {
    await expect(w.run('sys.jobs.setProgress(1, 2);')).rejects.toMatchObject({
      code: 'badRequest',
      message: expect.stringContaining('sys.jobs.setProgress: this run is not a job'),
    });
    await expect(w.run("sys.jobs.waitForJob('missing', 'FINISHED', 10);")).rejects.toMatchObject({
      code: 'notFound',
    });
    await expect(w.run('sys.jobs.getJob(5);')).rejects.toMatchObject({ code: 'badRequest' });
    expect((await w.run("return sys.jobs.getJob('missing');")).value).toBeNull();
  });
});
