import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRuntime } from '@warden/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, 'main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

describe('warden users create|delete|set-password|groups', () => {
  let dir: string;
  let db: string;
  let app: string;
  const users = (args: string[], input = '') => {
    const r = spawnSync(
      process.execPath,
      [
        '--no-node-snapshot',
        '--conditions=@warden/source',
        '--import',
        TSX,
        MAIN,
        'users',
        ...args,
        '--db',
        db,
        '--app',
        app,
      ],
      { cwd: dir, encoding: 'utf8', input, timeout: 60_000 },
    );
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const check = async (email: string, password: string) => {
    const r = await createRuntime({ database: db, app, executor: { workers: 1 }, mail: { dispatch: false } });
    try {
      const user = await r.store.findOne('sys.users', email);
      return { user, ok: user ? await r.users.verifyPassword(user.id!, password) : false };
    } finally {
      await r.close();
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-cli-admin-'));
    db = join(dir, 'app.db');
    app = join(dir, 'app.json');
    writeFileSync(
      app,
      JSON.stringify({
        name: 'admin',
        baseUrl: 'http://admin.test',
        groups: [
          { name: 'staff', label: 'Staff', passwordPolicy: { minLength: 12 } },
          { name: 'ops', label: 'Ops' },
        ],
      }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('create takes the password from stdin, never argv; set-password checks the policy; groups change', async () => {
    const created = users(
      [
        'create',
        'ann@admin.test',
        '--first-name',
        'Ann',
        '--last-name',
        'A',
        '--group',
        'staff',
        '--password-stdin',
      ],
      'First-Password-1\n',
    );
    expect(created.err).toBe('');
    expect(created.out).toMatch(/^created ann@admin\.test \(/);
    expect((await check('ann@admin.test', 'First-Password-1')).ok).toBe(true);

    // A password on the command line is refused: there is no flag for it.
    expect(users(['set-password', 'ann@admin.test', '--password', 'x']).code).toBe(2);
    // Without --password-stdin and without a terminal there is nowhere to read it from.
    expect(users(['set-password', 'ann@admin.test']).code).toBe(2);
    const short = users(['set-password', 'ann@admin.test', '--password-stdin'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.err).toMatch(/^validationErrors: /);
    expect(users(['set-password', 'ann@admin.test', '--password-stdin'], 'Second-Password-2\n').code).toBe(0);
    const after = await check('ann@admin.test', 'Second-Password-2');
    expect(after.ok).toBe(true);

    expect(users(['groups', 'ann@admin.test', '--add', 'ops', '--primary', 'ops']).out).toBe(
      'ann@admin.test: staff, ops (primary)\n',
    );
    expect(users(['groups', 'ann@admin.test', '--remove', 'staff']).out).toBe(
      'ann@admin.test: ops (primary)\n',
    );
    const groups = (await check('ann@admin.test', '')).user!.fields.groups as { group: string }[];
    expect(groups.map((g) => g.group)).toEqual(['ops']);
  }, 120_000);

  it('create without a password prints a link to set one; delete removes the user; unknown emails are notFound', async () => {
    const r = users(['create', 'bob@admin.test', '--first-name', 'Bob', '--last-name', 'B']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/no password yet; set one at http:\/\/admin\.test\/\S+/);
    expect(users(['delete', 'bob@admin.test']).out).toBe('deleted bob@admin.test\n');
    expect((await check('bob@admin.test', '')).user).toBeNull();
    const gone = users(['delete', 'bob@admin.test']);
    expect(gone.code).toBe(1);
    expect(gone.err).toBe("notFound: users delete: no user with email 'bob@admin.test'\n");
  });
});
