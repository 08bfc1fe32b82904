import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../support/test-runtime.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'packages', 'cli', 'src', 'main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Runs the real `warden` command in its own process, as `pnpm warden` does. */
function warden(args: string[], cwd: string) {
  const r = spawnSync(
    process.execPath,
    ['--no-node-snapshot', '--conditions=@warden/source', '--import', TSX, MAIN, ...args],
    { cwd, encoding: 'utf8', timeout: 60_000 },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('warden CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('usage errors exit 2 with the usage text', () => {
    for (const args of [
      [],
      ['bogus'],
      ['run'],
      ['run', 'a.js', '--nope'],
      ['run', 'a.js', '--timeout', 'soon'],
    ]) {
      const r = warden(args, dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain('Usage: warden <command>');
    }
    const help = warden(['help'], dir);
    expect(help.code).toBe(0);
    expect(help.out).toContain('warden <command>');
  });

  it('init writes a starter app that run executes; init refuses to overwrite', () => {
    const app = join(dir, 'starter');
    expect(warden(['init', app], dir).code).toBe(0);
    expect(existsSync(join(app, 'app.json'))).toBe(true);
    const again = warden(['init', app], dir);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already exist');

    const r = warden(['run', 'hello.js'], app);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\[INFO\] saved ACME \d+ as [0-9a-f-]{36}\n1\n$/);
  });

  it('a failing script exits 1 with code: message and its own line', () => {
    const script = join(dir, 'fail.js');
    writeFileSync(script, "log('before');\n\nsys.exceptions.throwException('notFound', 'no such thing');\n");
    const r = warden(['run', script, '--db', join(dir, 'fail.db')], dir);
    expect(r.code).toBe(1);
    expect(r.out).toBe('[INFO] before\n');
    expect(r.err).toContain('notFound: no such thing');
    expect(r.err.trim()).toBe('notFound: no such thing (fail.js:3)');
  });

  it('--json prints one object per line; --entity and --param reach the script', () => {
    const script = join(dir, 'json.js');
    writeFileSync(script, "sys.logs.warn('careful ' + who);\nreturn sys.data.createRecord().entityName();\n");
    const r = warden(
      [
        'run',
        script,
        '--json',
        '--db',
        join(dir, 'json.db'),
        '--app',
        join(EXAMPLES, 'app.json'),
        '--entity',
        'companies',
        '--param',
        'who="Ada"',
      ],
      dir,
    );
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ level: 'WARN', message: 'careful Ada' });
    expect(lines[1]).toEqual({ result: 'companies' });
  });

  it('mail lists the outbox after a script queued a reset mail', () => {
    const db = join(dir, 'mail.db');
    const app = join(EXAMPLES, 'app.json');
    const setup = warden(
      [
        'run',
        join(EXAMPLES, 'fixtures', 'sample-users.js'),
        '--db',
        db,
        '--app',
        app,
        '--entity',
        'sys.users',
      ],
      dir,
    );
    expect(setup.code).toBe(0);
    expect(
      warden(['run', join(EXAMPLES, 'seed-samples', '03-resetPassword.js'), '--db', db, '--app', app], dir)
        .code,
    ).toBe(0);
    const r = warden(['mail', '--db', db, '--app', app], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('user@company.com');
    expect(r.out).toMatch(/sent/);
    const emls = readdirSync(join(dir, 'mail-mail')).filter((f) => f.endsWith('.eml'));
    expect(emls).toHaveLength(1);
    expect(readFileSync(join(dir, 'mail-mail', emls[0]!), 'utf8')).toContain('user@company.com');
  });

  it('mail retry re-queues dead mail after an outage, and it goes out', () => {
    const db = join(dir, 'mail.db'); // the outbox of the test above: one sent reset mail
    const app = join(EXAMPLES, 'app.json');
    const raw = new Database(db);
    // As a plain mail (the reset mail's body was erased once sent, as a sensitive mail's is).
    raw
      .prepare(
        "UPDATE mail_outbox SET state = 'dead', last_error = 'ECONNREFUSED', attempts = 40, sensitive = 0, text = 'hello'",
      )
      .run();
    raw.close();
    const r = warden(['mail', 'retry', '--to', 'USER@company.com', '--db', db, '--app', app], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/requeued 1/);
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT state FROM mail_outbox').pluck().all()).not.toContain('dead');
    check.close();
    expect(warden(['mail', 'retry', '--db', db, '--app', app], dir).out).toMatch(/requeued 0/);
    expect(warden(['mail', 'resend', '--db', db, '--app', app], dir).code).toBe(2);
  });
});
