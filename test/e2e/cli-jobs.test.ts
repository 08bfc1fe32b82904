import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRuntime, type Runtime } from '@warden/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJobsApp } from '../support/jobs-app.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'packages', 'cli', 'src', 'main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Runs the CLI while the application's runtime (this process) runs the job. */
function warden(
  args: string[],
  cwd: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--no-node-snapshot', '--conditions=@warden/source', '--import', TSX, MAIN, ...args],
      {
        cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

let dir: string;
let app: string;
let w: Runtime;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warden-cli-jobs-'));
  app = writeJobsApp(dir);
  w = await createRuntime({
    database: join(dir, 'app.db'),
    app,
    executor: { workers: 1 },
    mail: { dispatch: false },
    jobs: { pollMs: 20 },
  });
});
afterAll(async () => {
  await w.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('warden jobs', () => {
  it('watch follows a job run by the application until it ends; jobs lists it', async () => {
    const id = (await w.actions.execute('slow', { params: { steps: 200, ms: 30 } })) as string;
    const watched = await warden(
      ['jobs', 'watch', id, '--db', 'app.db', '--app', 'app.json', '--interval', '50'],
      dir,
    );
    expect(watched.stderr).toBe('');
    const lines = watched.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(`job ${id} FINISHED`);
    const figures = lines.filter((l) => /^RUNNING \d+\/200$/.test(l));
    expect(figures.length).toBeGreaterThan(1); // live steps, not only the end
    expect(watched.status).toBe(0);
    const listed = await warden(['jobs', '--json', '--db', 'app.db', '--app', 'app.json'], dir);
    const jobs = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(jobs[0]).toMatchObject({
      id,
      status: 'FINISHED',
      label: 'slow',
      progress: { done: 200, total: 200 },
    });
    const missing = await warden(['jobs', 'watch', 'nope', '--db', 'app.db', '--app', 'app.json'], dir);
    expect(missing.status).toBe(1);
    expect((await warden(['jobs', 'frob', '--db', 'app.db'], dir)).status).toBe(2);
  }, 60_000);
});
