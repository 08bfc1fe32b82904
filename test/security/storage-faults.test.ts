import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRuntime, type Runtime } from '@warden/runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_APP } from '../support/test-runtime.js';
import { LEAKS } from './security-kit.js';

// Storage faults, made for real: a full tmpfs, a read-only mount, a file made read-only by chmod
// for an unprivileged user (root ignores file modes). Each must end in a coded error that names
// the cause, and the host must recover by itself once the cause is gone.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const FIXTURE = join(import.meta.dirname, 'fixtures', 'read-only-host.ts');
const NOBODY = 65534;
const SAVE =
  "var c = sys.data.createRecord('companies'); c.field('name').val(name); sys.data.save(c); return c.id();";

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'pipe' });
/** Flips a bind mount's read-only flag; the kernel answers EBUSY while a just-closed writer lingers. */
async function remount(path: string, mode: 'ro' | 'rw') {
  for (let attempt = 0; ; attempt++) {
    try {
      sh('mount', ['-o', `remount,bind,${mode}`, path]);
      return;
    } catch (error) {
      if (attempt >= 40) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
// The example app plus an entity with a long text, to fill a disk quickly.
const APP = JSON.parse(readFileSync(EXAMPLE_APP, 'utf8'));
APP.entities.notes = { fields: { body: { type: 'longText' } } };
const open = (database: string) =>
  createRuntime({
    database,
    app: APP,
    executor: { workers: 1 },
    passwords: { ln: 10 },
    mail: { dispatch: false },
    logger: { error: () => {} },
  });
const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e) => e as { code: string; message: string; info: { code?: string } },
  );

describe('storage faults are named, and the host recovers without manual steps', () => {
  let dir: string;
  const mounts: string[] = [];
  let runtime: Runtime | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-storage-'));
  });
  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    for (const m of mounts.splice(0).reverse()) sh('umount', [m]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a full disk fails the run with systemException diskFull, and runs succeed once space is freed', async () => {
    const disk = join(dir, 'disk');
    mkdirSync(disk);
    sh('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', disk]);
    mounts.push(disk);
    runtime = await open(join(disk, 'app.db'));
    expect((await runtime.run(SAVE, { params: { name: 'before' } })).value).toMatch(/^[0-9a-f-]{36}$/);
    // Leave a few hundred KB free, then ask for more than that in one run.
    const filler = join(disk, 'filler');
    const free = Number(execFileSync('df', ['--output=avail', '-B1', disk]).toString().split('\n')[1]);
    writeFileSync(filler, Buffer.alloc(Math.max(0, free - 300 * 1024)));
    const big = 'x'.repeat(60_000);
    const fill =
      "for (var i = 0; i < 40; i++) { var n = sys.data.createRecord('notes'); n.field('body').val(i + big); sys.data.save(n); } return 1;";
    const error = await failureOf(runtime.run(fill, { params: { big } }));
    expect(error, 'the run should fail').not.toBeNull();
    expect(error!.code).toBe('systemException');
    expect(error!.info.code).toBe('diskFull');
    expect(error!.message).toMatch(/^(data\.save|data\.saveMany|commit): the database's disk is full/);
    expect(error!.message).not.toMatch(LEAKS);
    // Nothing of the failed run was kept.
    expect((await runtime.run("return sys.data.count('notes');")).value).toBe(0);
    rmSync(filler);
    expect((await runtime.run(fill, { params: { big } })).value).toBe(1);
    expect((await runtime.run("return sys.data.count('notes');")).value).toBe(40);
  });

  it('a read-only mount is refused at createRuntime with the cause named, and the host opens once it is writable again', async () => {
    const data = join(dir, 'data');
    mkdirSync(data);
    sh('mount', ['--bind', data, data]);
    mounts.push(data);
    const database = join(data, 'app.db');
    await (await open(database)).close();
    await remount(data, 'ro');
    const refused = await failureOf(open(database));
    expect(refused).toMatchObject({
      code: 'systemException',
      message: `openStore: the database file '${database}' is read-only`,
      info: { code: 'readOnly' },
    });

    // Writable again: the same call succeeds, nothing to repair by hand. (The kernel refuses to make
    // a mount read-only while a file on it is open for writing, so a running host meets a read-only
    // file only through its mode: the chmod test below.)
    await remount(data, 'rw');
    runtime = await open(database);
    expect((await runtime.run(SAVE, { params: { name: 'one' } })).value).toBeTruthy();
    expect((await runtime.run("return sys.data.count('companies');")).value).toBe(1);
  });

  it('chmod as an unprivileged user: named at worker start and createRuntime, and WAL files left read-only are repaired', () => {
    chownSync(dir, NOBODY, NOBODY);
    const r = spawnSync(
      'runuser',
      [
        '-u',
        'nobody',
        '--',
        process.execPath,
        '--no-node-snapshot',
        '--conditions=@warden/source',
        '--import',
        TSX,
        FIXTURE,
        dir,
        EXAMPLE_APP,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stderr).toBe('');
    const steps = Object.fromEntries(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .map((s) => [s.step, s]),
    );
    const database = join(dir, 'app.db');
    expect(steps['run while read-only']).toMatchObject({
      ok: false,
      code: 'systemException',
      cause: 'readOnly',
      message: `The worker process failed to start: openStore: the database file '${database}' is read-only`,
    });
    expect(steps['run after the mode is restored']).toMatchObject({ ok: true });
    expect(steps['createRuntime while read-only']).toMatchObject({
      ok: false,
      code: 'systemException',
      cause: 'readOnly',
      message: `openStore: the database file '${database}' is read-only`,
      // What the reader left: WAL files with the database's read-only mode.
      modes: { 'app.db': '444', 'app.db-wal': '444', 'app.db-shm': '444' },
    });
    expect(steps['createRuntime after the mode is restored']).toMatchObject({ ok: true });
  });
});
