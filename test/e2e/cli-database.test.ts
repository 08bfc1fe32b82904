import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'packages', 'cli', 'src', 'main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The real `warden` command in its own process. */
function warden(args: string[], cwd: string) {
  const r = spawnSync(
    process.execPath,
    ['--no-node-snapshot', '--conditions=@warden/source', '--import', TSX, MAIN, ...args],
    { cwd, encoding: 'utf8', timeout: 60_000 },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// What an uncaught error prints: a stack frame, Node's source excerpt, or a host path.
const CRASH = /\n\s+at |node:internal|\^\n|Node\.js v|\/work\/|\/tmp\//;

describe('warden CLI on unusual database files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-cli-db-'));
    writeFileSync(join(dir, 'hello.js'), "log('hi');\nreturn 1;\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a text file as --db: one coded line naming the file as given, exit 1, no stack', () => {
    writeFileSync(join(dir, 'notes.db'), 'not a database\n'.repeat(100));
    const r = warden(['run', 'hello.js', '--db', 'notes.db'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).not.toMatch(CRASH);
    expect(r.err).toBe("badRequest: openStore: the database file 'notes.db' is not a database file\n");
  });

  it("another application's database is refused with a hint, and adopted with --adopt-foreign-database", () => {
    const foreign = new Database(join(dir, 'shop.db'));
    foreign.exec('CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT)');
    foreign.close();
    const refused = warden(['users', 'list', '--db', 'shop.db'], dir);
    expect(refused.code).toBe(1);
    expect(refused.err).not.toMatch(CRASH);
    expect(refused.err).toMatch(
      /^badRequest: openStore: the database file 'shop\.db' belongs to another application/,
    );
    expect(refused.err).toContain('--adopt-foreign-database');
    const adopted = warden(['run', 'hello.js', '--db', 'shop.db', '--adopt-foreign-database'], dir);
    expect(adopted.err).toBe('');
    expect(adopted.code).toBe(0);
    expect(adopted.out).toBe('[INFO] hi\n1\n');
  });

  it('a damaged metadata table and a newer schema exit 1 with their coded errors', () => {
    expect(warden(['run', 'hello.js', '--db', 'meta.db'], dir).code).toBe(0);
    const db = new Database(join(dir, 'meta.db'));
    db.exec("UPDATE _warden_meta SET value = '{' WHERE key = 'entities'");
    db.close();
    const damaged = warden(['mail', '--db', 'meta.db'], dir);
    expect(damaged.code).toBe(1);
    expect(damaged.err).not.toMatch(CRASH);
    expect(damaged.err).toMatch(
      /^systemException: openStore: Warden's metadata table \(_warden_meta\) in the database file 'meta\.db' is damaged/,
    );

    expect(warden(['run', 'hello.js', '--db', 'next.db'], dir).code).toBe(0);
    const next = new Database(join(dir, 'next.db'));
    next.exec("UPDATE _warden_meta SET value = '999' WHERE key = 'schemaVersion'");
    next.close();
    const newer = warden(['run', 'hello.js', '--db', 'next.db'], dir);
    expect(newer.code).toBe(1);
    expect(newer.err).not.toMatch(CRASH);
    expect(newer.err).toMatch(
      /^badRequest: openStore: the database file 'next\.db' has schema version 999, newer than/,
    );
  });
});
