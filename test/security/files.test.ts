import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, isWardenError } from '@warden/runtime';
import { STORE_SCHEMA_VERSION } from '@warden/store';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_APP } from '../support/test-runtime.js';

// Files an app definition or a database path points at: hook scripts outside the app's folder,
// files that are not what they claim to be.
const base = JSON.parse(readFileSync(EXAMPLE_APP, 'utf8'));
const SECRET = 'TOKEN_A1 TOKEN_B2 hunter2';

describe('hook script paths stay inside the app folder', () => {
  let root: string;
  let dir: string;
  let secret: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'warden-files-'));
    dir = join(root, 'app');
    mkdirSync(join(dir, 'hooks'), { recursive: true });
    mkdirSync(join(root, 'private'));
    secret = join(root, 'private', 'secret.js');
    writeFileSync(secret, SECRET);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const open = (hooks: unknown[]) => {
    const app = join(dir, 'app.json');
    writeFileSync(app, JSON.stringify({ ...base, hooks }));
    return createRuntime({
      database: join(dir, 'app.db'),
      app,
      executor: { workers: 1 },
      passwords: { ln: 12 },
      mail: { dispatch: false },
      logger: { error: () => {} },
    });
  };
  const hook = (name: string, script: string) => ({ name, event: 'record.created', when: 'before', script });

  /** Opening with this hook fails with a coded badRequest on `hooks[0].script` that names the hook and the path as written. */
  async function refused(script: string, code: string) {
    const error = await open([hook('steal', script)]).then(
      async (rt) => {
        await rt.close();
        return null;
      },
      (e) => e,
    );
    expect(error, script).not.toBeNull();
    expect(error.code).toBe('badRequest');
    expect(error.errors).toEqual([{ field: 'hooks[0].script', code, message: expect.any(String) }]);
    expect(error.message).toContain("(hook 'steal')");
    expect(error.message).toContain(`'${script}'`);
    expect(error.message).not.toContain('TOKEN_');
    expect(error.message.replace(`'${script}'`, '')).not.toContain(root);
    return error;
  }

  it('refuses a relative path that climbs out, and an absolute one, naming the hook and the path as written', async () => {
    await refused('../../../../etc/passwd', 'outsideApp');
    await refused('../private/secret.js', 'outsideApp');
    await refused('hooks/../../private/secret.js', 'outsideApp');
    await refused(secret, 'outsideApp');
    // Absolute is refused even when it points inside the folder: paths are relative to it.
    writeFileSync(join(dir, 'hooks', 'ok.js'), 'return 1;');
    await refused(join(dir, 'hooks', 'ok.js'), 'outsideApp');
  });

  it('refuses a symlink inside the folder that leads out, to a file or through a folder', async () => {
    symlinkSync(secret, join(dir, 'hooks', 'link.js'));
    await refused('hooks/link.js', 'outsideApp');
    symlinkSync(join(root, 'private'), join(dir, 'shared'));
    await refused('shared/secret.js', 'outsideApp');
    // A link that stays inside is fine.
    writeFileSync(join(dir, 'hooks', 'real.js'), 'return 1;');
    symlinkSync(join(dir, 'hooks', 'real.js'), join(dir, 'alias.js'));
    const rt = await open([hook('fine', 'alias.js')]);
    expect(rt.hooks.list().map((h) => h.name)).toEqual(['fine']);
    await rt.close();
  });

  it('reads only regular .js files: no dotfiles, no FIFOs', async () => {
    writeFileSync(join(dir, '.env'), 'DB_PASSWORD=hunter2');
    await refused('.env', 'invalid');
    await refused('app.json', 'invalid');
    execFileSync('mkfifo', [join(dir, 'hooks', 'pipe.js')]);
    const started = Date.now();
    await refused('hooks/pipe.js', 'invalid');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a hook file that does not compile fails with V8's reason and its line, never the file's text", async () => {
    writeFileSync(join(dir, 'hooks', 'leak.js'), `// header\n${SECRET}\n`);
    const rt = await open([
      { name: 'leak', event: 'record.created', entity: 'companies', when: 'before', script: 'hooks/leak.js' },
    ]);
    try {
      const error = await rt
        .run("var c = sys.data.createRecord('companies'); c.field('name').val('x'); sys.data.save(c);")
        .catch((e) => e);
      expect(error.code).toBe('javascriptException');
      expect(error.message).toMatch(/^hook 'leak' failed: SyntaxError: Unexpected identifier \(leak\.js:2\)/);
      expect(JSON.stringify({ ...error, message: error.message })).not.toMatch(/TOKEN_|hunter2/);
    } finally {
      await rt.close();
    }
  });
});

describe('database files that are not what they claim', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-dbfiles-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = (database: string, extra: object = {}) =>
    createRuntime({
      database,
      app: EXAMPLE_APP,
      executor: { workers: 1 },
      passwords: { ln: 12 },
      mail: { dispatch: false },
      logger: { error: () => {} },
      ...extra,
    });
  /** createRuntime's error for this file: a coded WardenError whose message names the file as given. */
  async function refusal(database: string, extra: object = {}) {
    const error = await open(database, extra).then(
      async (rt) => {
        await rt.close();
        return null;
      },
      (e) => e,
    );
    expect(error, database).not.toBeNull();
    expect(isWardenError(error), String(error?.stack)).toBe(true);
    expect(error.message).toContain(`the database file '${database}'`);
    expect(error.message).not.toMatch(/SQLITE_|SELECT |_warden_meta WHERE/);
    return error as { code: string; message: string; info: { code: string } };
  }
  const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  /** A Warden database made and closed by a runtime, so that everything is in the main file. */
  async function wardenDb(name: string) {
    const database = join(dir, name);
    await (await open(database)).close();
    return database;
  }

  it('a file that is not a database is refused as such, and left as it was (an empty one is a new database)', async () => {
    const database = join(dir, 'notes.db');
    writeFileSync(database, 'shopping list: milk, eggs\n'.repeat(200));
    const before = sha(database);
    const error = await refusal(database);
    expect(error.code).toBe('badRequest');
    expect(error.info.code).toBe('notADatabase');
    expect(error.message).toBe(`openStore: the database file '${database}' is not a database file`);
    expect(sha(database)).toBe(before);
    // An empty file, by contrast, is a new database.
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    const rt = await open(empty);
    expect(await rt.run('return 1;').then((r) => r.value)).toBe(1);
    await rt.close();
  });

  it("another application's database is refused untouched, and adopted only when the embedder says so", async () => {
    const database = join(dir, 'shop.db');
    const foreign = new Database(database);
    foreign.exec(
      "CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT); INSERT INTO orders (item) VALUES ('milk')",
    );
    foreign.close();
    const before = sha(database);
    const error = await refusal(database);
    expect(error.code).toBe('badRequest');
    expect(error.info.code).toBe('foreignDatabase');
    expect(error.message).toContain("none of Warden's");
    expect(sha(database)).toBe(before);
    const check = new Database(database, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual([
      'orders',
    ]);
    check.close();

    const rt = await open(database, { adoptForeignDatabase: true });
    try {
      expect(await rt.run("return sys.data.count('companies');").then((r) => r.value)).toBe(0);
    } finally {
      await rt.close();
    }
    const after = new Database(database, { readonly: true });
    expect(after.prepare('SELECT item FROM orders').pluck().all()).toEqual(['milk']);
    after.close();
    // Adopted once, it is Warden's: no option needed any more.
    await (await open(database)).close();
    await expect(open(database, { adoptForeignDatabase: 'yes' })).rejects.toMatchObject({
      code: 'badRequest',
    });
  });

  it('a damaged _warden_meta is a coded systemException, whatever the damage', async () => {
    const damage = [
      "UPDATE _warden_meta SET value = 'not json {' WHERE key = 'entities'",
      `UPDATE _warden_meta SET value = '[1,2]' WHERE key = 'entities'`,
      `UPDATE _warden_meta SET value = '{"companies": 5}' WHERE key = 'entities'`,
      "UPDATE _warden_meta SET value = 'one' WHERE key = 'schemaVersion'",
      'DROP TABLE _warden_meta; CREATE TABLE _warden_meta (x TEXT)',
      "DROP TABLE _warden_meta; CREATE TABLE _warden_meta (key TEXT, value BLOB); INSERT INTO _warden_meta VALUES ('entities', x'00')",
    ];
    for (const [i, sql] of damage.entries()) {
      const database = await wardenDb(`meta-${i}.db`);
      const db = new Database(database);
      db.exec(sql);
      db.close();
      const error = await refusal(database);
      expect(error.code, sql).toBe('systemException');
      expect(error.info.code, sql).toBe('damagedMetadata');
      expect(error.message, sql).toContain("Warden's metadata table (_warden_meta)");
    }
  });

  it('a corrupt database file is named as corrupt', async () => {
    const database = await wardenDb('torn.db');
    const bytes = readFileSync(database);
    // Page 1 past the header holds the schema table: scribble over it.
    bytes.fill(0xa5, 100, 4096);
    writeFileSync(database, bytes);
    const error = await refusal(database);
    expect(error.code).toBe('systemException');
    expect(error.info.code).toBe('corrupt');
    expect(error.message).toBe(`openStore: the database file '${database}' is corrupt`);
  });

  it('a schema version newer than the code is refused before anything is written', async () => {
    const database = await wardenDb('future.db');
    const db = new Database(database);
    expect(db.prepare("SELECT value FROM _warden_meta WHERE key = 'schemaVersion'").pluck().get()).toBe(
      String(STORE_SCHEMA_VERSION),
    );
    db.prepare("UPDATE _warden_meta SET value = ? WHERE key = 'schemaVersion'").run(
      String(STORE_SCHEMA_VERSION + 1),
    );
    db.close();
    const before = sha(database);
    const error = await refusal(database);
    expect(error.code).toBe('badRequest');
    expect(error.info.code).toBe('newerSchema');
    expect(error.message).toContain(`schema version ${STORE_SCHEMA_VERSION + 1}, newer than`);
    expect(sha(database)).toBe(before);
    // A database from before schema versions (no row) opens and is stamped with this one.
    const old = await wardenDb('old.db');
    const o = new Database(old);
    o.exec("DELETE FROM _warden_meta WHERE key = 'schemaVersion'");
    o.close();
    await (await open(old)).close();
    const stamped = new Database(old, { readonly: true });
    expect(stamped.prepare("SELECT value FROM _warden_meta WHERE key = 'schemaVersion'").pluck().get()).toBe(
      '1',
    );
    stamped.close();
  });
});
