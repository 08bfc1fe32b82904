import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRuntime, type Runtime } from '@warden/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, 'main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const PASSWORD = 'Cli-Secret-Pass-1';

describe('warden users', () => {
  let dir: string;
  let db: string;
  let app: string;

  /** Runs the real `warden users …` in its own process; `input` is its stdin. */
  const users = (args: string[], input = '') => {
    const r = spawnSync(
      process.execPath,
      ['--no-node-snapshot', '--conditions=@warden/source', '--import', TSX, MAIN, 'users', ...args],
      { cwd: dir, encoding: 'utf8', input, timeout: 60_000 },
    );
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const withDb = (...args: string[]) => [...args, '--db', db, '--app', app];
  /** A runtime of the test's own, for seeding and for checking what the CLI did. */
  const open = () =>
    createRuntime({
      database: db,
      app,
      executor: { workers: 1 },
      mail: { dispatch: false },
      passwords: { ln: 8 },
    });
  const inRuntime = async <T>(fn: (r: Runtime) => T): Promise<T> => {
    const r = await open();
    try {
      return await fn(r);
    } finally {
      await r.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'warden-cli-users-'));
    db = join(dir, 'app.db');
    app = join(dir, 'app.json');
    writeFileSync(
      app,
      JSON.stringify({
        name: 'cliusers',
        baseUrl: 'http://cli.test',
        groups: [{ name: 'staff', label: 'Staff', passwordPolicy: { maxLoginAttempts: 2 } }],
      }),
    );
    await inRuntime(async (r) => {
      const auth = { generatePassword: false, passwordExpired: false, password: PASSWORD };
      const base = { sendWelcomeEmail: false, groups: [{ group: 'staff', primary: true }] };
      await r.store.insert('sys.users', {
        ...base,
        firstName: 'Ann',
        lastName: 'A',
        email: 'ann@cli.test',
        authentication: auth,
      });
      await r.store.insert('sys.users', {
        ...base,
        firstName: 'Bob',
        lastName: 'B',
        email: 'bob@cli.test',
        authentication: auth,
      });
      await r.store.insert('sys.users', {
        ...base,
        firstName: 'Old',
        lastName: 'O',
        email: 'old@cli.test',
        expirationDate: Date.now() - 1000,
        authentication: { generatePassword: false },
      });
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('usage errors exit 2 before touching the database', () => {
    for (const args of [['bogus'], ['sign-in', 'ann@cli.test'], ['list', '--status', 'GONE']]) {
      const r = users(withDb(...args));
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain('Usage: warden <command>');
    }
  });

  it('lists and shows users, as text and as JSON', () => {
    const list = users(withDb('list', '--json'));
    expect(list.code).toBe(0);
    const rows = list.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((u) => u.email).sort()).toEqual(['ann@cli.test', 'bob@cli.test', 'old@cli.test']);
    expect(rows[0]).toMatchObject({ status: 'ACTIVE', groups: ['staff'] });
    const text = users(withDb('list', '--status', 'ACTIVE'));
    expect(text.out).toMatch(/^ann@cli\.test {2}ACTIVE {4}Ann A {2}[0-9a-f-]{36} {2}groups=staff$/m);
    const show = users(withDb('show', 'bob@cli.test'));
    expect(show.code).toBe(0);
    expect(show.out).toContain('email: "bob@cli.test"');
    const missing = users(withDb('show', 'nobody@cli.test'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("notFound: users show: no user with email 'nobody@cli.test'");
  });

  it('sign-in reads the password from stdin and prints a session that verifies', async () => {
    const r = users(withDb('sign-in', 'ann@cli.test', '--password-stdin'), `${PASSWORD}\n`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const token = /^token: ([\w-]{43})$/m.exec(r.out)?.[1];
    expect(token).toBeDefined();
    expect(r.out).not.toContain(PASSWORD);
    expect(await inRuntime(async (rt) => (await rt.users.verify(token!)).fields.email)).toBe('ann@cli.test');

    const wrong = users(withDb('sign-in', 'ann@cli.test', '--password-stdin'), 'not-it\n');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('forbidden: signIn: invalid email or password');
    expect(wrong.err).not.toContain('not-it');
  });

  it('block, activate and deactivate change the status; deactivate ends sessions', async () => {
    const signIn = () => users(withDb('sign-in', 'bob@cli.test', '--password-stdin'), PASSWORD);
    const first = signIn();
    const token = /^token: ([\w-]{43})$/m.exec(first.out)![1]!;
    expect(users(withDb('block', 'bob@cli.test')).out).toBe('bob@cli.test: BLOCKED\n');
    expect(signIn().code).toBe(1);
    expect(users(withDb('activate', 'bob@cli.test')).out).toBe('bob@cli.test: ACTIVE\n');
    const second = /^token: ([\w-]{43})$/m.exec(signIn().out)![1]!;
    expect(users(withDb('deactivate', 'bob@cli.test')).out).toBe('bob@cli.test: INACTIVE\n');
    await inRuntime(async (rt) => {
      // Revoked, not merely refused while INACTIVE: activating again does not revive them.
      await rt.users.activate((await rt.store.findOne('sys.users', 'bob@cli.test'))!);
      for (const t of [token, second]) {
        await expect(rt.users.verify(t)).rejects.toThrow(expect.objectContaining({ code: 'forbidden' }));
      }
    });
  });

  it('reset prints a link that completes; sweep deactivates expired accounts', async () => {
    const reset = users(withDb('reset', 'ann@cli.test'));
    expect(reset.code).toBe(0);
    const code = /^http:\/\/cli\.test\/reset-password\?code=([\w-]{43})$/m.exec(reset.out)?.[1];
    expect(code).toBeDefined();
    await inRuntime((rt) => rt.users.completePasswordReset(code!, 'Changed-Pass-2'));
    expect(users(withDb('sweep')).out).toBe('expired: 1\n');
    expect(users(withDb('sweep')).out).toBe('expired: 0\n');
    expect(users(withDb('show', 'old@cli.test')).out).toContain('status: "INACTIVE"');
  });
});
