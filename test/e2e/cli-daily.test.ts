import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'packages', 'cli', 'src', 'main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The real `warden` in its own process; `env` adds to (or, undefined, removes from) the environment. */
function warden(
  args: string[],
  cwd: string,
  opts: { input?: string; env?: Record<string, string | undefined> } = {},
) {
  const env = { ...process.env, npm_lifecycle_event: undefined, INIT_CWD: undefined, ...opts.env };
  const r = spawnSync(
    process.execPath,
    ['--no-node-snapshot', '--conditions=@warden/source', '--import', TSX, MAIN, ...args],
    { cwd, encoding: 'utf8', timeout: 60_000, input: opts.input ?? '', env },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('warden CLI for daily use', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-cli-daily-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("--help after a command exits 0 with that command's usage", () => {
    const r = warden(['users', 'create', '--help'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: warden users');
    expect(r.out).toContain('users set-password <email>');
  });

  it('init run through `pnpm warden` writes into the folder it was typed in, and its next step works as printed', () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    // As `pnpm warden init proj` from `sub`: the process starts in the repository root.
    const r = warden(['init', 'proj'], ROOT, { env: { npm_lifecycle_event: 'warden', INIT_CWD: sub } });
    expect(r.code).toBe(0);
    expect(existsSync(join(sub, 'proj', 'hello.js'))).toBe(true);
    expect(existsSync(join(ROOT, 'proj'))).toBe(false);
    const next = /Next: (.*)/.exec(r.out)?.[1];
    expect(next).toBe(`cd "proj" && pnpm --dir ${JSON.stringify(ROOT)} warden run hello.js`);
    const shell = spawnSync('sh', ['-c', next!], { cwd: sub, encoding: 'utf8', timeout: 90_000 });
    expect(shell.stderr).toBe('');
    expect(shell.stdout).toMatch(/\[INFO\] saved ACME \d+ as [0-9a-f-]{36}\n1\n/);
  });

  it('a missing --app file names its path and cause; bad JSON names file, line and column', () => {
    writeFileSync(join(dir, 's.js'), 'return 1;');
    const missing = warden(['run', 's.js', '--app', 'nowhere/app.json'], dir);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("cannot read the app definition 'nowhere/app.json': no such file");
    writeFileSync(join(dir, 'bad.json'), '{\n  "name": "x",\n  "entities": {,}\n}\n');
    const bad = warden(['run', 's.js', '--app', 'bad.json'], dir);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('bad.json:3:16: the app definition is not valid JSON');
  });

  it('mail prints local times, not epoch milliseconds', () => {
    const db = join(dir, 'mail.db');
    writeFileSync(
      join(dir, 'seed.js'),
      "var u = sys.data.createRecord('sys.users'); u.field('firstName').val('M'); u.field('lastName').val('X');" +
        "u.field('email').val('m@x.io'); sys.data.save(u); sys.users.resetPassword(u, { notifyUser: true });",
    );
    expect(warden(['run', 'seed.js', '--db', db], dir).code).toBe(0);
    const list = warden(['mail', '--db', db], dir);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \((now|\d+ seconds? ago)\) +(sent|pending)/m);
    expect(list.out).not.toMatch(/\b1\d{12}\b/);
  });

  it('users import shows progress lines when not a TTY and reports each bad row with its index', () => {
    const users = Array.from({ length: 30 }, (_, i) => ({
      email: `u${i}@import.test`,
      firstName: 'U',
      lastName: String(i),
      groups: ['users'],
    }));
    users.push({ email: 'broken', firstName: '', lastName: '', groups: [] });
    writeFileSync(join(dir, 'users.json'), JSON.stringify(users));
    const db = join(dir, 'import.db');
    const r = warden(['users', 'import', 'users.json', '--db', db], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('importing users: 4/31');
    expect(r.err).toContain('importing users: 31/31');
    expect(r.err).toMatch(/users\.json \[30\] broken: validationErrors: /);
    expect(r.err).toContain('imported 30 of 31 users');
    expect(warden(['users', 'list', '--db', db], dir).out.split('\n').filter(Boolean)).toHaveLength(30);
  });
});
