import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, type Runtime } from '@warden/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJobsApp } from '../support/jobs-app.js';

let dir: string;
let w: Runtime;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warden-actions-'));
  w = await createRuntime({
    database: join(dir, 'app.db'),
    app: writeJobsApp(dir),
    executor: { workers: 2 },
    mail: { dispatch: false },
    passwords: { ln: 12 },
    jobs: { pollMs: 50 },
  });
});
afterAll(async () => {
  await w.close();
  rmSync(dir, { recursive: true, force: true });
});

const newTicket = async (title: string) =>
  (await w.store.insert('tickets', { title })) as { id: string; version: number };

describe('actions through scripts', () => {
  it('record.action runs the file script with record and params, saves the record and returns it', async () => {
    const t = await newTicket('printer');
    const { value } = await w.run(
      `var r = sys.data.findById('tickets', id);
       var out = r.action('close', { note: 'fixed' });
       return { same: out === r, status: r.field('status').val(), version: r.toJson().version };`,
      { params: { id: t.id } },
    );
    expect(value).toEqual({ same: true, status: 'closed', version: t.version + 1 });
    const stored = await w.store.findById('tickets', t.id);
    expect(stored?.fields).toMatchObject({ status: 'closed', note: 'fixed' });
  });

  it('an action that returns a value answers it; parameters are type-checked', async () => {
    const t = await newTicket('desk');
    const { value } = await w.run(`return sys.data.findById('tickets', id).action('score', { n: 21 });`, {
      params: { id: t.id },
    });
    expect(value).toEqual({ title: 'desk', n: 42 });
    await expect(
      w.run(`sys.data.findById('tickets', id).action('score', { n: 'x', other: 1 });`, {
        params: { id: t.id },
      }),
    ).rejects.toMatchObject({
      code: 'validationErrors',
      message: expect.stringContaining("Record.action: invalid parameters of 'score'"),
    });
    await expect(
      w.run(`sys.data.findById('tickets', id).action('close', {});`, { params: { id: t.id } }),
    ).rejects.toMatchObject({
      code: 'validationErrors',
      message: expect.stringContaining("'note' is required"),
    });
    await expect(
      w.run(`sys.data.findById('tickets', id).action('nope');`, { params: { id: t.id } }),
    ).rejects.toMatchObject({
      code: 'notFound',
      message: expect.stringContaining("Record.action: no action of 'tickets' named 'nope'"),
    });
  });

  it('a failing action fails the calling run with its code and line, and rolls everything back', async () => {
    const t = await newTicket('chair');
    await expect(
      w.run(
        `var m = sys.data.createRecord('marks'); m.field('name').val('before'); sys.data.save(m);
         sys.data.findById('tickets', id).action('score', { n: 1 }); sys.data.executeGlobalAction('nope', {}, {async: false});`,
        { params: { id: t.id } },
      ),
    ).rejects.toMatchObject({ code: 'notFound' });
    expect(await w.store.count('marks', { name: 'before' })).toBe(0);
  });

  it('executeGlobalAction with async false answers the action value; by default it returns a job id', async () => {
    const { value } = await w.run(`return sys.data.executeGlobalAction('count', {}, { async: false });`);
    expect(typeof value).toBe('number');
    const job = await w.run(`return sys.data.executeGlobalAction('count');`);
    expect(job.value).toMatch(/^[0-9a-f-]{36}$/);
    await w.jobs.drain();
    const info = await w.jobs.get(job.value as string);
    expect(info).toMatchObject({
      status: 'FINISHED',
      hasErrors: false,
      type: 'action',
      label: 'Count tickets',
    });
    expect(typeof info!.results).toBe('number');
  });

  it('executeAction on many records runs as one job that reports progress and touches each record once', async () => {
    for (let i = 0; i < 45; i++) await newTicket(`bulk-${i}`);
    const seen: number[] = [];
    const off = w.jobs.on('progress', (e) => e.progress && seen.push(e.progress.done));
    const { value: id } = await w.run(
      `return sys.data.executeAction('tickets', { title: 'like(bulk-)' }, 'touch', {});`,
    );
    await w.jobs.drain();
    await new Promise((r) => setTimeout(r, 250));
    off();
    const info = await w.jobs.get(id as string);
    expect(info).toMatchObject({ status: 'FINISHED', type: 'actionMany', results: { records: 45 } });
    expect(info!.progress).toEqual({ done: 45, total: 45 });
    expect(await w.store.count('tickets', { title: 'like(bulk-)', touched: 1 })).toBe(45);
    expect(seen.at(-1)).toBe(45);
  });

  it('a job started by a run does not exist if the run fails, and the run cannot wait for it', async () => {
    await expect(
      w.run(`var id = sys.data.executeGlobalAction('count'); sys.jobs.waitForJob(id, 'FINISHED', 1000);`),
    ).rejects.toMatchObject({
      code: 'badRequest',
      message: expect.stringContaining('begins only once the run commits'),
    });
    expect((await w.jobs.list()).filter((j) => j.status === 'PENDING')).toEqual([]);
  });

  it('a later run waits for the job and reads it; bulk delete by query runs as a job', async () => {
    for (let i = 0; i < 5; i++) await newTicket(`gone-${i}`);
    const { value: jobId } = await w.run(
      `return sys.data.delete('tickets', { title: 'like(gone-)' }, { executeInBackground: true });`,
    );
    const { value } = await w.run(
      `var j = sys.jobs.waitForJob(id, 'FINISHED', 10000);
       return { status: j.status(), results: j.results(), errors: j.hasErrors(), type: j.type() };`,
      { params: { id: jobId } },
    );
    expect(value).toEqual({ status: 'FINISHED', results: { deleted: 5 }, errors: false, type: 'delete' });
    expect(await w.store.count('tickets', { title: 'like(gone-)' })).toBe(0);
  });
});

describe('actions from the host', () => {
  it('runtime.actions.execute runs a record action and a global one', async () => {
    const t = await newTicket('lamp');
    const record = (await w.actions.execute('close', {
      entity: 'tickets',
      id: t.id,
      params: { note: 'host' },
    })) as {
      status: string;
    };
    expect(record).toMatchObject({ status: 'closed', note: 'host' });
    expect(await w.actions.execute('count', { background: false })).toEqual(expect.any(Number));
    const jobId = await w.actions.execute('touch', { entity: 'tickets', query: { title: 'lamp' } });
    await w.jobs.drain();
    expect(await w.jobs.get(jobId as string)).toMatchObject({ status: 'FINISHED', results: { records: 1 } });
    await expect(w.actions.execute('close', { entity: 'tickets', params: {} })).rejects.toMatchObject({
      code: 'badRequest',
    });
  });
});
