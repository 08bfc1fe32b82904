import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRuntime, type Runtime } from '@warden/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childPids } from '../security/security-kit.js';
import { writeJobsApp } from '../support/jobs-app.js';

// Jobs killed mid-way finish exactly once: the job's writes and its FINISHED mark commit in one
// transaction, so a killed attempt leaves nothing, and the job is claimed again.
const FIXTURE = join(import.meta.dirname, 'fixtures', 'job-host.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-job-faults-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = (database: string, app: string) =>
  createRuntime({
    database,
    app,
    executor: { workers: 1 },
    mail: { dispatch: false },
    passwords: { ln: 8 },
    logger: { error: () => {} },
    jobs: { pollMs: 20, retryBaseMs: 50 },
  });

async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(20);
  }
}

describe('jobs under faults', () => {
  it('a job whose worker is SIGKILLed mid-way runs again and finishes exactly once', async () => {
    const app = writeJobsApp(join(dir, 'worker'));
    const w: Runtime = await open(join(dir, 'worker', 'app.db'), app);
    try {
      let done = 0;
      w.jobs.on('progress', (e) => {
        done = e.progress?.done ?? 0;
      });
      const id = (await w.actions.execute('grind', { params: { steps: 40 } })) as string;
      await waitFor(async () => done >= 5);
      const workers = childPids();
      expect(workers.length).toBe(1);
      process.kill(workers[0]!, 'SIGKILL');
      const job = await waitFor(async () => {
        const j = await w.jobs.get(id);
        return j?.status === 'FINISHED' && j;
      });
      expect(job).toMatchObject({ hasErrors: false, lost: 1, attempts: 0, results: 40 });
      expect(await w.store.count('marks', { name: `grind:${id}` })).toBe(1);
    } finally {
      await w.close();
    }
  });

  it('a job whose host process is SIGKILLed mid-way is taken over by a new runtime and finishes exactly once', async () => {
    const app = writeJobsApp(join(dir, 'host'));
    const database = join(dir, 'host', 'app.db');
    const child = spawn(
      process.execPath,
      ['--no-node-snapshot', '--conditions=@warden/source', '--import', TSX, FIXTURE, database, app],
      {
        detached: true,
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    let jobId = '';
    let done = 0;
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        const m = /^progress (\S+) (\d+)/.exec(line);
        if (m) {
          jobId = m[1]!;
          done = Number(m[2]);
        }
      }
    });
    await waitFor(async () => done >= 5, 60_000);
    process.kill(-child.pid!, 'SIGKILL'); // the host and its worker
    await new Promise((r) => (child.exitCode !== null || child.signalCode ? r(null) : child.once('exit', r)));
    await sleep(100);
    const w = await open(database, app);
    try {
      const job = await waitFor(async () => {
        const j = await w.jobs.get(jobId);
        return j?.status === 'FINISHED' && j;
      }, 60_000);
      expect(job).toMatchObject({ hasErrors: false, lost: 1, results: 200 });
      expect(await w.store.count('marks', { name: `grind:${jobId}` })).toBe(1);
      expect(await w.store.count('marks', {})).toBe(1);
    } finally {
      await w.close();
    }
  }, 120_000);
});
